package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers (hand-made with TarArchiveOutputStream, see {@link HandMadeImages}) are rejected
 * with an error naming image, blob and entry; the file system is listed before and after to prove
 * that nothing landed outside the cache, and the cache holds nothing usable of a rejected image.
 */
class HostileImageTest {

    @TempDir
    Path sandbox;
    Path cache;
    Path outside;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        cache = sandbox.resolve("cache");
        outside = sandbox.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret"), "precious\n");
    }

    private Path image(byte[]... layers) {
        Path img = HandMadeImages.layout(sandbox.resolve("image"), layers);
        before = ImageTrees.listing(outside);
        return img;
    }

    private Image open(Path image) throws IOException {
        return Image.opener().cache(cache).open(image);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Path image, String entry) {
        AbstractThrowableAssert<?, ? extends Throwable> a = assertThatThrownBy(() -> open(image))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("image " + image)
                .hasMessageContaining("blob sha256:");
        if (entry != null) {
            a.hasMessageContaining("entry '" + entry + "'");
        }
        assertNothingOutsideAndNothingCached();
        return a;
    }

    private void assertNothingOutsideAndNothingCached() {
        assertThat(ImageTrees.listing(outside)).isEqualTo(before);
        try (Stream<Path> s = Files.exists(cache) ? Files.list(cache) : Stream.empty()) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".lock"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // nothing new beside the image, the cache and the outside directory
        try (Stream<Path> s = Files.list(sandbox)) {
            assertThat(s.map(p -> p.getFileName().toString())).isSubsetOf("image", "cache", "outside");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dotDotNameIsRejected() {
        Path img = image(HandMadeImages.layer().file("ok", "x").file("a/../../outside/pwned", "x").tar());
        assertRejected(img, "a/../../outside/pwned").hasMessageContaining("'..'");
    }

    @Test
    void absoluteNameIsRejected() {
        String abs = outside.resolve("pwned").toString();
        Path img = image(HandMadeImages.layer().file(abs, "x").tar());
        assertRejected(img, abs).hasMessageContaining("absolute");
    }

    @Test
    void entryThroughASymlinkOfTheSameLayerIsRejected() {
        Path img = image(HandMadeImages.layer().symlink("evil", outside.toString()).file("evil/pwned", "x").tar());
        assertRejected(img, "evil/pwned").hasMessageContaining("through the symlink 'evil'");
    }

    @Test
    void entryThroughASymlinkPlantedInAnEarlierLayerIsRejected() {
        Path img = image(HandMadeImages.layer().dir("d").symlink("d/up", "../../../../../../../..").gzip(),
                HandMadeImages.layer().file("d/up" + outside + "/pwned", "x").tar());
        assertRejected(img, "d/up" + outside + "/pwned").hasMessageContaining("symlink 'd/up'")
                .hasMessageContaining("(layer 2 of 2)");
    }

    @Test
    void hardLinkOutOfTheRootIsRejected() {
        Path img = image(HandMadeImages.layer().hardLink("stolen", "../../outside/secret").tar());
        assertRejected(img, "stolen").hasMessageContaining("hard link");
    }

    @Test
    void hardLinkToAnAbsolutePathIsRejected() {
        Path img = image(HandMadeImages.layer().hardLink("stolen", outside.resolve("secret").toString()).tar());
        assertRejected(img, "stolen").hasMessageContaining("absolute");
    }

    @Test
    void hardLinkThroughASymlinkIsRejected() {
        Path img = image(HandMadeImages.layer().symlink("out", outside.toString()).hardLink("stolen", "out/secret").tar());
        assertRejected(img, "stolen").hasMessageContaining("symlink 'out'");
    }

    @Test
    void whiteoutThroughASymlinkIsRejectedAndDeletesNothing() {
        Path img = image(HandMadeImages.layer().symlink("out", outside.toString()).tar(),
                HandMadeImages.layer().file("out/.wh.secret", "").tar());
        assertRejected(img, "out/.wh.secret");
        assertThat(outside.resolve("secret")).hasContent("precious");
    }

    @Test
    void whiteoutNamingDotDotIsRejected() {
        Path img = image(HandMadeImages.layer().dir("a").tar(), HandMadeImages.layer().file("a/.wh..", "").tar());
        assertRejected(img, "a/.wh..");
    }

    @Test
    void aRegularFileReplacesASymlinkInsteadOfWritingThroughIt() throws IOException {
        Path img = image(HandMadeImages.layer().symlink("f", outside.resolve("secret").toString()).tar(),
                HandMadeImages.layer().file("f", "mine").tar());

        Image image = open(img);

        assertThat(Files.isSymbolicLink(image.root().resolve("f"))).isFalse();
        assertThat(image.root().resolve("f")).hasContent("mine");
        assertThat(ImageTrees.listing(outside)).isEqualTo(before);
    }

    @Test
    void rewritingOneNameOfAHardLinkLeavesTheOtherAlone() throws IOException {
        Path img = image(HandMadeImages.layer().file("a", "first").hardLink("b", "a").tar(),
                HandMadeImages.layer().file("b", "second").tar());

        Image image = open(img);

        assertThat(image.root().resolve("a")).hasContent("first");
        assertThat(image.root().resolve("b")).hasContent("second");
    }

    @Test
    void deviceNodesAndFifosAreNotMaterialisedAndSetIdBitsAreDropped() throws IOException {
        Path img = image(HandMadeImages.layer().dir("dev").charDevice("dev/null", 1, 3).fifo("dev/fifo")
                .file("usr/bin/su", "#!/bin/sh\n", 04755).file("usr/bin/wall", "#!/bin/sh\n", 02755).tar());

        Image image = open(img);

        assertThat(image.root().resolve("dev/null")).doesNotExist();
        assertThat(image.root().resolve("dev/fifo")).doesNotExist();
        assertThat(image.skippedEntries()).anyMatch(s -> s.contains("dev/null") && s.contains("character device"))
                .anyMatch(s -> s.contains("dev/fifo") && s.contains("FIFO"));
        int suMode = (Integer) Files.getAttribute(image.root().resolve("usr/bin/su"), "unix:mode");
        int wallMode = (Integer) Files.getAttribute(image.root().resolve("usr/bin/wall"), "unix:mode");
        assertThat(suMode & 07777).isEqualTo(0755);
        assertThat(wallMode & 07777).isEqualTo(0755);
        assertThat(Files.getPosixFilePermissions(image.root().resolve("usr/bin/su"))).contains(PosixFilePermission.OWNER_EXECUTE);
        // reopening returns the same record of what was skipped
        assertThat(open(img).skippedEntries()).isEqualTo(image.skippedEntries());
    }

    @Test
    void entryCountAndSizesAreBounded() {
        Path img = image(HandMadeImages.layer().file("a", "12345").file("b", "12345").file("c", "12345").tar());
        assertThatThrownBy(() -> Image.opener().cache(cache).limits(new ImageLimits(2, 100, 100, 1 << 20)).open(img))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("entry 'c'")
                .hasMessageContaining("more than 2 entries");
        assertThatThrownBy(() -> Image.opener().cache(cache).limits(new ImageLimits(100, 4, 100, 1 << 20)).open(img))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("entry 'a'")
                .hasMessageContaining("limit of 4 bytes per file");
        assertThatThrownBy(() -> Image.opener().cache(cache).limits(new ImageLimits(100, 100, 12, 1 << 20)).open(img))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("entry 'c'")
                .hasMessageContaining("12 bytes in all");
        assertThatThrownBy(() -> Image.opener().cache(cache).limits(new ImageLimits(100, 100, 100, 64)).open(img))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("limit for a JSON document");
        assertNothingOutsideAndNothingCached();
    }

    @Test
    void aLayerWhoseDigestDoesNotMatchIsRejectedAfterUnpackingAndNothingIsCached() throws IOException {
        byte[] layer = HandMadeImages.layer().file("etc/motd", "hello").gzip();
        String digest = "sha256:" + ImageTrees.sha256(layer);
        Path img = HandMadeImages.layout(sandbox.resolve("image"), blobs -> {
            try {
                Path blob = blobs.resolve(digest.substring(7));
                // same size, other content: a valid gzip of another tar would do the same
                byte[] other = HandMadeImages.layer().file("etc/motd", "HELLO").gzip();
                Files.write(blob, java.util.Arrays.copyOf(other, layer.length));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, layer);
        before = ImageTrees.listing(outside);

        assertRejected(img, null).hasMessageContaining(digest);
    }

    @Test
    void aMissingBlobIsNamed() throws IOException {
        byte[] layer = HandMadeImages.layer().file("etc/motd", "hello").tar();
        String hex = ImageTrees.sha256(layer);
        Path img = HandMadeImages.layout(sandbox.resolve("image"), blobs -> {
            try {
                Files.delete(blobs.resolve(hex));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, layer);
        before = ImageTrees.listing(outside);

        assertRejected(img, null).hasMessageContaining("sha256:" + hex).hasMessageContaining("missing");
    }

    @Test
    void aTruncatedLayerIsRejected() throws IOException {
        byte[] layer = HandMadeImages.layer().file("etc/motd", "hello".repeat(1000)).gzip();
        byte[] cut = java.util.Arrays.copyOf(layer, layer.length / 2);
        Path img = image(cut);
        assertRejected(img, null).hasMessageContaining("sha256:" + ImageTrees.sha256(cut));
    }

    @Test
    void aManifestBlobThatWasTamperedWithIsRejected() throws IOException {
        byte[] layer = HandMadeImages.layer().file("etc/motd", "hello").tar();
        Path img = HandMadeImages.layout(sandbox.resolve("image"), layer);
        String index = Files.readString(img.resolve("index.json"));
        String manifestHex = index.replaceFirst("(?s).*sha256:([0-9a-f]{64}).*", "$1");
        Path manifest = img.resolve("blobs/sha256").resolve(manifestHex);
        Files.writeString(manifest, Files.readString(manifest).replace("schemaVersion\":2", "schemaVersion\":3"));
        before = ImageTrees.listing(outside);

        assertRejected(img, null).hasMessageContaining("sha256:" + manifestHex).hasMessageContaining("tampered");
    }
}
