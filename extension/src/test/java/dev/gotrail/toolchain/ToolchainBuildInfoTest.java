package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.testsupport.RealTools;
import org.junit.jupiter.api.Test;

/** A discovered toolchain's go binary knows which Go built it (read from the file, not by running go version -m). */
class ToolchainBuildInfoTest {

    @Test
    void everyToolchainsGoKnowsItsOwnVersion() {
        for (String v : RealTools.GO_VERSIONS) {
            GoToolchain toolchain = ToolchainDiscovery.discover(DiscoveryRequest.of(RealTools.go(v).toString()))
                    .toolchain().orElseThrow();
            GoBuildInfo self = toolchain.buildInfo().orElseThrow(() -> new AssertionError("go " + v + " has no build info"));
            assertThat(self.file()).isEqualTo(toolchain.realGoBinary());
            assertThat(self.path()).isEqualTo("cmd/go");
            // Debian builds go with the toolchain it ships: the binary's version is the toolchain's.
            assertThat(GoVersion.parse(self.goVersion().split(" ")[0])).isEqualTo(toolchain.version());
        }
    }

    @Test
    void gccgosGoHasNoGoBuildInfo() {
        GoToolchain gccgo = ToolchainDiscovery.discover(DiscoveryRequest.of(RealTools.gccgoGo().toString()))
                .toolchain().orElseThrow();
        assertThat(gccgo.buildInfo()).isEmpty();
    }
}
