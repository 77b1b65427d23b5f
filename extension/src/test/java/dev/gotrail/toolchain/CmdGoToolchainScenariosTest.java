package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 1, first part: the toolchain-selection scenarios of cmd/go's own testscripts
 * ({@code src/cmd/go/testdata/script/gotoolchain_local.txt}, {@code gotoolchain_path.txt},
 * {@code gotoolchain_loop.txt}, {@code mod_toolchain.txt}), translated from cmd/go's fake versions
 * (go1.500, go1.700) to real toolchains: the invoked go is Debian's go 1.21 (go1.21.13) or go 1.22,
 * {@code go1.22.12} and {@code go1.23.5} commands on PATH stand in for newer toolchains (symlinks to
 * Debian's, as cmd/go's tests put fake ones on PATH), no network. go itself gives the truth
 * ({@code go env GOVERSION GOROOT}, a real {@code go build}); discovery must agree: the version and
 * GOROOT that really run, the file that decided a switch, and an error finding quoting go's
 * decisive line whenever go fails or a build would fail — and none when everything works.
 */
class CmdGoToolchainScenariosTest {

    @TempDir
    Path tmp;

    /**
     * @param script    the cmd/go testscript the scenario comes from
     * @param local     the invoked go (Debian's minor version)
     * @param toolchain GOTOOLCHAIN in the environment ("" = unset: auto from $GOROOT/go.env)
     * @param goMod     the go.mod body after the module line, or null for no module
     * @param goWork    the go.work body, or null for no workspace
     */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                // gotoolchain_local.txt
                s("gotoolchain_local: auto, no go.mod runs the local toolchain", "1.21", "auto", null, null),
                s("gotoolchain_local: path, no go.mod runs the local toolchain", "1.21", "path", null, null),
                s("gotoolchain_local: GOTOOLCHAIN=asdf is a syntax error", "1.21", "asdf", null, null),
                s("gotoolchain_local: a version is used directly", "1.21", "go1.23.5", null, null),
                s("gotoolchain_local: version+auto sets a minimum", "1.21", "go1.22.12+auto", null, null),
                s("gotoolchain_local: version+path sets a minimum", "1.21", "go1.22.12+path", null, null),
                s("gotoolchain_local: auto uses a newer go line", "1.21", "auto", "go 1.23.5\n", null),
                s("gotoolchain_local: auto keeps a newer local toolchain", "1.22", "auto", "go 1.21\n", null),
                s("gotoolchain_local: a toolchain line older than the go line is ignored", "1.21", "auto", "go 1.23.5\n\ntoolchain go1.22.12\n", null),
                s("gotoolchain_local: toolchain default runs the local toolchain", "1.21", "auto", "go 1.21\n\ntoolchain default\n", null),
                s("gotoolchain_local: toolchain default wins, the build is refused", "1.21", "auto", "go 1.23.5\n\ntoolchain default\n", null),
                s("gotoolchain_local: path uses a newer go line", "1.21", "path", "go 1.22.12\n", null),
                s("gotoolchain_local: path with toolchain default, the build is refused", "1.22", "path", "go 1.23.5\n\ntoolchain default\n", null),
                s("gotoolchain_local: min+auto with a newer go line", "1.21", "go1.22.12+auto", "go 1.23.5\n", null),
                s("gotoolchain_local: go.work takes priority over go.mod", "1.21", "auto", "go 1.23.5\n", "go 1.21\n\ntoolchain go1.22.12\n\nuse .\n"),
                s("gotoolchain_local: GOTOOLCHAIN=local refuses a newer go line", "1.22", "local", "go 1.23.5\n", null),
                // gotoolchain_path.txt / gotoolchain_net.txt
                s("gotoolchain_path: a toolchain line, path, found on PATH", "1.21", "path", "go 1.21\n\ntoolchain go1.23.5\n", null),
                s("gotoolchain_path: a version not on PATH, path mode", "1.21", "path", "go 1.23.99\n", null),
                s("gotoolchain_net: a version not on PATH, auto, no network", "1.22", "auto", "go 1.23.99\n", null),
                // gotoolchain_version.txt / the language-version case
                s("gotoolchain_version: a language version is not a toolchain", "1.23", "go1.22", null, null),
                // unset GOTOOLCHAIN: auto comes from $GOROOT/go.env
                s("go.env: unset GOTOOLCHAIN is auto from the toolchain's go.env", "1.21", "", "go 1.22.12\n", null));
    }

    private static Arguments s(String name, String local, String toolchain, String goMod, String goWork) {
        return Arguments.of(name, local, toolchain, goMod, goWork);
    }

    @ParameterizedTest(name = "{0} (go {1})")
    @MethodSource("scenarios")
    void discoveryAgreesWithGo(String name, String local, String toolchain, String goMod, String goWork) {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go(local).getParent());
        lab.toolchainOnPath("go1.22.12", RealTools.go("1.22"));
        lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        if (!toolchain.isEmpty()) {
            lab.env("GOTOOLCHAIN", toolchain);
        }
        Path dir = goMod == null ? lab.dir("plain") : lab.module("m", goMod);
        if (goMod == null) {
            lab.write("plain/main.go", "package main\n\nfunc main() {}\n");
        }
        if (goWork != null) {
            lab.write("m/go.work", goWork);
        }

        // the truth
        CommandResult env = lab.go(dir, "env", "GOVERSION", "GOROOT");
        CommandResult build = lab.go(dir, "build", "-o", "/dev/null", goMod == null ? "main.go" : ".");

        DiscoveryResult result = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", lab.environment(), dir, null));
        List<Finding> findings = result instanceof NoToolchain none ? none.findings() : result.toolchain().orElseThrow().findings();
        List<Finding> errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        String report = name + "\ngo env: " + env.describe() + "\n" + env.stdout() + env.stderr() + "\ngo build: " + build.describe()
                + "\n" + build.stderr() + "\nfindings: " + findings;

        if (env.exitCode() != 0) {
            String goSays = GoErrorLine.of(env.stderr());
            assertThat(goSays).doesNotStartWith("go: downloading");
            assertThat(errors).as(report).anySatisfy(f -> assertThat(f.message()).contains("go says: " + goSays));
            return;
        }
        GoToolchain t = result.toolchain().orElseThrow(() -> new AssertionError(report));
        List<String> truth = env.stdout().lines().toList();
        assertThat(t.version()).as(report).hasToString(truth.get(0));
        assertThat(t.goroot()).as(report).isEqualTo(PathLookup.real(Path.of(truth.get(1))));
        String localVersion = lab.shell(dir, "GOTOOLCHAIN=local go env GOVERSION").stdout().strip();
        boolean switched = !truth.get(0).equals(localVersion);
        assertThat(t.toolchainSwitch().isPresent()).as(report).isEqualTo(switched);
        if (switched) {
            ToolchainSwitch sw = t.toolchainSwitch().orElseThrow();
            if (goWork != null) {
                assertThat(sw.cause()).as(report).contains(dir.resolve("go.work").toString());
            } else if (goMod != null && (toolchain.isEmpty() || toolchain.equals("auto") || toolchain.equals("path")
                    || toolchain.endsWith("+auto") || toolchain.endsWith("+path"))) {
                assertThat(sw.cause()).as(report).contains(dir.resolve("go.mod").toString());
            } else {
                assertThat(sw.cause()).as(report).contains("GOTOOLCHAIN=" + toolchain + " from the environment");
            }
        }
        if (build.exitCode() != 0) {
            String goSays = GoErrorLine.of(build.stderr());
            assertThat(errors).as(report).anySatisfy(f -> assertThat(f.message()).contains("go says: " + goSays));
        } else {
            assertThat(errors).as(report).isEmpty();
        }
    }
}
