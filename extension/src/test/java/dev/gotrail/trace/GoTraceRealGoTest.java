package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GorootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GoTrace on real strace runs of real Debian go toolchains: GOROOT inference, switches, builds. */
class GoTraceRealGoTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"1.19", "1.21", "1.23"})
    void goEnvGorootIsDerivedFromTheExecutable(String version) {
        Path go = RealTools.go(version);
        GoTrace trace = RealTraces.goTrace(tmp, List.of(go.toString(), "env", "GOROOT"), RealTraces.goEnv(tmp), null);

        String expected = RealTraces.realPath(RealTools.goroot(version));
        assertThat(trace.exitCode()).as(trace.stderr()).isZero();
        assertThat(trace.stdout().strip()).isEqualTo(expected);
        GorootEvidence g = trace.effectiveGoroot();
        assertThat(g.path()).isEqualTo(expected);
        assertThat(g.source()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(g.evidence()).anySatisfy(l -> assertThat(l).contains("/proc/self/exe"))
                .anySatisfy(l -> assertThat(l).contains(expected + "/pkg/tool"));
        assertThat(trace.toolchainSwitch()).isEmpty();
        assertThat(trace.execs().get(0).path()).isEqualTo(go.toString());
        assertThat(trace.unparsedLines()).isEmpty();
        if (!version.equals("1.19")) {
            // go 1.21+ reads $GOROOT/go.env: ground truth for the inferred root
            assertThat(g.confirmations()).anySatisfy(l -> assertThat(l).contains(expected + "/go.env"));
        }
        // the user config file was probed and was absent
        assertThat(trace.failedAccesses()).anySatisfy(f -> {
            assertThat(f.path()).endsWith("/home/.config/go/env");
            assertThat(f.errno()).isEqualTo("ENOENT");
        });
    }

    @Test
    void gorootFromTheEnvironmentWins() {
        Map<String, String> env = RealTraces.goEnv(tmp);
        String root = RealTraces.realPath(RealTools.goroot("1.21"));
        env.put("GOROOT", root);
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.23").toString(), "env", "GOROOT"), env, null);

        assertThat(trace.stdout().strip()).isEqualTo(root);
        assertThat(trace.effectiveGoroot().path()).isEqualTo(root);
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.ENV);
        assertThat(trace.effectiveGoroot().evidence()).anySatisfy(l -> assertThat(l).contains("GOROOT=" + root));
    }

    @Test
    void staleGorootInTheEnvironmentIsReportedWithItsFailedProbes() {
        Map<String, String> env = RealTraces.goEnv(tmp);
        String stale = tmp.resolve("removed-go").toString();
        env.put("GOROOT", stale);
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.21").toString(), "env", "GOROOT"), env, null);

        assertThat(trace.exitCode()).isNotZero();
        assertThat(trace.stderr()).contains("cannot find GOROOT directory: " + stale);
        assertThat(trace.effectiveGoroot().path()).isEqualTo(stale);
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.ENV);
        assertThat(trace.effectiveGoroot().confirmed()).isFalse();
        assertThat(trace.failedAccesses()).anySatisfy(f -> {
            assertThat(f.path()).startsWith(stale);
            assertThat(f.errno()).isEqualTo("ENOENT");
        });
    }

    @Test
    void gorootFromTheUserConfigFile() {
        Map<String, String> env = RealTraces.goEnv(tmp);
        String root = RealTraces.realPath(RealTools.goroot("1.21"));
        // long enough that GoTrace's payload trimming would cut it: reads of go/env are kept whole
        String padding = "# written by go env -w; this comment makes the file longer than the trimmed payloads\n".repeat(30);
        RealTraces.write(tmp.resolve("home/.config/go/env"), padding + "GOROOT=" + root + "\n");
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.23").toString(), "env", "GOROOT"), env, null);

        assertThat(trace.stdout().strip()).isEqualTo(root);
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.CONFIG_FILE);
        assertThat(trace.effectiveGoroot().path()).isEqualTo(root);
        assertThat(trace.effectiveGoroot().evidence()).anySatisfy(l -> assertThat(l).contains("GOROOT=" + root));
    }

    @Test
    void toolchainSwitchToAGoOnPath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path target = RealTools.go("1.23");
        Files.createSymbolicLink(bin.resolve("go1.23.5"), target);
        Map<String, String> env = RealTraces.goEnv(tmp);
        env.put("GOTOOLCHAIN", "go1.23.5");
        env.put("PATH", bin + ":/usr/bin:/bin");
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.21").toString(), "env", "GOROOT", "GOVERSION"), env, null);

        assertThat(trace.stdout()).contains("go1.23.5");
        ToolchainSwitchEvidence sw = trace.toolchainSwitch().orElseThrow();
        assertThat(sw.from()).isEqualTo(RealTools.go("1.21").toString());
        assertThat(sw.to()).isEqualTo(bin.resolve("go1.23.5").toString());
        assertThat(sw.version()).isEqualTo("go1.23.5");
        assertThat(sw.evidence()).anySatisfy(l -> assertThat(l).contains("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=go1.23.5"));
        // the environment decided the switch
        assertThat(sw.setting().source()).isEqualTo(GoSetting.Source.ENVIRONMENT);
        assertThat(sw.setting().value()).isEqualTo("go1.23.5");
        assertThat(sw.moduleLine()).isNull();
        // after the switch the new go derives its GOROOT from its real location; the source is the switch (as discovery says)
        assertThat(trace.effectiveGoroot().path()).isEqualTo(RealTraces.realPath(RealTools.goroot("1.23")));
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
        assertThat(trace.effectiveGoroot().evidence()).anySatisfy(l -> assertThat(l).contains("/proc/self/exe", "/usr/lib/go-1.23/bin/go"));
        // one pid exec'd both go binaries
        ProcessInfo root = trace.processes().stream().filter(p -> p.execs().size() >= 2).findFirst().orElseThrow();
        assertThat(root.execs()).extracting(ExecCall::path).contains(sw.from(), sw.to());
    }

    @Test
    void moduleCacheToolchainGorootIsReportedAsTheSwitchSource() throws Exception {
        // After downloading golang.org/toolchain@v0.0.1-goX.Y.Z.OS-ARCH into the module cache, cmd/go
        // execs DIR/bin/go with GOROOT=DIR and GOTOOLCHAIN_INTERNAL_SWITCH_*. The download needs the
        // network (and the checksum database), so this runs that second half for real on a module
        // cache entry that links to go 1.23.
        Path dir = tmp.resolve("gopath/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.5.linux-amd64");
        Files.createDirectories(dir.getParent());
        Files.createSymbolicLink(dir, RealTools.goroot("1.23"));
        Map<String, String> env = RealTraces.goEnv(tmp);
        env.put("GOROOT", dir.toString());
        env.put("GOTOOLCHAIN", "go1.23.5");
        env.put("GOTOOLCHAIN_INTERNAL_SWITCH_COUNT", "1");
        env.put("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION", "go1.23.5");
        GoTrace trace = RealTraces.goTrace(tmp, List.of(dir.resolve("bin/go").toString(), "env", "GOROOT"), env, null);

        assertThat(trace.stdout().strip()).isEqualTo(dir.toString());
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
        assertThat(trace.effectiveGoroot().path()).isEqualTo(dir.toString());
        assertThat(trace.effectiveGoroot().confirmations()).anySatisfy(l -> assertThat(l).contains(dir + "/go.env"));
    }

    @Test
    void gccgoGoIsRecognisedByItsRuntimeLibrary() {
        Path go = RealTraces.gccgoGo();
        GoTrace trace = RealTraces.goTrace(tmp, List.of(go.toString(), "env", "GOROOT"), RealTraces.goEnv(tmp), null);

        assertThat(trace.stdout().strip()).isEqualTo("/usr");
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.GCCGO);
        assertThat(trace.effectiveGoroot().path()).isEqualTo("/usr");
        assertThat(trace.effectiveGoroot().evidence()).anySatisfy(l -> assertThat(l).contains("libgo.so"));
        assertThat(trace.loadedSharedObjects()).extracting(SharedObject::path).anySatisfy(p -> assertThat(p).contains("libgo.so"));
    }

    @Test
    void cgoBuildRunsTheCCompilerAndToolsUnderGoroot() {
        Path module = module("package main\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nfunc main() { println(C.answer()) }\n");
        Map<String, String> env = RealTraces.goEnv(tmp);
        env.put("CGO_ENABLED", "1");
        env.put("PATH", RealTools.gcc().getParent() + ":/usr/bin:/bin");
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.21").toString(), "build", "-o", tmp.resolve("out").toString(), "."),
                env, module);

        String root = RealTraces.realPath(RealTools.goroot("1.21"));
        assertThat(trace.exitCode()).as(trace.stderr()).isZero();
        assertThat(trace.execs()).filteredOn(ExecCall::succeeded).extracting(ExecCall::path)
                .anySatisfy(p -> assertThat(p).startsWith(root + "/pkg/tool/").endsWith("/cgo"))
                .anySatisfy(p -> assertThat(p).endsWith("/compile"))
                .anySatisfy(p -> assertThat(p).matches(".*/(gcc|cc|x86_64-linux-gnu-gcc[-0-9]*|cc1)"));
        assertThat(trace.effectiveGoroot().path()).isEqualTo(root);
        assertThat(trace.effectiveGoroot().confirmations()).anySatisfy(l -> assertThat(l).contains(root + "/pkg/tool/"));
        assertThat(trace.processes().size()).isGreaterThan(5);
        assertThat(trace.unparsedLines()).isEmpty();
    }

    @Test
    void pureGoBuildDoesNotRunACCompiler() {
        Path module = module("package main\n\nfunc main() { println(42) }\n");
        Map<String, String> env = RealTraces.goEnv(tmp);
        env.put("CGO_ENABLED", "0");
        GoTrace trace = RealTraces.goTrace(tmp, List.of(RealTools.go("1.23").toString(), "build", "-o", tmp.resolve("out").toString(), "."),
                env, module);

        assertThat(trace.exitCode()).as(trace.stderr()).isZero();
        assertThat(trace.execs()).filteredOn(ExecCall::succeeded).extracting(ExecCall::path)
                .anySatisfy(p -> assertThat(p).endsWith("/pkg/tool/linux_amd64/link"))
                .noneSatisfy(p -> assertThat(p).matches(".*/(gcc|cc|cc1)"));
        // the root process is go, its tools are its descendants
        ProcessInfo root = trace.rootProcesses().get(0);
        assertThat(root.program()).isEqualTo(RealTools.go("1.23").toString());
        assertThat(root.children()).isNotEmpty();
        assertThat(root.exitCode()).hasValue(0);
        assertThat(trace.opened()).anySatisfy(f -> assertThat(f.path()).endsWith("/main.go"));
        // the object files written by the tools are kept short in memory, marked like strace's -s cut
        assertThat(trace.calls("write")).filteredOn(e -> e.has(TraceEvent.TRUNCATED)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.rawArgs()).hasSizeLessThan(2 * PayloadTrimmer.KEEP).contains("\"..."));
    }

    private Path module(String main) {
        Path dir = tmp.resolve("mod");
        RealTraces.write(dir.resolve("go.mod"), "module example.com/m\n\ngo 1.19\n");
        RealTraces.write(dir.resolve("main.go"), main);
        return dir;
    }
}
