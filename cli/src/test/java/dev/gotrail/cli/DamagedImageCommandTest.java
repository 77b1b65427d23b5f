package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code gotrail image} and {@code gotrail ldd --image} on real images damaged as a copy damages
 * them (TRIAL-FINDINGS B5, B6, C3): exit 2 with what is wrong and where, never a healthy report,
 * "would run: yes", "is not a tar archive" for a cut archive, or a Java class name.
 */
// gotrail.image.cache is a system property the in-process CLI reads: one class at a time
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class DamagedImageCommandTest {

    @TempDir
    static Path work;
    static Path layout;

    @BeforeAll
    static void warmCache() {
        System.setProperty("gotrail.image.cache", work.resolve("cache").toString());
        layout = extract("lay");
        CliRun intact = CliRun.gotrail("image", layout.toString());
        assertThat(intact.exit()).as(intact.err()).isEqualTo(1); // a musl runtime image: only go-not-on-path
        assertThat(intact.out()).contains("libc      musl");
    }

    @AfterAll
    static void forgetTheCache() {
        System.clearProperty("gotrail.image.cache");
    }

    private static Path extract(String name) {
        return ImageTools.muslLayout(work.resolve(name));
    }

    /** The one layer blob of the musl layout (the largest file under blobs/sha256). */
    private static Path layerBlob(Path lay) throws IOException {
        try (Stream<Path> s = Files.list(lay.resolve("blobs/sha256"))) {
            return s.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    private static void assertExitTwo(CliRun r, String... contains) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(contains).doesNotContain("java.", "Exception");
        assertThat(r.out()).doesNotContain("would run: yes");
    }

    @Test
    void aLayoutWithoutIndexJsonIsExitTwoForImageAndLdd() throws IOException {
        Path lay = extract("lay-noidx");
        Files.delete(lay.resolve("index.json"));

        assertExitTwo(CliRun.gotrail("image", lay.toString()),
                "gotrail image: image " + lay + ": is a broken OCI image layout", "but no index.json");
        assertExitTwo(CliRun.gotrail("ldd", "--image", lay.toString(), "--place", "/usr/bin/true"),
                "gotrail ldd: image " + lay + ": is a broken OCI image layout");
    }

    @Test
    void aMissingOrShortLayerBlobIsExitTwoAlthoughTheImageIsCached() throws IOException {
        Path missing = extract("lay-missing");
        Path blob = layerBlob(missing);
        String digest = "sha256:" + blob.getFileName();
        Files.delete(blob);
        assertExitTwo(CliRun.gotrail("image", missing.toString()), "blob " + digest + " (layer 1 of 1): is missing from the image");
        assertExitTwo(CliRun.gotrail("ldd", "--image", missing.toString(), "--place", "/usr/bin/true"),
                "blob " + digest + " (layer 1 of 1): is missing from the image");

        Path cut = extract("lay-short");
        Path shortBlob = layerBlob(cut);
        long size = Files.size(shortBlob);
        try (RandomAccessFile f = new RandomAccessFile(shortBlob.toFile(), "rw")) {
            f.setLength(size - 100);
        }
        assertExitTwo(CliRun.gotrail("image", cut.toString()),
                "blob " + digest + " (layer 1 of 1): is " + (size - 100) + " bytes but its descriptor says " + size);
    }

    @Test
    void aTruncatedArchiveSaysWhereItEndsForImageAndLdd() throws IOException {
        Path archive = TestImages.require(TestImages.MUSL_DOCKER_ARCHIVE);
        Path cut = work.resolve("truncated.tar");
        try (InputStream in = Files.newInputStream(archive); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes(1_000_000)); // head -c 1000000
        }

        for (List<String> cmd : List.of(List.of("image", cut.toString()),
                List.of("ldd", "--image", cut.toString(), "--place", "/usr/bin/true"))) {
            CliRun r = CliRun.gotrail(cmd);
            assertExitTwo(r, "image " + cut + ": is truncated: the archive ends at byte 1000000 inside entry '",
                    "bytes of data expected", "copy it again, or save it again");
            assertThat(r.err()).doesNotContain("not a tar archive");
        }
    }

    @Test
    void aFileThatIsNoArchiveHasNoDoublePeriod() {
        CliRun r = CliRun.gotrail("image", "/etc/passwd");
        assertExitTwo(r, "image /etc/passwd: is not a tar archive (");
        assertThat(r.err()).doesNotContain(".).");
    }
}
