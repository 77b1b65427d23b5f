package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.CmdGoScenario;
import dev.gotrail.testsupport.GoLab;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 1, third part: the rest of cmd/go's testscripts about which toolchain or GOROOT go
 * uses or why it refuses ({@link CmdGoScenario#catalog()}: gotoolchain_issue66175, mod_toolchain_slash,
 * mod_goroot_errors, env_changed, gotoolchain_modcmds, work_use/work_sync_toolchain,
 * mod_download_exec_toolchain, gotoolchain_net, mod_get/mod_edit_toolchain, old_tidy_toolchain,
 * test_goroot_PATH), on each Go version whose behaviour differs. go gives the truth
 * ({@code go env GOVERSION GOROOT}, {@code GOTOOLCHAIN=local go env GOVERSION}, a real {@code go build}
 * or {@code go test}); discovery must agree: version and GOROOT, whether and why go switched (the
 * deciding setting or go.mod/go.work line), an ERROR quoting go's decisive line whenever go or the
 * build fails, none when it works, and a fix that works when applied.
 */
class CmdGoModuleScenariosTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> scenarios() {
        return CmdGoScenario.cases().map(c -> Arguments.of(c[0], c[1]));
    }

    @AfterEach
    void modCacheWritable() {
        // a downloaded toolchain lands read-only in the module cache, as cmd/go leaves it
        GoLab.chmodWritable(tmp);
    }

    @ParameterizedTest(name = "{0} (go {1})")
    @MethodSource("scenarios")
    void discoveryAgreesWithGo(CmdGoScenario scenario, String local) {
        GoLab lab = scenario.lab(tmp, local);
        CmdGoScenario.Staged staged = scenario.stager().stage(lab, local);
        Verdict v = verdict(scenario, lab, staged, true);
        v.assertAgrees();

        if (v.failed() && scenario.fix() != null) {
            assertThat(v.errors()).as(v.report()).anySatisfy(f -> assertThat(f.fix()).contains(scenario.fix().hint()));
            scenario.fix().apply().apply(lab, staged);
            Verdict fixed = verdict(scenario, lab, staged, false); // what decided is no longer the same
            assertThat(fixed.build().exitCode()).as("after the fix: " + fixed.report()).isZero();
            fixed.assertAgrees();
        }
    }

    /** What go says and what discovery says about one staged scenario. */
    record Verdict(CmdGoScenario scenario, GoLab lab, CmdGoScenario.Staged staged, CommandResult env, CommandResult local,
            CommandResult build, DiscoveryResult result, String decider) {

        List<Finding> findings() {
            return result instanceof NoToolchain none ? none.findings() : result.toolchain().orElseThrow().findings();
        }

        List<Finding> errors() {
            return findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        }

        boolean failed() {
            return env.exitCode() != 0 || build.exitCode() != 0;
        }

        String report() {
            return scenario + "\ngo env: " + env.describe() + "\n" + env.stdout() + env.stderr() + "\ngo build: " + build.describe()
                    + "\n" + build.stderr() + build.stdout() + "\nfindings:\n" + String.join("\n", findings().stream().map(Finding::toString).toList());
        }

        void assertAgrees() {
            String report = report();
            if (env.exitCode() != 0) {
                String goSays = GoErrorLine.of(env.stderr());
                assertThat(goSays).doesNotStartWith("go: downloading");
                assertThat(errors()).as(report).anySatisfy(f -> assertThat(f.message()).contains("go says: " + goSays));
                if (decider != null) {
                    assertThat(errors()).as(report).anySatisfy(f -> assertThat(f.message()).contains(decider));
                }
                if (goSays.contains("toolchain not available")) {
                    // the proxy answered: it has no such toolchain, so "allow go to download it" would not help
                    assertThat(errors()).as(report).noneMatch(f -> f.fix().contains("allow go to download"));
                }
                return;
            }
            GoToolchain t = result.toolchain().orElseThrow(() -> new AssertionError(report));
            List<String> truth = env.stdout().lines().toList();
            assertThat(t.version()).as(report).hasToString(truth.get(0));
            Path gorootTruth = staged.dir().resolve(truth.get(1)).normalize();
            assertThat(t.goroot()).as(report).isEqualTo(PathLookup.real(gorootTruth));
            boolean switched = local.exitCode() == 0 && !truth.get(0).equals(local.stdout().strip());
            assertThat(t.toolchainSwitch().isPresent()).as(report).isEqualTo(switched);
            if (switched) {
                assertThat(t.gorootSource()).as(report).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
                if (decider != null) {
                    assertThat(t.toolchainSwitch().orElseThrow().cause()).as(report).contains(decider);
                }
                assertThat(t.toolchainSwitch().orElseThrow().fromModuleCache()).as(report)
                        .isEqualTo(t.goroot().toString().contains("/pkg/mod/golang.org/toolchain@"));
            }
            if (build.exitCode() != 0) {
                String goSays = GoErrorLine.of(build.stderr() + build.stdout());
                assertThat(errors()).as(report).anySatisfy(f -> assertThat(f.message()).contains(quotable(goSays)));
                if (decider != null) {
                    assertThat(errors()).as(report).anySatisfy(f -> assertThat(f.message() + f.fix()).contains(decider));
                }
                // no finding may call a tree that fails every build working
                assertThat(findings()).as(report).noneMatch(f -> f.message().contains("builds work"));
            } else {
                assertThat(errors()).as(report).isEmpty();
            }
        }
    }

    private static final Pattern NOT_IN_STD = Pattern.compile("package (\\S+) is not in std \\((.*)/src/\\1\\)");

    /**
     * The part of go's build error that a diagnosis made without building can quote: the line without
     * its {@code file.go:L:C: } position, and for a missing standard package any package of that GOROOT.
     */
    static String quotable(String goSays) {
        String line = goSays.replaceFirst("^\\S+\\.go:\\d+:\\d+: ", "");
        Matcher m = NOT_IN_STD.matcher(line);
        return m.find() ? "is not in std (" + m.group(2) + "/src/" : line;
    }

    private static Verdict verdict(CmdGoScenario scenario, GoLab lab, CmdGoScenario.Staged s, boolean withDecider) {
        String go = s.goWord();
        // go env with names answers even where the whole environment is refused (env_unset.txt): then the whole is the truth
        CommandResult all = lab.shell(s.dir(), go + " env");
        CommandResult env = all.exitCode() != 0 ? all : lab.shell(s.dir(), go + " env GOVERSION GOROOT");
        CommandResult local = lab.shell(s.dir(), "GOTOOLCHAIN=local " + go + " env GOVERSION");
        CommandResult build = lab.shell(s.dir(), s.buildLine());
        DiscoveryResult result = ToolchainDiscovery.discoverUncached(new DiscoveryRequest(s.go(), lab.environment(), s.dir(), null));
        String decider = scenario.decider() == null || !withDecider ? null : scenario.decider().text(s, lab);
        return new Verdict(scenario, lab, s, env, local, build, result, decider);
    }
}
