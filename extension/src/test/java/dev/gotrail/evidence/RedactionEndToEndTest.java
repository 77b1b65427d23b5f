package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import dev.gotrail.trace.GoTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Plants two secrets in the environment of a traced go command — GITHUB_TOKEN (secret by the
 * built-in list) and MY_PRIVATE_THING (secret through gotrail.redact) — lets the test fail and
 * proves that neither value appears in any byte of any evidence file, published copies included,
 * while the raw strace log that gotrail copied from did contain them.
 */
@NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
class RedactionEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void secretsPlantedThroughTraceGoCommandEnvAppearInNoEvidenceFile() throws Exception {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(EvidenceFixtures.TracedWithSecrets.class, "failsAfterTracing", GoTrace.class.getName()))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.redact", "PRIVATE_THING")
                .configurationParameter("gotrail.evidence.dir", tmp.resolve("evidence").toString())
                .outputDirectoryCreator(new EvidenceExtensionTest.ReportsDirectory(tmp.resolve("reports")))
                .execute();

        results.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).hasMessage("intended failure after tracing go env GOROOT"); // not the precondition
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        assertThat(written).extracting(p -> p.getFileName().toString())
                .contains("summary.txt", "toolchain.json", "trace-1.log", "evidence.html");
        for (Path file : written) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString())
                    .doesNotContain(EvidenceFixtures.PLANTED_TOKEN).doesNotContain(EvidenceFixtures.PLANTED_PRIVATE)
                    .doesNotContain("PlantedByGotrailTest");
        }
        Path trace = written.stream().filter(p -> p.getFileName().toString().equals("trace-1.log")).findFirst().orElseThrow();
        assertThat(trace).content().contains("\"GITHUB_TOKEN=***\"", "\"MY_PRIVATE_THING=***\"");
        assertThat(failure.getSuppressed()[0].getMessage()).contains("trace: go env GOROOT exited 0")
                .doesNotContain("PlantedByGotrailTest");
    }

    @Test
    void plantedSecretsAppearInNoEvidenceFile() throws Exception {
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String privateThing = "pt-" + UUID.randomUUID();
        Path work = tmp.resolve("work");

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(EvidenceFixtures.OneFailingOnePassing.class, "failing"))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.test.workdir", work.toString())
                .configurationParameter("gotrail.test.token", token)
                .configurationParameter("gotrail.test.private", privateThing)
                .configurationParameter("gotrail.redact", "PRIVATE_THING")
                .configurationParameter("gotrail.evidence.dir", tmp.resolve("evidence").toString())
                .outputDirectoryCreator(new EvidenceExtensionTest.ReportsDirectory(tmp.resolve("reports")))
                .execute();

        results.testEvents().assertStatistics(s -> s.failed(1));
        // the raw log really held both secrets (strace -v prints the environment of execve)
        Path rawLog;
        try (Stream<Path> logs = Files.walk(work)) {
            rawLog = logs.filter(p -> p.getFileName().toString().equals("strace.log")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(rawLog, StandardCharsets.ISO_8859_1)).contains("GITHUB_TOKEN=" + token, "MY_PRIVATE_THING=" + privateThing);

        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("evidence"))) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        try (Stream<Path> files = Files.walk(tmp.resolve("reports"))) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        assertThat(written).extracting(p -> p.getFileName().toString())
                .contains("summary.txt", "commands.txt", "toolchain.json", "trace-1.log", "evidence.html");
        for (Path file : written) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain(token).doesNotContain(privateThing)
                    .doesNotContain(token.substring(0, 12)).doesNotContain(privateThing.substring(0, 12));
        }
        Path dir = written.get(0).getParent();
        assertThat(Files.readString(dir.resolve("trace-1.log"))).contains("\"GITHUB_TOKEN=***\"", "\"MY_PRIVATE_THING=***\"");
        assertThat(Files.readString(dir.resolve("commands.txt"))).contains("GITHUB_TOKEN=***", "MY_PRIVATE_THING=***");
        Throwable failure = results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getSuppressed()[0].getMessage()).doesNotContain(token).doesNotContain(privateThing);
    }
}
