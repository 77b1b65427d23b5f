package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;

import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "GOROOT from the go/env file": someone once ran {@code go env -w GOROOT=…}; the
 * setting lives in {@code ~/.config/go/env} where no shell profile shows it.
 */
@NeedsTools({Tool.GO_1_23, Tool.GO_1_21})
class GorootFromGoEnvFileTest {

    @Test
    void theGoEnvFileIsNamedAsTheSource(@TempDir Path home) throws Exception {
        Path envFile = home.resolve("go-env");
        Files.writeString(envFile, "GOROOT=/usr/lib/go-1.21\n");

        GoToolchain go = ToolchainDiscovery.discover(DiscoveryRequest.of("/usr/lib/go-1.23/bin/go")
                        .withEnvironment(Fixtures.environmentWith("GOENV", envFile.toString())))
                .toolchain().orElseThrow();

        assertThat(go).hasGoroot("/usr/lib/go-1.21").hasGorootSource(GorootSource.CONFIG_FILE)
                .hasFinding("goroot-config-file");
    }
}
