package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is not an image at all gets an error saying what it is and what an image is,
 * not commons-compress's bare "Corrupted TAR archive." (found by a new user opening a program).
 */
class NotAnImageTest {

    @TempDir
    Path tmp;

    private Image open(Path file) throws IOException {
        return Image.opener().cache(tmp.resolve("cache")).open(file);
    }

    @Test
    void aProgramIsNamedAsOne() {
        Path ls = Path.of("/usr/bin/ls");
        assertThatThrownBy(() -> open(ls)).isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("image /usr/bin/ls: is an ELF program, not an image")
                .hasMessageContaining("docker save or podman save archive, an OCI image layout");
    }

    /** {@code docker save IMG | gzip > img.tar.gz}: the real musl archive, gzipped by the test. */
    @Test
    void aCompressedArchiveSaysToDecompressIt() throws IOException {
        Path archive = TestImages.require(TestImages.MUSL_DOCKER_ARCHIVE);
        Path gz = tmp.resolve("musl.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            try (var in = Files.newInputStream(archive)) {
                in.transferTo(out);
            }
        }
        assertThatThrownBy(() -> open(gz)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("image " + gz + ": is a gzip-compressed file")
                .hasMessageContaining("gunzip it first");
    }

    @Test
    void textIsNotATarArchive() throws IOException {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "just some text, not an image\n".repeat(40));
        assertThatThrownBy(() -> open(notes)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("image " + notes + ": is not a tar archive (Corrupted TAR archive). An image is")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(".)."));
    }
}
