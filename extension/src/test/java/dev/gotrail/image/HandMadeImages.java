package dev.gotrail.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Hostile images, the only hand-made fixtures of the image tests: layers written entry by entry with
 * commons-compress's {@link TarArchiveOutputStream} (no real tool writes a {@code ..} name or a
 * symlink followed by an entry through it), wrapped in a minimal OCI image layout whose digests are
 * right, so that only the layer content is hostile.
 */
final class HandMadeImages {

    private HandMadeImages() {
    }

    /** Writes entries into one layer tar. */
    static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        Layer() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Layer file(String name, String content) {
            return file(name, content, 0644);
        }

        Layer file(String name, String content, int mode) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(mode);
            put(e, data);
            return this;
        }

        Layer dir(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            e.setMode(0755);
            put(e, null);
            return this;
        }

        Layer symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            put(e, null);
            return this;
        }

        Layer hardLink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            e.setLinkName(target);
            put(e, null);
            return this;
        }

        Layer charDevice(String name, int major, int minor) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            e.setMode(0666);
            put(e, null);
            return this;
        }

        Layer fifo(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            put(e, null);
            return this;
        }

        private void put(TarArchiveEntry e, byte[] data) {
            try {
                tar.putArchiveEntry(e);
                if (data != null) tar.write(data);
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        byte[] tar() {
            try {
                tar.finish();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return bytes.toByteArray();
        }

        byte[] gzip() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(tar());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return out.toByteArray();
        }
    }

    static Layer layer() {
        return new Layer();
    }

    /** An OCI image layout in {@code dir} with these layer blobs (stored as given), correct digests everywhere. */
    static Path layout(Path dir, byte[]... layers) {
        return layout(dir, b -> { }, layers);
    }

    /** Like {@link #layout(Path, byte[]...)}; {@code tamper} may change the blobs directory afterwards. */
    static Path layout(Path dir, Consumer<Path> tamper, byte[]... layers) {
        try {
            Path blobs = dir.resolve("blobs/sha256");
            Files.createDirectories(blobs);
            List<String> layerDescs = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            for (byte[] layer : layers) {
                String hex = blob(blobs, layer);
                boolean gz = layer.length > 1 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
                layerDescs.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar" + (gz ? "+gzip" : "")
                        + "\",\"digest\":\"sha256:" + hex + "\",\"size\":" + layer.length + "}");
                diffIds.add("\"sha256:" + (gz ? diffId(layer) : hex) + "\"");
            }
            byte[] config = ("{\"architecture\":\"" + Platform.current().architecture() + "\",\"os\":\"linux\","
                    + "\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                    + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
            String configHex = blob(blobs, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + configHex
                    + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", layerDescs) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String manifestHex = blob(blobs, manifest);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifestHex + "\",\"size\":"
                    + manifest.length + "}]}");
            tamper.accept(blobs);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blob(Path blobs, byte[] content) throws IOException {
        String hex = ImageTrees.sha256(content);
        Files.write(blobs.resolve(hex), content);
        return hex;
    }

    /** The uncompressed digest; for a truncated gzip, of what decompresses (the layer digest fails first). */
    private static String diffId(byte[] gz) {
        try {
            return ImageTrees.sha256(gunzip(gz));
        } catch (IOException e) {
            return ImageTrees.sha256(new byte[0]);
        }
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
