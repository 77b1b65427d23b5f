package dev.gotrail.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The files of an image as stored: a directory (OCI image layout, an unpacked docker-archive) or
 * an archive (docker-archive, oci-archive) read with random access. Names are relative
 * ({@code index.json}, {@code blobs/sha256/…}, {@code manifest.json}); a name that would leave the
 * directory is never opened.
 */
abstract class BlobSource implements Closeable {

    /** The size of the stored file, empty when there is none by that name. */
    abstract OptionalLong size(String name) throws IOException;

    /** Opens the stored file; the caller closes it. */
    abstract InputStream open(String name) throws IOException;

    boolean exists(String name) throws IOException {
        return size(name).isPresent();
    }

    static BlobSource of(Path image) throws IOException {
        return Files.isDirectory(image) ? new DirectorySource(image) : new ArchiveSource(image);
    }

    /** Strips {@code ./}; null for names that are absolute or climb with {@code ..}. */
    static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.startsWith("/") || n.isEmpty()) {
            return null;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return null;
            }
        }
        return n;
    }

    private static final class DirectorySource extends BlobSource {
        private final Path dir;

        DirectorySource(Path dir) {
            this.dir = dir;
        }

        private Path file(String name) {
            String n = clean(name);
            return n == null ? null : dir.resolve(n);
        }

        @Override
        OptionalLong size(String name) throws IOException {
            Path f = file(name);
            if (f == null || !Files.isRegularFile(f)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Files.size(f));
        }

        @Override
        InputStream open(String name) throws IOException {
            Path f = file(name);
            if (f == null || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f)) {
                throw new java.nio.file.NoSuchFileException(String.valueOf(f));
            }
            return Files.newInputStream(f);
        }

        @Override
        public void close() {
        }
    }

    /**
     * The archive as a tar file, or an {@link ImageFormatException} that says what the file is
     * instead (commons-compress only says "Corrupted TAR archive." or "Truncated TAR archive"): a
     * compressed archive is named with the command that makes it usable, a tar archive cut short
     * with the byte and entry where it ends ({@link ArchiveDamage}).
     */
    static TarFile openTar(Path archive) throws IOException {
        try {
            TarFile tar = new TarFile(archive);
            if (Files.size(archive) % 512 != 0) {
                // every tar writer writes whole 512-byte blocks; commons-compress takes a header cut
                // short for the end of the archive, so an archive cut there would lose its last entries
                String damage = ArchiveDamage.truncation(archive);
                if (damage != null) {
                    tar.close();
                    throw new ImageFormatException(archive, null, null, damage);
                }
            }
            return tar;
        } catch (ImageFormatException e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            byte[] head = new byte[4];
            int n;
            try (InputStream in = Files.newInputStream(archive)) {
                n = in.readNBytes(head, 0, 4);
            }
            String what = n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                    ? "a gzip-compressed file; an image archive is a plain tar: gunzip it first (docker save | gzip made it?)"
                    : n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd
                    ? "a zstd-compressed file; an image archive is a plain tar: unzstd it first"
                    : n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F'
                    ? "an ELF program, not an image"
                    : null;
            if (what == null) {
                // a tar archive cut short (head -c, an interrupted copy) is one, not "no tar archive"
                String damage = ArchiveDamage.truncation(archive);
                if (damage != null) {
                    throw new ImageFormatException(archive, null, null, damage, e);
                }
                what = "not a tar archive (" + ImageFormatException.reason(e) + ")";
            }
            throw new ImageFormatException(archive, null, null, "is " + what + ". An image is a docker save or podman save "
                    + "archive, an OCI image layout (a directory or its tar), or an extracted root directory", e);
        }
    }

    private static final class ArchiveSource extends BlobSource {
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> entries = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();

        ArchiveSource(Path archive) throws IOException {
            this.tar = openTar(archive);
            for (TarArchiveEntry e : tar.getEntries()) {
                String n = clean(e.getName());
                if (n == null) {
                    continue;
                }
                if (LayerUnpacker.isRegular(e)) {
                    entries.put(n, e);
                } else if (e.isSymbolicLink() || e.isLink()) {
                    // docker save links a layer shared by two images: 2/layer.tar -> ../1/layer.tar
                    String target = e.isLink() ? clean(e.getLinkName())
                            : clean(Path.of("/" + n).getParent().resolve(e.getLinkName()).normalize().toString().substring(1));
                    if (target != null) {
                        links.put(n, target);
                    }
                }
            }
        }

        private TarArchiveEntry entry(String name) {
            String n = clean(name);
            for (int hops = 0; n != null && hops < 8; hops++) {
                TarArchiveEntry e = entries.get(n);
                if (e != null) {
                    return e;
                }
                n = links.get(n);
            }
            return null;
        }

        @Override
        OptionalLong size(String name) {
            TarArchiveEntry e = entry(name);
            return e == null ? OptionalLong.empty() : OptionalLong.of(e.getSize());
        }

        @Override
        InputStream open(String name) throws IOException {
            TarArchiveEntry e = entry(name);
            if (e == null) {
                throw new java.nio.file.NoSuchFileException(name);
            }
            return tar.getInputStream(e);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
