package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GOROOTs that go accepts but cannot build with: missing sources, a mixed tree. */
class DiscoveryBrokenTreeTest {

    @TempDir
    Path tmp;

    @Test
    void danglingSrcSymlinkIsReportedAndBuildsReallyFailWithFmtNotFound() {
        GoStage stage = new GoStage(tmp);
        Path goroot = stage.assembleGoroot("goroot", "1.21", "1.21", tmp.resolve("gone/src"), "1.21");
        Path go = goroot.resolve("bin/go");

        GoToolchain t = stage.found(go.toString());

        assertThat(t.goroot()).isEqualTo(goroot);
        assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.details().hasSrcRuntime()).isFalse();
        Finding f = t.finding(FindingId.GOROOT_WITHOUT_SOURCES).orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains(goroot.resolve("src") + " is a dangling symlink to " + tmp.resolve("gone/src"),
                "package fmt is not in");
        assertThat(f.fix()).contains("ln -sfn");
        assertThat(t.finding(FindingId.GOTOOLDIR_OUTSIDE_GOROOT)).as("pkg linked elsewhere is still this GOROOT").isEmpty();
        assertThat(t.isConsistent()).isFalse();

        CommandResult build = stage.buildHello(go, Map.of());
        assertThat(build.exitCode()).isNotZero();
        assertThat(build.stderr()).contains("package fmt is not in");
    }

    @Test
    void missingSrcDirectoryIsReportedWithoutCallingItDangling() {
        GoStage stage = new GoStage(tmp);
        Path emptySrc = stage.dir("empty-src");
        Path goroot = stage.assembleGoroot("goroot", "1.22", "1.22", emptySrc, "1.22");

        GoToolchain t = stage.found(goroot.resolve("bin/go").toString());

        assertThat(t.finding(FindingId.GOROOT_WITHOUT_SOURCES)).hasValueSatisfying(f ->
                assertThat(f.message()).contains(goroot.resolve("src/runtime") + " does not exist").doesNotContain("dangling"));
    }

    @Test
    void binaryAndTreeOfDifferentVersionsIsAVersionMismatchQuotingTheCompileError() {
        GoStage stage = new GoStage(tmp);
        // go 1.21's binary in a tree whose compiler and VERSION are go 1.22's
        Path goroot = stage.assembleGoroot("mixed", "1.21", "1.22", RealTools.goroot("1.21").resolve("src"), "1.22");
        Path go = goroot.resolve("bin/go");

        GoToolchain t = stage.found(go.toString());

        assertThat(t.version()).hasToString("go1.21.13");
        assertThat(t.details().versionFile()).isEqualTo("go1.22.12");
        assertThat(t.details().compileVersion()).isEqualTo("go1.22.12");
        String quoted = "compile: version \"go1.22.12\" does not match go tool version \"go1.21.13\"";
        Finding f = t.finding(FindingId.VERSION_MISMATCH).orElseThrow();
        assertThat(f.message()).contains(quoted);
        assertThat(f.fix()).contains("reinstall");
        assertThat(t.isConsistent()).isFalse();

        CommandResult build = stage.buildHello(go, Map.of());
        assertThat(build.stderr()).contains(quoted);
    }

    @Test
    void aVersionFileAloneDisagreeingIsAlsoAMismatch() {
        GoStage stage = new GoStage(tmp);
        Path goroot = stage.assembleGoroot("oddversion", "1.23", "1.23", RealTools.goroot("1.23").resolve("src"), "1.22");

        GoToolchain t = stage.found(goroot.resolve("bin/go").toString());

        assertThat(t.details().compileVersion()).isEqualTo("go1.23.5");
        assertThat(t.finding(FindingId.VERSION_MISMATCH)).hasValueSatisfying(f ->
                assertThat(f.message()).contains("VERSION file: go1.22.12").doesNotContain("compile: version"));
    }
}
