package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "done when": a GOPROXY with credentials in a traced test's environment leaves no
 * trace of the password under the evidence directory, in the published copies, in the console
 * (the {@code [[ATTACHMENT|…]]} lines) or in the failure as Surefire reports it (message, stack
 * trace and the suppressed digest). A JVM of its own runs the fixture with
 * {@code gotrail.evidence=always}, so the passing test's evidence is written too.
 */
class GoproxyCredentialsEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void thePasswordOfAProxyUrlAppearsNowhere() throws Exception {
        Path evidence = tmp.resolve("evidence");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CommandResult run = CommandRunner.run(CommandSpec.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                SurefireLikeMain.class.getName(), EvidenceFixtures.GoproxyWithCredentials.class.getName(), evidence.toString())
                .withDir(tmp).withTimeout(Duration.ofMinutes(3)));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1); // the failing fixture test only
        String console = run.stdout() + run.stderr();
        assertThat(console).contains("[[ATTACHMENT|").contains("no-such-tool").doesNotContain("precondition")
                .contains("gotrail evidence for GoproxyWithCredentials > failsQuotingTheTrace"); // the suppressed digest
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        assertThat(written).extracting(p -> p.getFileName().toString())
                .contains("summary.txt", "toolchain.json", "trace-1.log", "evidence.html");
        assertThat(written).filteredOn(p -> p.getFileName().toString().equals("trace-1.log")).hasSize(4); // both tests, written and published
        assertThat(console).as("console").doesNotContain("PASSWORD");
        for (Path file : written) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain("PASSWORD");
            if (file.getFileName().toString().equals("trace-1.log")) {
                // the rest of the URL stays readable: who logged in where
                assertThat(bytes).contains("\"GOPROXY=https://ci-user:***@proxy.example.com/go\"");
            }
            if (file.getFileName().toString().equals("summary.txt")) {
                assertThat(bytes).contains("https://ci-user:***@proxy.example.com/go"); // go env's stdout
            }
        }
    }
}
