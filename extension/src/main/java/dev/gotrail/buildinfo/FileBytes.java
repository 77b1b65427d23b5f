package dev.gotrail.buildinfo;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Positional, bounded reads of one file: every range is checked against the file size before
 * anything is allocated, so a hostile offset or size can never allocate more than the request
 * cap nor read past the end.
 *
 * <p>Only the bytes asked for are read, never the whole file: a Go binary's build information
 * takes a handful of small reads (the headers, the section names, the build-info blob). Small
 * reads are served from one read-ahead window of {@link #WINDOW} bytes, so that the header, the
 * uvarint lengths and the strings after it cost one system call. A {@link RandomAccessFile} rather
 * than a {@code FileChannel}: it is loaded and initialised in every JVM already, which keeps the
 * first read of a cold JVM (a CLI run) cheap (docs/performance.md).
 */
final class FileBytes {

    /** No single read is larger than this (the scan for the magic reads in chunks of this size). */
    static final int MAX_READ = 16 * 1024 * 1024;
    /** Reads of at most this many bytes go through the read-ahead window. */
    static final int WINDOW = 8 * 1024;

    private final RandomAccessFile file;
    private final Path path;
    private final long size;
    private byte[] window;
    private long windowAt = -1;
    private int windowLength;

    FileBytes(RandomAccessFile file, Path path, long size) {
        this.file = file;
        this.path = path;
        this.size = size;
    }

    long size() {
        return size;
    }

    Path file() {
        return path;
    }

    GoBinaryFormatException error(long offset, String problem) {
        return new GoBinaryFormatException(path, Math.max(0, Math.min(offset, size)), problem);
    }

    /** Exactly {@code length} bytes at {@code offset}, in {@code order}. */
    ByteBuffer read(long offset, long length, ByteOrder order, String what) throws GoBinaryFormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw error(offset, what + " at 0x" + Long.toHexString(offset) + " (" + Long.toUnsignedString(length)
                    + " bytes) lies outside the file of " + size + " bytes");
        }
        if (length > MAX_READ) {
            throw error(offset, what + ": " + length + " bytes is larger than the " + MAX_READ + "-byte limit");
        }
        byte[] bytes = new byte[(int) length];
        if (length <= WINDOW / 2) {
            if (windowAt < 0 || offset < windowAt || offset + length > windowAt + windowLength) {
                fill(offset, what);
            }
            System.arraycopy(window, (int) (offset - windowAt), bytes, 0, (int) length);
        } else {
            readFully(offset, bytes, bytes.length, what);
        }
        return ByteBuffer.wrap(bytes).order(order);
    }

    /** Loads the window with the bytes from {@code offset} on (fewer at the end of the file). */
    private void fill(long offset, String what) throws GoBinaryFormatException {
        if (window == null) {
            window = new byte[WINDOW];
        }
        int n = (int) Math.min(WINDOW, size - offset);
        windowAt = -1;
        readFully(offset, window, n, what);
        windowAt = offset;
        windowLength = n;
    }

    private void readFully(long offset, byte[] into, int length, String what) throws GoBinaryFormatException {
        try {
            file.seek(offset);
            file.readFully(into, 0, length);
        } catch (EOFException e) {
            throw error(offset, what + ": file ended early (truncated while reading?)");
        } catch (IOException e) {
            throw error(offset, what + ": cannot read: " + e.getMessage());
        }
    }

    /** Up to {@code length} bytes at {@code offset} (fewer at the end of the file); for probing magic numbers. */
    byte[] prefix(long offset, int length) throws GoBinaryFormatException {
        if (offset >= size) {
            return new byte[0];
        }
        return read(offset, Math.min(length, size - offset), ByteOrder.LITTLE_ENDIAN, "magic").array();
    }
}
