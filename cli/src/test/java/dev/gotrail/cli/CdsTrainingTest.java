package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.image.Image;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.toolchain.GoToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing training ({@link CdsTraining}) exercises what later runs load:
 * its tiny docker-archive is a valid image (every digest checked by the real reader) with a go
 * tree on PATH, so {@code gotrail image} goes through unpacking, the cache, the toolchain rules
 * and the report.
 */
class CdsTrainingTest {

    @Test
    void theTrainingImageIsARealImageWithAGoOnItsPath(@TempDir Path tmp) throws Exception {
        Path archive = CdsTraining.tinyImage(tmp.resolve("image"));

        Image image = Image.opener().cache(tmp.resolve("cache")).open(archive);

        assertThat(image.format()).isEqualTo("docker-archive");
        assertThat(image.config().envMap()).containsEntry("GOTOOLCHAIN", "local");
        List<GoToolchain> go = image.toolchains();
        assertThat(go).hasSize(1);
        assertThat(go.get(0).goBinary()).isEqualTo(Path.of("/usr/local/go/bin/go"));
        assertThat(go.get(0).goroot()).isEqualTo(Path.of("/usr/local/go"));
        assertThat(go.get(0).version().toString()).isEqualTo("go1.23.0");
        assertThat(Files.isRegularFile(image.root().resolve("etc/passwd"))).isTrue();
    }

    @Test
    void theTrainingRunsInAJvmOfItsOwnAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        // a child JVM, as the launcher runs it: the training sets gotrail.image.cache for its runs
        Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        CommandResult r = CommandRunner.run(CommandSpec.of(java, "-Djava.io.tmpdir=" + tmpdir, "-cp",
                System.getProperty("java.class.path"), CdsTraining.class.getName()).withTimeout(Duration.ofMinutes(2)));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).as("the runs' output is discarded").isEmpty();
        try (Stream<Path> left = Files.list(tmpdir)) {
            assertThat(left.toList()).as("the training image and its cache are deleted").isEmpty();
        }
    }
}
