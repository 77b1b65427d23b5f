package dev.gotrail.buildinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Positional, bounded reads of one file: every range is checked against the file size before
 * anything is allocated, so a hostile offset or size can never allocate more than the request
 * cap nor read past the end.
 */
final class FileBytes {

    /** No single read is larger than this (the scan for the magic reads in chunks of this size). */
    static final int MAX_READ = 16 * 1024 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final long size;

    FileBytes(FileChannel channel, Path file, long size) {
        this.channel = channel;
        this.file = file;
        this.size = size;
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    GoBinaryFormatException error(long offset, String problem) {
        return new GoBinaryFormatException(file, Math.max(0, Math.min(offset, size)), problem);
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
        ByteBuffer buf = ByteBuffer.allocate((int) length).order(order);
        try {
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos);
                if (n < 0) {
                    throw error(pos, what + ": file ended early (truncated while reading?)");
                }
                pos += n;
            }
        } catch (GoBinaryFormatException e) {
            throw e;
        } catch (IOException e) {
            throw error(offset, what + ": cannot read: " + e.getMessage());
        }
        return buf.flip();
    }

    /** Up to {@code length} bytes at {@code offset} (fewer at the end of the file); for probing magic numbers. */
    byte[] prefix(long offset, int length) throws GoBinaryFormatException {
        if (offset >= size) {
            return new byte[0];
        }
        return read(offset, Math.min(length, size - offset), ByteOrder.LITTLE_ENDIAN, "magic").array();
    }
}
