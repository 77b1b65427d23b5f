package dev.gotrail.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Says where a tar archive that commons-compress refused ("Truncated TAR archive") is damaged, by
 * walking its headers as a stream: a {@code head -c N} copy of a {@code docker save} archive is a
 * tar archive whose last entry's data (or the header after it) is cut at byte N. Only consulted
 * after {@link org.apache.commons.compress.archivers.tar.TarFile} failed, so an intact archive
 * costs nothing.
 */
final class ArchiveDamage {

    /** The fix for a cut archive, in the words of the tools that make archives. */
    static final String FIX = "the copy or download was cut short: copy it again, or save it again"
            + " (docker save, podman save)";

    private static final int BLOCK = 512;

    private ArchiveDamage() {
    }

    /**
     * What is wrong with {@code archive} when it is a tar archive cut short, e.g. {@code is
     * truncated: the archive ends at byte 3000000 inside entry 'x.tar' (365578240 bytes of data
     * expected, 2999488 present); …}; null when it does not start like a tar archive or ends where
     * an archive may end.
     */
    static String truncation(Path archive) throws IOException {
        long length = Files.size(archive);
        String last = null;
        long lastEnd = 0;
        boolean broken = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            while (true) {
                TarArchiveEntry e;
                try {
                    e = in.getNextEntry(); // skips the previous entry's data by seeking, not reading
                } catch (IOException | IllegalArgumentException ex) {
                    broken = true;
                    break;
                }
                if (e == null) {
                    break;
                }
                long start = in.getBytesRead();
                long size = e.isLink() || e.isSymbolicLink() || e.isDirectory() ? 0 : e.getSize();
                if (start + size > length) {
                    return "is truncated: the archive ends at byte " + length + " inside entry '" + e.getName() + "' ("
                            + size + " bytes of data expected, " + Math.max(0, length - start) + " present); " + FIX;
                }
                last = e.getName();
                lastEnd = start + size;
            }
        }
        if (last == null) {
            return startsLikeTar(archive, length) && length < BLOCK
                    ? "is truncated: the archive ends at byte " + length + " inside the header of its first entry; " + FIX
                    : null;
        }
        long nextHeader = (lastEnd + BLOCK - 1) / BLOCK * BLOCK;
        // cut in the last entry's padding, or in the header after it; only zeros there are the
        // end-of-archive marker, cut after every entry was complete
        boolean cutHeader = length <= nextHeader || length < nextHeader + BLOCK && !zeros(archive, nextHeader, length);
        if (cutHeader && (broken || length % BLOCK != 0)) {
            return "is truncated: the archive ends at byte " + length + " after entry '" + last + "' (whose data ends at byte "
                    + lastEnd + "), before the next entry's header is complete; " + FIX;
        }
        return broken ? "is damaged: the tar header at byte " + nextHeader + ", after entry '" + last
                + "', is not a tar header; copy or save the image again" : null;
    }

    /**
     * Whether bytes {@code from} to {@code to} are all zero: the start of the end-of-archive marker
     * (two zero blocks), cut; every entry before it is complete, so the archive is usable.
     */
    private static boolean zeros(Path archive, long from, long to) throws IOException {
        if (from >= to) {
            return true;
        }
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(archive)) {
            ch.position(from);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (to - from));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // fill
            }
            for (int i = 0; i < buf.position(); i++) {
                if (buf.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The ustar magic ({@code "ustar"} at offset 257) that docker, podman and GNU tar write. */
    private static boolean startsLikeTar(Path archive, long length) throws IOException {
        if (length < 262) {
            return false;
        }
        byte[] head = new byte[262];
        try (InputStream in = Files.newInputStream(archive)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        }
        return new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }
}
