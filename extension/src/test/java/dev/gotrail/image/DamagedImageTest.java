package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.TestImages;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real images (made by podman, {@code .ci/build-test-images}) damaged as a copy damages them — cut
 * short by {@code head -c}, a blob left out or truncated, a byte flipped, {@code index.json} lost —
 * are rejected with what is wrong and where (byte, entry, blob digest and layer number), the same
 * with a warm cache as with an empty one, never as "not a tar archive" or a zlib error.
 */
class DamagedImageTest {

    @TempDir
    Path tmp;

    private Image open(Path image, Path cache) throws IOException {
        return Image.opener().cache(cache).open(image);
    }

    /** The musl oci-archive unpacked by tar into an OCI image layout directory. */
    private Path layout(String name) {
        return ImageTools.muslLayout(tmp.resolve(name));
    }

    private static String message(Throwable t) {
        assertThat(t).isInstanceOf(ImageFormatException.class);
        return t.getMessage();
    }

    @Test
    void aLayoutWithoutIndexJsonIsABrokenLayoutNotAnExtractedRoot() throws IOException {
        Path lay = layout("lay-noidx");
        Files.delete(lay.resolve("index.json"));

        assertThatThrownBy(() -> open(lay, tmp.resolve("cache"))).isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("image " + lay + ": is a broken OCI image layout: it has an oci-layout file and a"
                        + " blobs/ directory but no index.json")
                .hasMessageContaining("Copy the layout again");

        Files.delete(lay.resolve("oci-layout"));
        assertThatThrownBy(() -> open(lay, tmp.resolve("cache"))).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("it has a blobs/ directory but no index.json");

        // a real extracted root is still one
        Image root = open(TestImages.require(TestImages.MUSL_ROOT), tmp.resolve("cache"));
        assertThat(root.format()).isEqualTo("directory");
        assertThat(root.libc().flavour()).isEqualTo(Libc.Flavour.MUSL);
    }

    @Test
    void aCachedImageStillNoticesAMissingOrShortLayerBlobWithTheSameErrorAsAnEmptyCache() throws IOException {
        Path warm = tmp.resolve("warm-cache");
        Image intact = open(layout("lay"), warm);
        String layer = intact.layers().get(0).digest();
        long size = intact.layers().get(0).size();
        String blob = "blobs/sha256/" + layer.substring("sha256:".length());

        Path missing = layout("lay-missing");
        Files.delete(missing.resolve(blob));
        String cached = message(catchThrowableOfType(() -> open(missing, warm), IOException.class));
        assertThat(cached).isEqualTo("image " + missing + ": blob " + layer + " (layer 1 of 1): is missing from the image (no "
                + blob + " in it): " + LayerStreams.REFETCH);
        assertThat(message(catchThrowableOfType(() -> open(missing, tmp.resolve("cold-1")), IOException.class)))
                .isEqualTo(cached);

        Path shortBlob = layout("lay-short");
        try (RandomAccessFile f = new RandomAccessFile(shortBlob.resolve(blob).toFile(), "rw")) {
            f.setLength(size - 100); // truncate -s -100
        }
        String cachedShort = message(catchThrowableOfType(() -> open(shortBlob, warm), IOException.class));
        assertThat(cachedShort).isEqualTo("image " + shortBlob + ": blob " + layer + " (layer 1 of 1): is " + (size - 100)
                + " bytes but its descriptor says " + size + " (truncated or damaged): " + LayerStreams.REFETCH);
        assertThat(message(catchThrowableOfType(() -> open(shortBlob, tmp.resolve("cold-2")), IOException.class)))
                .isEqualTo(cachedShort);

        // the intact copy still opens from the cache
        assertThat(open(tmp.resolve("lay"), warm).root()).isEqualTo(intact.root());
    }

    @Test
    void aFlippedByteInALayerIsADigestMismatchNotAGzipOrTarError() throws IOException {
        Path lay = layout("lay-flip");
        Path intactCopy = layout("lay-ok");
        Image intact = open(intactCopy, tmp.resolve("cache-ok"));
        String layer = intact.layers().get(0).digest();
        Path blob = lay.resolve("blobs/sha256/" + layer.substring("sha256:".length()));
        for (long at : new long[] {40, Files.size(blob) / 2}) {
            try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
            String m = message(catchThrowableOfType(() -> open(lay, tmp.resolve("cache-" + at)), IOException.class));
            assertThat(m).as("byte %d flipped", at).startsWith("image " + lay + ": blob " + layer + " (layer 1 of 1): content has digest sha256:")
                    .contains(", not " + layer + " (corrupt or tampered)")
                    .doesNotContain("ZLIB", "Corrupted", "java.", "TAR archive");
            try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a); // restore for the next case
            }
        }
    }

    /** An entry of the real archive: name, where its data starts, how long it is. */
    private record Entry(String name, long start, long size) {
    }

    private static List<Entry> entries(Path archive) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(new Entry(e.getName(), in.getBytesRead(), e.isFile() ? e.getSize() : 0));
            }
        }
        return out;
    }

    private Path head(Path archive, long bytes, String name) throws IOException {
        Path cut = tmp.resolve(name);
        try (InputStream in = Files.newInputStream(archive); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes((int) bytes)); // head -c BYTES
        }
        return cut;
    }

    @Test
    void aTruncatedArchiveSaysAtWhichByteAndInsideWhichEntryItEnds() throws IOException {
        Path docker = TestImages.require(TestImages.MUSL_DOCKER_ARCHIVE);
        Entry layerTar = entries(docker).stream().filter(e -> e.size() > 1_000_000).findFirst().orElseThrow();
        long n = layerTar.start() + 500_000;
        Path cut = head(docker, n, "truncated.tar");

        assertThatThrownBy(() -> open(cut, tmp.resolve("cache"))).isInstanceOf(ImageFormatException.class)
                .hasMessage("image " + cut + ": is truncated: the archive ends at byte " + n + " inside entry '" + layerTar.name()
                        + "' (" + layerTar.size() + " bytes of data expected, 500000 present); " + ArchiveDamage.FIX)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not a tar archive"));
    }

    @Test
    void anOciArchiveCutBetweenTwoEntriesNamesTheEntryBeforeTheCut() throws IOException {
        Path oci = TestImages.require(TestImages.MUSL_OCI_ARCHIVE);
        List<Entry> all = entries(oci);
        Entry first = all.stream().filter(e -> e.size() > 0).findFirst().orElseThrow();
        long end = first.start() + first.size();
        long next = (end + 511) / 512 * 512;
        assertThat(next - end).as("the entry's padding").isGreaterThan(10);
        for (long n : new long[] {next + 100, end + 10}) { // in the next header; in the entry's padding
            Path cut = head(oci, n, "cut-" + n + ".tar");
            assertThatThrownBy(() -> open(cut, tmp.resolve("cache"))).isInstanceOf(ImageFormatException.class)
                    .hasMessage("image " + cut + ": is truncated: the archive ends at byte " + n + " after entry '" + first.name()
                            + "' (whose data ends at byte " + end + "), before the next entry's header is complete; "
                            + ArchiveDamage.FIX);
        }
    }
}
