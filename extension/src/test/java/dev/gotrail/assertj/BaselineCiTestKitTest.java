package dev.gotrail.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.baseline.Baseline;
import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.GoBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy as a user's suite meets it: a Jupiter test calling {@code matchesBaseline}, run by
 * EngineTestKit in a JVM whose environment has (or lacks) {@code CI} and whose system properties
 * carry {@code gotrail.baseline} — the way Maven passes {@code -Dgotrail.baseline=update}.
 */
class BaselineCiTestKitTest {

    @TempDir
    Path tmp;

    private CommandResult run(boolean ci, String mode, Path file) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        CommandSpec spec = CommandSpec.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                        "-Dgotrail.baseline=" + mode, "-Dgotrail.evidence.dir=" + tmp.resolve("evidence"),
                        "-Dfixture.binary=" + GoBinaries.byName("1.23/modified").file(), "-Dfixture.file=" + file,
                        BaselineTestKitMain.class.getName())
                .withDir(tmp).withTimeout(Duration.ofMinutes(3));
        spec = ci ? spec.withEnv("CI", "1") : spec.withoutEnv("CI");
        return CommandRunner.run(spec);
    }

    private Path recordedFromTheReleaseBinary() throws IOException {
        Path file = tmp.resolve("baselines/app.json");
        Baseline.record(file, List.of(BaselineTarget.elf(GoBinaries.byName("1.23/release").file()).as("app")), List.of());
        return file;
    }

    @Test
    void updateIsRefusedUnderCiAndTheCandidateIsWrittenForReview() throws IOException {
        Path file = recordedFromTheReleaseBinary();
        String before = Files.readString(file);

        CommandResult run = run(true, "update", file);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("FAILED", "gotrail.baseline=update is refused because the environment variable CI is set",
                "~ /targets/app/buildInfo/settings/vcs.modified: \"false\" -> \"true\"");
        assertThat(file).content().isEqualTo(before);
        // the child's working directory is tmp: the candidate mirrors the file's path relative to it
        Path candidate = tmp.resolve("evidence/baselines/baselines/app.json.new");
        assertThat(candidate).exists().content().contains("\"vcs.modified\": \"true\"");
    }

    @Test
    void updateRewritesTheBaselineOutsideCi() throws IOException {
        Path file = recordedFromTheReleaseBinary();

        CommandResult run = run(false, "update", file);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("SUCCESSFUL");
        assertThat(run.stderr()).contains("gotrail: Updated baseline " + file);
        assertThat(file).content().contains("\"vcs.modified\": \"true\"");
    }

    @Test
    void aMissingBaselineFailsUnderCiAndIsCreatedOutside() {
        Path file = tmp.resolve("baselines/new.json");

        CommandResult inCi = run(true, "verify", file);
        assertThat(inCi.exitCode()).as(inCi.stdout() + inCi.stderr()).isEqualTo(1);
        assertThat(inCi.stdout()).contains("does not exist, and CI is set");
        assertThat(file).doesNotExist();

        CommandResult locally = run(false, "verify", file);
        assertThat(locally.exitCode()).as(locally.stdout() + locally.stderr()).isZero();
        assertThat(file).exists().content().contains("\"app\": {");
    }
}
