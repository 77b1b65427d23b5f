package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code [[ATTACHMENT|path]]} lines that Surefire keeps in a failing test's system-out (and
 * Jenkins and GitLab turn into attachments) reach the real stdout: a separate JVM runs a failing
 * fixture through the Launcher, and its stdout is read here. One line per evidence file, absolute
 * paths, every named file present.
 */
@NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixture runs go 1.21, traced
class AttachmentLinesTest {

    @TempDir
    Path tmp;

    @Test
    void failingTestPrintsOneAttachmentLinePerEvidenceFile() throws Exception {
        Path evidence = tmp.resolve("evidence");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CommandResult run = CommandRunner.run(CommandSpec.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LauncherMain.class.getName(), EvidenceFixtures.OneFailingOnePassing.class.getName(), evidence.toString())
                .withDir(tmp).withTimeout(Duration.ofMinutes(3)));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1); // one failing, one passing fixture test
        Matcher m = Pattern.compile("^\\[\\[ATTACHMENT\\|(/[^\\]]+)\\]\\]$", Pattern.MULTILINE).matcher(run.stdout());
        List<Path> attached = m.results().map(r -> Path.of(r.group(1))).toList();
        List<Path> written;
        try (Stream<Path> files = Files.walk(evidence)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(attached).as(run.stdout()).containsExactlyInAnyOrderElementsOf(written)
                .allSatisfy(p -> assertThat(p).isAbsolute().exists()
                        .satisfies(f -> assertThat(f.getParent().getFileName().toString()).startsWith("EvidenceFixtures.OneFailingOnePassing.failing-")));
        assertThat(attached).extracting(p -> p.getFileName().toString())
                .contains("summary.txt", "evidence.html", "commands.txt", "toolchain.json", "trace-1.log");
        // the passing test printed nothing, and the launcher's reporting directory received the published copies
        assertThat(run.stdout()).doesNotContain(".passing-");
        try (Stream<Path> published = Files.walk(tmp.resolve("evidence-reports"))) {
            assertThat(published.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .contains("summary.txt", "evidence.html");
        }
    }
}
