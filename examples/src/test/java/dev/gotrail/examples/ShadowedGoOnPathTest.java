package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "multiple Go versions on PATH": a go 1.19 (here a symlink, as package managers
 * install it) sits in an earlier PATH directory than the go 1.23 the user just installed, so
 * {@code go version} still says 1.19.
 */
@NeedsTools({Tool.GO_1_19, Tool.GO_1_23})
class ShadowedGoOnPathTest {

    @Test
    void theShadowingGoAndTheShadowedOneAreBothNamed(@TempDir Path home) throws Exception {
        Path earlyBin = Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(earlyBin.resolve("go"), Path.of("/usr/lib/go-1.19/bin/go"));
        String path = earlyBin + ":/usr/lib/go-1.23/bin:/usr/bin:/bin";

        GoToolchain go = ToolchainDiscovery.discover(DiscoveryRequest.defaults()
                        .withEnvironment(Fixtures.environmentWith("PATH", path)))
                .toolchain().orElseThrow();

        assertThat(go.candidatesOnPath()).startsWith(earlyBin.resolve("go"), Path.of("/usr/lib/go-1.23/bin/go"));
        assertThat(go.realGoBinary()).isEqualTo(Path.of("/usr/lib/go-1.19/bin/go"));
        assertThat(go).hasVersion("go1.19.8").hasFinding("go-shadowed");
        assertThat(go.finding("go-shadowed").orElseThrow().message()).contains("/usr/lib/go-1.23/bin/go");
    }
}
