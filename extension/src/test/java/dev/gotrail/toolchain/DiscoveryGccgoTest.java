package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** gccgo's go (Debian's gccgo-12 installs it as /usr/bin/go-12): GOROOT is the gcc prefix, GOVERSION unknown. */
class DiscoveryGccgoTest {

    @Test
    void gccgosGoIsRecognised() {
        Path go = RealTools.gccgoGo();
        GoToolchain toolchain = ToolchainDiscovery.discover(DiscoveryRequest.of(go.toString()))
                .toolchain().orElseThrow(() -> new AssertionError("gccgo's go should be usable"));

        assertThat(toolchain.gorootSource()).isEqualTo(GorootSource.GCCGO);
        assertThat(toolchain.goroot()).isEqualTo(Path.of("/usr"));
        assertThat(toolchain.version().isKnown()).isFalse();
        assertThat(toolchain.version()).hasToString("unknown");
        assertThat(toolchain.finding(FindingId.GCCGO)).isPresent();
        // VERSION/src/pkg-tool checks do not apply to gccgo: it is not inconsistent for lacking them
        assertThat(toolchain.isConsistent()).as(toolchain.findings().toString()).isTrue();
        // and no version constraint can be satisfied by an unknown version
        assertThat(VersionConstraint.parse(">=1.0").isSatisfiedBy(toolchain.version())).isFalse();
    }
}
