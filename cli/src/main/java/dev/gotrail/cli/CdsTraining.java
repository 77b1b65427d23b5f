package dev.gotrail.cli;

import dev.gotrail.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the {@code ./gotrail} launcher's class-data-sharing archive (internal;
 * not part of gotrail's API). The launcher runs it once per jar and java with
 * {@code -XX:ArchiveClassesAtExit}, so the archive holds the classes the common commands load:
 * {@code ldd} of the java binary, and {@code image} on a tiny docker-archive written here (opened
 * twice: unpacked into a cache of its own, then from that cache, as later runs find their images),
 * with and without {@code --json}. One JVM runs them all: a dynamic archive records one run only.
 * See docs/internals/performance.md, "CLI start-up". Output is discarded; the exit code is 0
 * unless the training could not run at all.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("gotrail-cds-training");
        String cache = System.getProperty("gotrail.image.cache");
        try {
            Path image = tinyImage(work.resolve("image"));
            System.setProperty("gotrail.image.cache", work.resolve("cache").toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            String java = ProcessHandle.current().info().command().orElse("/bin/sh");
            Main.run(List.of("ldd", java), sink, sink);
            Main.run(List.of("image", image.toString()), sink, sink);
            Main.run(List.of("image", image.toString()), sink, sink);
            Main.run(List.of("image", "--json", image.toString()), sink, sink);
        } finally {
            if (cache == null) {
                System.clearProperty("gotrail.image.cache");
            } else {
                System.setProperty("gotrail.image.cache", cache);
            }
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    p.toFile().setWritable(true);
                    p.toFile().delete();
                });
            }
        }
    }

    /**
     * A docker-archive (directory form) of one layer holding a go-like tree: {@code /etc/passwd},
     * {@code /usr/local/go/VERSION}, {@code /usr/local/go/bin/go} (a script, not ELF) and
     * {@code /usr/local/go/pkg/tool/OS_ARCH/}, PATH set as the golang images set it.
     */
    static Path tinyImage(Path dir) throws IOException {
        Files.createDirectories(dir);
        Platform p = Platform.current();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "etc/", '5', 0755, new byte[0]);
        entry(tar, "etc/passwd", '0', 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        entry(tar, "usr/local/go/", '5', 0755, new byte[0]);
        entry(tar, "usr/local/go/VERSION", '0', 0644, "go1.23.0\n".getBytes(StandardCharsets.UTF_8));
        entry(tar, "usr/local/go/bin/", '5', 0755, new byte[0]);
        entry(tar, "usr/local/go/bin/go", '0', 0755, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        entry(tar, "usr/local/go/pkg/tool/" + p.os() + "_" + p.architecture() + "/", '5', 0755, new byte[0]);
        tar.write(new byte[1024]); // two zero blocks end the archive
        byte[] layer = tar.toByteArray();
        String layerHex = sha256(layer);
        Files.createDirectories(dir.resolve(layerHex));
        Files.write(dir.resolve(layerHex).resolve("layer.tar"), layer);
        byte[] config = ("{\"architecture\":\"" + p.architecture() + "\",\"os\":\"" + p.os() + "\",\"config\":{\"Env\":"
                + "[\"PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"GOTOOLCHAIN=local\"],"
                + "\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerHex + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configHex = sha256(config);
        Files.write(dir.resolve(configHex + ".json"), config);
        Files.writeString(dir.resolve("manifest.json"), "[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"gotrail/cds-training:1\"],"
                + "\"Layers\":[\"" + layerHex + "/layer.tar\"]}]", StandardCharsets.UTF_8);
        return dir;
    }

    /** One ustar entry (POSIX.1-1988 header, 512-byte blocks). */
    private static void entry(ByteArrayOutputStream out, String name, char type, int mode, byte[] content) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, String.format("%07o", mode));
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, String.format("%011o", 0));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
