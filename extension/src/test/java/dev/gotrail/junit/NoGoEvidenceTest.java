package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.evidence.EvidenceDigest;
import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A {@code @RequiresGoroot} whose go is not found fails leaving evidence like every other gotrail
 * failure (trial finding G3): the digest, {@code summary.txt} with the sources consulted and the
 * installed gos, {@code evidence.html}. Real discovery on this machine, parallel execution on.
 */
class NoGoEvidenceTest {

    static final String NO_SUCH_GO = "/usr/lib/go-1.99/bin/go";

    @TestKitOnly
    static class Fixtures {
        @Test
        @RequiresGoroot(go = NO_SUCH_GO)
        void goNotFound() {
        }

        @Test
        @RequiresGoroot(go = NO_SUCH_GO)
        void goNotFoundEither() {
        }
    }

    @Test
    void aGoThatIsNotFoundLeavesTheDiscoveryFactsAsEvidence(@TempDir Path tmp) throws IOException {
        RealTools.go("1.21"); // an installed go that the facts must list
        Path evidence = tmp.resolve("evidence");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Fixtures.class))
                .configurationParameters(Map.of("gotrail.testkit", "true",
                        "gotrail.evidence.dir", evidence.toString(),
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent"))
                .execute();
        results.testEvents().assertStatistics(s -> s.started(2).failed(2));

        for (var failed : results.testEvents().failed().list()) {
            Throwable t = failed.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
            assertThat(t.getMessage()).contains("No Go toolchain found", NO_SUCH_GO, "Sources consulted:");
            String digest = List.of(t.getSuppressed()).stream().filter(EvidenceDigest.class::isInstance)
                    .map(Throwable::getMessage).findFirst().orElseThrow(() -> new AssertionError("no digest on " + t));
            String method = failed.getTestDescriptor().getDisplayName().replace("()", "");
            assertThat(digest).contains("expected: @RequiresGoroot(go=" + NO_SUCH_GO, "note: no Go toolchain found: ",
                    "Fixtures." + method + "-");
            Path dir;
            try (Stream<Path> dirs = Files.list(evidence)) {
                dir = dirs.filter(d -> d.getFileName().toString().contains("Fixtures." + method + "-")).findFirst().orElseThrow();
            }
            assertThat(dir.resolve("evidence.html")).isRegularFile();
            assertThat(dir.resolve("summary.txt")).content()
                    .contains("sources consulted: ", "requested go " + NO_SUCH_GO)
                    .contains("installed gos not on PATH: ").contains(RealTools.go("1.21").toString());
        }
    }
}
