package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real go binaries in real and staged layouts: which binary, which GOROOT, from where. */
class DiscoveryLayoutTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"1.19", "1.21", "1.22", "1.23"})
    void debianInstallIsExeDerivedAndConsistent(String minor) {
        GoStage stage = new GoStage(tmp);
        Path go = RealTools.go(minor);
        GoToolchain t = stage.found(go.toString());

        assertThat(t.goBinary()).isEqualTo(go);
        assertThat(t.realGoBinary()).isEqualTo(go);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot(minor));
        assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.version().languageVersion()).isEqualTo("go" + minor);
        assertThat(t.goEnv()).containsEntry("GOROOT", RealTools.goroot(minor).toString());
        assertThat(t.details().versionFile()).isEqualTo(t.version().toString());
        assertThat(t.details().compileVersion()).isEqualTo(t.version().toString());
        assertThat(t.details().hasSrcRuntime()).isTrue();
        assertThat(t.details().hasPkgTool()).isTrue();
        assertThat(t.details().exeDerivedGoroot()).isEqualTo(RealTools.goroot(minor));
        // the staged PATH is empty, so the other Debian installs are "installed but not on PATH"
        assertThat(t.details().installsNotOnPath()).extracting(InstalledGo::binary).contains(go);
        assertThat(t.finding(FindingId.INSTALLED_NOT_ON_PATH)).as("a list in details(), not a finding").isEmpty();
        assertThat(t.isConsistent()).as("%s", t.findings()).isTrue();
        assertThat(t.toolchainSwitch()).isEmpty();
    }

    @Test
    void debianStyleUsrBinSymlinkResolvesToTheRealBinaryAndItsGoroot() {
        // <tmp>/usr/bin/go -> ../lib/go-1.19/bin/go, <tmp>/usr/lib/go-1.19 -> /usr/lib/go-1.19
        GoStage stage = new GoStage(tmp);
        Path usrBin = stage.pathDir("usr/bin");
        GoStage.symlink(stage.dir("usr/lib"), "go-1.19", RealTools.goroot("1.19"));
        Path link = GoStage.symlink(usrBin, "go", Path.of("../lib/go-1.19/bin/go"));

        GoToolchain t = stage.found("");

        assertThat(t.goBinary()).isEqualTo(link);
        assertThat(t.realGoBinary()).isEqualTo(RealTools.go("1.19"));
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.19"));
        assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.candidatesOnPath()).containsExactly(link);
        assertThat(t.finding(FindingId.GO_SYMLINK)).hasValueSatisfying(f ->
                assertThat(f.message()).contains(link.toString(), RealTools.go("1.19").toString()));
        assertThat(t.isConsistent()).isTrue();
    }

    @Test
    void earlierGoOnPathShadowsLaterOnesAndTheFindingNamesBoth() {
        GoStage stage = new GoStage(tmp);
        Path first = GoStage.symlink(stage.pathDir("a"), "go", RealTools.go("1.23"));
        Path second = GoStage.symlink(stage.pathDir("b"), "go", RealTools.go("1.21"));

        GoToolchain t = stage.found("");

        assertThat(t.candidatesOnPath()).containsExactly(first, second);
        assertThat(t.version().languageVersion()).isEqualTo("go1.23");
        Finding shadowed = t.finding(FindingId.GO_SHADOWED).orElseThrow();
        // a newer go first, an older one later (what CI setup actions leave): nothing goes wrong (issue 9, kind 6)
        assertThat(shadowed.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(shadowed.message()).contains(first.toString(), second.toString(), "go1.21.13", "go1.23.5");
        assertThat(shadowed.fix()).contains("export PATH=" + second.getParent() + ":$PATH");
        // shadowing is a PATH problem, not an inconsistency of the toolchain that runs
        assertThat(t.isConsistent()).isTrue();
    }

    @Test
    void reversingPathOrderReversesWhichGoRuns() {
        GoStage stage = new GoStage(tmp);
        GoStage.symlink(stage.pathDir("b"), "go", RealTools.go("1.21"));
        GoStage.symlink(stage.pathDir("a"), "go", RealTools.go("1.23"));

        assertThat(stage.found("").version().languageVersion()).isEqualTo("go1.21");
    }

    @Test
    void twoPathEntriesReachingTheSameBinaryAreNotShadowing() {
        GoStage stage = new GoStage(tmp);
        GoStage.symlink(stage.pathDir("a"), "go", RealTools.go("1.22"));
        GoStage.symlink(stage.pathDir("b"), "go", RealTools.go("1.22"));

        GoToolchain t = stage.found("");

        assertThat(t.candidatesOnPath()).hasSize(2);
        assertThat(t.finding(FindingId.GO_SHADOWED)).isEmpty();
    }

    @Test
    void aGoNamedExplicitlyThatAShellWouldNotRunIsReported() {
        GoStage stage = new GoStage(tmp);
        Path onPath = GoStage.symlink(stage.pathDir("a"), "go", RealTools.go("1.19"));

        GoToolchain t = stage.found(RealTools.go("1.22").toString());

        assertThat(t.version().languageVersion()).isEqualTo("go1.22");
        assertThat(t.finding(FindingId.GO_NOT_FIRST_ON_PATH)).hasValueSatisfying(f ->
                assertThat(f.message()).contains(onPath.toString(), "go1.19.8"));
    }

    @Test
    void aBareNameIsLookedUpOnPathLikeAShellWould() {
        GoStage stage = new GoStage(tmp);
        Path go122 = GoStage.symlink(stage.pathDir("sdk"), "go1.22.12", RealTools.go("1.22"));

        GoToolchain t = stage.found("go1.22.12");

        assertThat(t.goBinary()).isEqualTo(go122);
        assertThat(t.version()).hasToString("go1.22.12");
    }

    @Test
    void aCopiedUntrimmedGo119FallsBackToItsBakedInGoroot() {
        GoStage stage = new GoStage(tmp);
        Path copy = GoStage.copy(RealTools.go("1.19"), stage.pathDir("bin"), "go");

        GoToolchain t = stage.found("");

        assertThat(t.realGoBinary()).isEqualTo(copy);
        assertThat(t.details().exeDerivedGoroot()).isNull();
        assertThat(t.gorootSource()).isEqualTo(GorootSource.BUILTIN_FALLBACK);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.19"));
        assertThat(t.details().consulted()).anyMatch(c -> c.contains("baked into the binary"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.21", "1.22", "1.23"})
    void aCopiedTrimmedGoIsBrokenAndTheFindingNamesTheOriginal(String minor) {
        GoStage stage = new GoStage(tmp);
        Path copy = GoStage.copy(RealTools.go(minor), stage.pathDir("bin"), "go");

        NoToolchain none = stage.notFound("");

        assertThat(none.isMissing()).as("found but broken, so missing=skip must not skip it").isFalse();
        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.FAILED);
        assertThat(none.goBinary()).isEqualTo(copy);
        Finding f = none.findings().get(0);
        assertThat(f.id()).isEqualTo(FindingId.TRIMMED_BINARY_COPIED);
        assertThat(f.message()).contains("'go' binary is trimmed", "byte-for-byte copy of " + RealTools.go(minor));
        assertThat(f.fix()).contains("ln -sf " + RealTools.go(minor) + " " + copy, "GOROOT=" + RealTools.goroot(minor));
        assertThat(none.lastCommand().stderr()).contains("binary is trimmed");
        assertThat(none.message()).contains("Sources consulted", "PATH=" + copy.getParent(), "Fix:");
    }

    @Test
    void aCopiedTrimmedGoWorksWhenGorootIsSetForIt() {
        GoStage stage = new GoStage(tmp);
        GoStage.copy(RealTools.go("1.21"), stage.pathDir("bin"), "go");
        stage.env("GOROOT", RealTools.goroot("1.21").toString());

        GoToolchain t = stage.found("");

        assertThat(t.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.21"));
        assertThat(t.isConsistent()).as("%s", t.findings()).isTrue();
    }
}
