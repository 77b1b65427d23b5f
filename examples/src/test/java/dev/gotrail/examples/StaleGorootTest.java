package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "stale $GOROOT": a shell profile still exports the GOROOT of an older Go after a
 * newer one was installed. go version looks fine, go build fails with
 * {@code compile: version "go1.21.13" does not match go tool version "go1.23.5"}.
 */
@NeedsTools({Tool.GO_1_23, Tool.GO_1_21})
class StaleGorootTest {

    private static final String GO123 = "/usr/lib/go-1.23/bin/go";
    private static final String STALE = "/usr/lib/go-1.21";

    @Test
    void discoveryNamesTheStaleGorootAndTheFix() {
        GoToolchain go = ToolchainDiscovery.discover(DiscoveryRequest.of(GO123)
                        .withEnvironment(Fixtures.environmentWith("GOROOT", STALE)))
                .toolchain().orElseThrow();

        assertThat(go).hasGoroot(STALE).hasGorootSource(GorootSource.ENV).hasFinding("goroot-env-other-version");
        assertThat(go.isConsistent()).isFalse();
        assertThat(go.finding("goroot-env-other-version").orElseThrow().fix()).contains("unset GOROOT");
    }

    @Test
    @TraceGoCommand(value = {"env", "GOROOT"}, env = "GOROOT=" + STALE)
    @RequiresGoroot(go = GO123)
    @NeedsTools({Tool.STRACE})
    void theTraceProvesWhichGorootGoReallyUsed(GoTrace trace) {
        assertThat(trace).exitedWith(0).usedGoroot(STALE);
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.ENV);
        assertThat(trace.effectiveGoroot().evidence()).anyMatch(line -> line.contains("GOROOT=" + STALE));
    }

    @Test
    @RequiresGoroot(go = GO123)
    void theBuildFailsWithTheVersionMismatchUsersSee(GoCommand go, @TempDir Path dir) throws Exception {
        Fixtures.goModule(dir, "package main\n\nfunc main() {}\n");
        GoResult result = go.args("build", ".").dir(dir)
                .env("GOROOT", STALE).env("GOCACHE", Fixtures.GOCACHE.toString()).run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("compile: version \"go1.21.13\" does not match go tool version \"go1.23.5\"");
    }
}
