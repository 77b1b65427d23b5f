package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;

import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CI image's drift detector: the facts of this machine's Go toolchains — version, GOROOT and
 * where it comes from, findings, and each go binary's ELF facts, link map and build information —
 * recorded once in {@code src/test/baselines/toolchains.json} (reviewed, committed) and verified on
 * every run. A package update that brings another Go patch release, a libc that moves, a GOROOT
 * that starts coming from the environment: each fails with a diff naming the fact.
 *
 * <p>Run with {@code -Dgotrail.baseline=update} after a reviewed change to rewrite the file (not in
 * CI); in CI a drift leaves the candidate in {@code target/gotrail/baselines/} for review.
 */
class ToolchainBaselineTest {

    private static final String[] GOS = {
        "/usr/lib/go-1.19/bin/go", "/usr/lib/go-1.21/bin/go", "/usr/lib/go-1.22/bin/go", "/usr/lib/go-1.23/bin/go"};

    @Test
    @NeedsTools({Tool.GO_1_19, Tool.GO_1_21, Tool.GO_1_22, Tool.GO_1_23})
    void thisMachinesToolchainsMatchTheirBaseline() throws IOException {
        List<BaselineTarget> targets = new ArrayList<>();
        for (String go : GOS) {
            GoToolchain toolchain = ToolchainDiscovery.discover(DiscoveryRequest.of(go)).toolchain()
                    .orElseThrow(() -> new AssertionError(go + " is not a usable toolchain"));
            targets.add(BaselineTarget.toolchain(toolchain));
        }
        assertThat(targets.get(0), targets.subList(1, targets.size()).toArray(BaselineTarget[]::new))
                .matchesBaseline("src/test/baselines/toolchains.json");
    }
}
