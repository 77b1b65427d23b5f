package dev.gotrail.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads bounded ranges of a file through positional reads: every read is checked against the
 * file size first, so hostile offsets and sizes can never cause an allocation larger than the
 * file or a read past its end.
 */
final class BoundedReader {

    /** Strings longer than this are treated as corrupt: no loader path or version name is this long. */
    static final int MAX_STRING = 64 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final long size;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    /** 4 KiB blocks already read: the headers, dynamic section, strings and versions cluster. */
    private final java.util.Map<Long, byte[]> blocks = new java.util.HashMap<>();
    private static final int BLOCK = 4096;
    private static final int MAX_BLOCKS = 256;

    BoundedReader(FileChannel channel, Path file, long size) {
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

    void order(ByteOrder newOrder) {
        this.order = newOrder;
    }

    ByteOrder order() {
        return order;
    }

    ElfFormatException error(long offset, String problem) {
        return new ElfFormatException(file, offset, problem);
    }

    /** Reads exactly {@code length} bytes at {@code offset}, failing with what was being read. */
    ByteBuffer read(long offset, long length, String what) throws ElfFormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            // Name a position inside the file; the hostile value itself goes into the message.
            throw error(Math.max(0, Math.min(offset, size)), what + " at 0x" + Long.toHexString(offset) + " (" + Long.toUnsignedString(length)
                    + " bytes) lies outside the file of " + size + " bytes");
        }
        long firstBlock = offset / BLOCK;
        long lastBlock = (offset + Math.max(length, 1) - 1) / BLOCK;
        if (lastBlock - firstBlock <= 1) {
            byte[] out = new byte[(int) length];
            int done = 0;
            for (long blk = firstBlock; blk <= lastBlock && done < length; blk++) {
                byte[] data = block(blk, what);
                int from = (int) (offset + done - blk * BLOCK);
                int n = (int) Math.min(length - done, data.length - from);
                if (n <= 0) {
                    throw error(offset + done, what + ": file ended early (truncated while reading?)");
                }
                System.arraycopy(data, from, out, done, n);
                done += n;
            }
            return ByteBuffer.wrap(out).order(order);
        }
        return readDirect(offset, length, what);
    }

    private byte[] block(long index, String what) throws ElfFormatException {
        byte[] cached = blocks.get(index);
        if (cached != null) {
            return cached;
        }
        long start = index * BLOCK;
        int len = (int) Math.min(BLOCK, size - start);
        byte[] data = readDirect(start, len, what).array();
        if (blocks.size() < MAX_BLOCKS) {
            blocks.put(index, data);
        }
        return data;
    }

    private ByteBuffer readDirect(long offset, long length, String what) throws ElfFormatException {
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
        } catch (ElfFormatException e) {
            throw e;
        } catch (IOException e) {
            throw error(offset, what + ": cannot read: " + e.getMessage());
        }
        return buf.flip();
    }

    /** A NUL-terminated string starting at {@code offset} that must end before {@code limit}. */
    String string(long offset, long limit, String what) throws ElfFormatException {
        long end = Math.min(limit, size);
        if (offset < 0 || offset >= end) {
            throw error(Math.max(0, Math.min(offset, size)), what + ": string offset 0x" + Long.toHexString(offset) + " outside its table");
        }
        StringBuilder out = null;
        long pos = offset;
        int chunk = 256;
        while (pos < end) {
            int len = (int) Math.min(chunk, end - pos);
            ByteBuffer b = read(pos, len, what);
            for (int i = 0; i < len; i++) {
                if (b.get(i) == 0) {
                    String s = new String(b.array(), 0, i, StandardCharsets.UTF_8);
                    return out == null ? s : out.append(s).toString();
                }
            }
            if (out == null) out = new StringBuilder();
            out.append(new String(b.array(), 0, len, StandardCharsets.UTF_8));
            if (out.length() > MAX_STRING) {
                throw error(offset, what + ": string longer than " + MAX_STRING + " bytes");
            }
            pos += len;
            chunk = Math.min(chunk * 4, 16 * 1024);
        }
        throw error(offset, what + ": string not NUL-terminated within its table");
    }
}
