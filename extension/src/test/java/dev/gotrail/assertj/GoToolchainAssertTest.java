package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoToolchainAssertTest {

    @Test
    void hasGorootPassesForTheRealGorootAndThroughASymlink(@TempDir Path tmp) throws Exception {
        GoToolchain go121 = RealToolchains.of(RealTools.go("1.21"));
        Path link = Files.createSymbolicLink(tmp.resolve("goroot-link"), RealTools.goroot("1.21"));

        assertThat(go121).hasGoroot(RealTools.goroot("1.21")).hasGoroot(link.toString());
    }

    @Test
    void hasGorootFailureNamesBothGorootsAndTheSource() throws Exception {
        GoToolchain go121 = RealToolchains.of(RealTools.go("1.21"));

        assertThatThrownBy(() -> assertThat(go121).hasGoroot("/usr/local/go"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to use GOROOT")
                .hasMessageContaining("/usr/local/go")
                .hasMessageContaining("but its effective GOROOT is")
                .hasMessageContaining(RealTools.goroot("1.21").toString())
                .hasMessageContaining("source EXE_DERIVED: derived from the location of " + RealTools.go("1.21"))
                .hasMessageContaining("go env GOROOT:    " + RealTools.goroot("1.21"));
    }

    @Test
    void staleGorootEnvironmentIsReportedWithItsSource() throws Exception {
        // go 1.21 run with GOROOT pointing at the 1.19 installation: the classic stale $GOROOT.
        GoToolchain stale = RealToolchains.of(RealTools.go("1.21"), Map.of("GOROOT", RealTools.goroot("1.19").toString()));

        assertThat(stale).hasGoroot(RealTools.goroot("1.19")).hasGorootSource(GorootSource.ENV).hasFinding(FindingId.GOROOT_ENV_OTHER_VERSION);
        assertThatThrownBy(() -> assertThat(stale).hasGoroot(RealTools.goroot("1.21")))
                .hasMessageContaining("source ENV: the GOROOT environment variable")
                .hasMessageContaining(RealTools.goroot("1.19").toString());
        assertThatThrownBy(() -> assertThat(stale).hasGorootSource(GorootSource.EXE_DERIVED))
                .hasMessageContaining("to come from EXE_DERIVED (the go binary's location)")
                .hasMessageContaining("but it came from ENV");
    }

    @Test
    void versionAssertionsAcceptLinesReleasesAndConstraints() throws Exception {
        GoToolchain go122 = RealToolchains.of(RealTools.go("1.22"));

        assertThat(go122).hasVersionAtLeast("1.21").hasVersionAtLeast("1.22").hasVersionAtLeast("go1.22.0")
                .hasVersion("1.22").hasVersion("1.22.x").hasVersion(">=1.21,<1.24").hasVersion(go122.version().toString());
    }

    @Test
    void versionFailuresQuoteTheRealVersionAndItsEvidence() throws Exception {
        GoToolchain go119 = RealToolchains.of(RealTools.go("1.19"));

        assertThatThrownBy(() -> assertThat(go119).hasVersionAtLeast("1.21"))
                .hasMessageContaining("to be at least 1.21")
                .hasMessageContaining("but it is " + go119.version())
                .hasMessageContaining("GOVERSION (go env): " + go119.version())
                .hasMessageContaining("real go binary: " + RealTools.go("1.19"));
        assertThatThrownBy(() -> assertThat(go119).hasVersion(">=1.21,<1.24"))
                .hasMessageContaining("to have version >=1.21,<1.24")
                .hasMessageContaining("but it is go1.19");
    }

    @Test
    void consistencyAndFindings() throws Exception {
        // the only go on PATH, so that not even go-shadowed or go-not-first-on-path applies
        GoToolchain clean = RealToolchains.of(RealTools.go("1.23"),
                Map.of("PATH", RealTools.go("1.23").getParent().toString()));
        GoToolchain stale = RealToolchains.of(RealTools.go("1.23"), Map.of("GOROOT", RealTools.goroot("1.21").toString()));

        assertThat(clean).isConsistent().hasNoFindings();
        assertThatThrownBy(() -> assertThat(stale).isConsistent())
                .hasMessageContaining("to be consistent, but 1 problem(s) were found")
                .hasMessageContaining("ERROR [goroot-env-other-version] $GOROOT=" + RealTools.goroot("1.21") + " holds go1.21")
                .hasMessageContaining("fix: unset GOROOT")
                .hasMessageContaining("source ENV: the GOROOT environment variable");
        assertThatThrownBy(() -> assertThat(stale).hasNoFindings())
                .hasMessageContaining("to have no findings, but it has")
                .hasMessageContaining("[goroot-env-other-version]");
        assertThatThrownBy(() -> assertThat(clean).hasFinding(FindingId.GOROOT_ENV_OTHER_VERSION))
                .hasMessageContaining("to have the finding [goroot-env-other-version]")
                .hasMessageContaining("it has no findings");
        assertThatThrownBy(() -> assertThat(stale).hasFinding(FindingId.TOOLCHAIN_SWITCH))
                .hasMessageContaining("its findings are:")
                .hasMessageContaining("[goroot-env-other-version]");
    }

    @Test
    void nullToolchainFailsLikeAssertJ() {
        assertThatThrownBy(() -> assertThat((GoToolchain) null).isConsistent())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }
}
