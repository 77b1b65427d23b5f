package dev.gotrail.buildinfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds and decodes the build-info blob, following Go's {@code debug/buildinfo.readRawBuildInfo}:
 * the 32-byte header starting with {@code "\xff Go buildinf:"} at a 16-byte-aligned offset of the
 * data start, then either the inline form (flag bit 2, Go 1.18+: two uvarint-length-prefixed
 * strings after the header) or the pointer form (two pointers to Go string headers, byte order in
 * the flag byte, pointer size in byte 14).
 */
final class BuildInfoReader {

    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int ALIGN = 16;
    private static final int HEADER = 32;
    private static final int CHUNK = 64 * 1024;
    private static final int FLAG_INLINE = 2;

    /** The raw strings and where they were found (file offsets). */
    record Raw(String format, String version, String modInfo, long headerOffset, long modInfoOffset, boolean inline) { }

    private final FileBytes in;
    private final Executable x;

    BuildInfoReader(FileBytes in, Executable x) {
        this.in = in;
        this.x = x;
    }

    /** Null when the file holds no build information (Go's "not a Go executable"). */
    Raw read() throws GoBinaryFormatException {
        Executable.Data data = x.dataStart();
        if (data == null || data.size() == 0) {
            return null;
        }
        Executable.FileRange range = x.map(data.address(), data.size());
        if (range == null) {
            return null; // Go: "unrecognized file format"
        }
        long header = findMagic(range);
        if (header < 0) {
            return null;
        }
        long end = range.offset() + range.length();
        ByteBuffer h = in.read(header, HEADER, ByteOrder.LITTLE_ENDIAN, "build-info header");
        int ptrSize = Byte.toUnsignedInt(h.get(14));
        int flags = Byte.toUnsignedInt(h.get(15));
        String version;
        byte[] mod;
        long modOffset;
        boolean inline = (flags & FLAG_INLINE) != 0;
        if (inline) {
            long[] vers = inlineString(header + HEADER, end, "Go version");
            long[] modRange = inlineString(vers[0] + vers[1], end, "module information");
            version = new String(in.read(vers[0], vers[1], ByteOrder.LITTLE_ENDIAN, "Go version").array(), StandardCharsets.UTF_8);
            mod = in.read(modRange[0], modRange[1], ByteOrder.LITTLE_ENDIAN, "module information").array();
            modOffset = modRange[0];
        } else {
            ByteOrder order = flags != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (ptrSize != 4 && ptrSize != 8) {
                throw in.error(header + 14, "build-info pointer size " + ptrSize + " is neither 4 nor 8");
            }
            ByteBuffer ptrs = in.read(header + 16, 2L * ptrSize, order, "build-info pointers");
            long[] vers = pointerString(pointer(ptrs, 0, ptrSize), ptrSize, order, "Go version");
            long[] modRange = pointerString(pointer(ptrs, ptrSize, ptrSize), ptrSize, order, "module information");
            if (vers == null) {
                return null; // Go: an unreadable version string means "not a Go executable"
            }
            version = new String(in.read(vers[0], vers[1], order, "Go version").array(), StandardCharsets.UTF_8);
            mod = modRange == null ? new byte[0] : in.read(modRange[0], modRange[1], order, "module information").array();
            modOffset = modRange == null ? header : modRange[0];
        }
        if (version.isEmpty()) {
            return null;
        }
        // The module text is framed by 16 sentinel bytes on each side and ends with a newline.
        String modInfo = "";
        if (mod.length >= 33 && mod[mod.length - 17] == '\n') {
            modInfo = new String(Arrays.copyOfRange(mod, 16, mod.length - 16), StandardCharsets.UTF_8);
            modOffset += 16;
        }
        return new Raw(x.format(), version, modInfo, header, modOffset, inline);
    }

    /** The first 16-aligned offset (relative to the data start) holding the magic with a full header after it; -1 if none. */
    private long findMagic(Executable.FileRange range) throws GoBinaryFormatException {
        long start = range.offset();
        long length = range.length();
        if (start < 0 || start > in.size() || Long.compareUnsigned(length, in.size() - start) > 0) {
            throw in.error(start, x.format() + " data at 0x" + Long.toHexString(start) + " (" + Long.toUnsignedString(length)
                    + " bytes) lies outside the file of " + in.size() + " bytes");
        }
        for (long chunkAt = 0; chunkAt + HEADER <= length; chunkAt += CHUNK) {
            int n = (int) Math.min(CHUNK + HEADER, length - chunkAt);
            ByteBuffer b = in.read(start + chunkAt, n, ByteOrder.LITTLE_ENDIAN, "data searched for the build-info magic");
            for (int i = 0; i < CHUNK && i + HEADER <= n; i += ALIGN) {
                if (startsWithMagic(b, i)) {
                    return start + chunkAt + i;
                }
            }
        }
        return -1;
    }

    private static boolean startsWithMagic(ByteBuffer b, int at) {
        for (int k = 0; k < MAGIC.length; k++) {
            if (b.get(at + k) != MAGIC[k]) {
                return false;
            }
        }
        return true;
    }

    /** {offset, length} of a uvarint-length-prefixed string at {@code at} that must end by {@code end}. */
    private long[] inlineString(long at, long end, String what) throws GoBinaryFormatException {
        long value = 0;
        int shift = 0;
        long pos = at;
        while (true) {
            if (pos >= end) {
                throw in.error(at, what + ": length prefix runs past the end of the build-info data");
            }
            int b = Byte.toUnsignedInt(in.read(pos, 1, ByteOrder.LITTLE_ENDIAN, what + " length").get(0));
            pos++;
            if (shift == 63 && b > 1) {
                throw in.error(at, what + ": length prefix overflows 64 bits");
            }
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw in.error(at, what + ": length prefix overflows 64 bits");
            }
        }
        if (Long.compareUnsigned(value, end - pos) > 0) {
            throw in.error(at, what + ": length " + Long.toUnsignedString(value) + " runs past the end of the build-info data ("
                    + (end - pos) + " bytes left)");
        }
        return new long[] {pos, value};
    }

    private static long pointer(ByteBuffer b, int at, int size) {
        return size == 4 ? Integer.toUnsignedLong(b.getInt(at)) : b.getLong(at);
    }

    /** {offset, length} of the bytes of the Go string whose header is at virtual address {@code addr}; null when unmapped. */
    private long[] pointerString(long addr, int ptrSize, ByteOrder order, String what) throws GoBinaryFormatException {
        Executable.FileRange hdr = x.map(addr, 2L * ptrSize);
        if (hdr == null || hdr.length() < 2L * ptrSize) {
            return null;
        }
        ByteBuffer h = in.read(hdr.offset(), 2L * ptrSize, order, what + " string header");
        long dataAddr = pointer(h, 0, ptrSize);
        long dataLen = pointer(h, ptrSize, ptrSize);
        Executable.FileRange data = x.map(dataAddr, dataLen);
        if (data == null || Long.compareUnsigned(data.length(), dataLen) < 0) {
            return null;
        }
        return new long[] {data.offset(), data.length()};
    }
}
