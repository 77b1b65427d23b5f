package dev.gotrail.buildinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Derives the cases no toolchain on this machine produces from real Go binaries:
 * a binary whose section headers were removed (as {@code sstrip} does), and a binary whose
 * build information is in the pre-Go-1.18 pointer-based form (what Go 1.17 and older wrote). Real
 * {@code go version -m} reads both, so they are checked against it like any other binary.
 */
final class ElfSurgery {

    private ElfSurgery() {
    }

    /** A copy of {@code from} with e_shoff, e_shnum and e_shstrndx zeroed: no section headers. */
    static void removeSectionHeaders(Path from, Path to) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(from));
        b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean is64 = b.get(4) == 2;
        if (is64) {
            b.putLong(40, 0);
            b.putShort(60, (short) 0);
            b.putShort(62, (short) 0);
        } else {
            b.putInt(32, 0);
            b.putShort(48, (short) 0);
            b.putShort(50, (short) 0);
        }
        Files.write(to, b.array());
    }

    /**
     * A copy of {@code from} with its inline (Go 1.18+) build information rewritten in place into
     * the pointer-based form: flag byte 0 (little-endian) or 1 (big-endian), two pointers to Go
     * string headers right after the 32-byte header, then the string bytes.
     */
    static void rewriteAsPointerForm(Path from, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(from);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean bigEndian = b.get(5) == 2;
        b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean is64 = b.get(4) == 2;
        int ptr = is64 ? 8 : 4;
        int header = magicOffset(bytes);
        if ((b.get(header + 15) & 2) == 0) {
            throw new IllegalArgumentException(from + " is not in the inline form");
        }
        int[] vers = uvarintString(bytes, header + 32);
        int[] mod = uvarintString(bytes, vers[0] + vers[1]);
        byte[] version = java.util.Arrays.copyOfRange(bytes, vers[0], vers[0] + vers[1]);
        byte[] modinfo = java.util.Arrays.copyOfRange(bytes, mod[0], mod[0] + mod[1]);
        long vaddr = vaddrOf(b, is64, header);

        int stringHeaders = header + 16 + 2 * ptr;
        int versAt = stringHeaders + 4 * ptr;
        int modAt = versAt + version.length;
        b.put(header + 15, (byte) (bigEndian ? 1 : 0));
        putPtr(b, header + 16, vaddr + (stringHeaders - header), ptr);
        putPtr(b, header + 16 + ptr, vaddr + (stringHeaders + 2 * ptr - header), ptr);
        putPtr(b, stringHeaders, vaddr + (versAt - header), ptr);
        putPtr(b, stringHeaders + ptr, version.length, ptr);
        putPtr(b, stringHeaders + 2 * ptr, vaddr + (modAt - header), ptr);
        putPtr(b, stringHeaders + 3 * ptr, modinfo.length, ptr);
        System.arraycopy(version, 0, bytes, versAt, version.length);
        System.arraycopy(modinfo, 0, bytes, modAt, modinfo.length);
        Files.write(to, bytes);
    }

    private static void putPtr(ByteBuffer b, int at, long value, int size) {
        if (size == 8) {
            b.putLong(at, value);
        } else {
            b.putInt(at, (int) value);
        }
    }

    /** The offset of the build-info header (the 16-byte-aligned magic) in {@code bytes}. */
    static int magicOffset(byte[] bytes) {
        byte[] magic = BuildInfoReader.MAGIC;
        outer:
        for (int i = 0; i + 32 <= bytes.length; i += 16) {
            for (int k = 0; k < magic.length; k++) {
                if (bytes[i + k] != magic[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no build-info magic");
    }

    private static int[] uvarintString(byte[] bytes, int at) {
        long value = 0;
        int shift = 0;
        int pos = at;
        while (true) {
            int c = bytes[pos++] & 0xff;
            value |= (long) (c & 0x7f) << shift;
            if (c < 0x80) {
                break;
            }
            shift += 7;
        }
        return new int[] {pos, (int) value};
    }

    /** The virtual address of file offset {@code offset}, through the PT_LOAD segment holding it. */
    private static long vaddrOf(ByteBuffer b, boolean is64, long offset) {
        long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
        int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            if (b.getInt(o) != 1) {
                continue;
            }
            long off = is64 ? b.getLong(o + 8) : Integer.toUnsignedLong(b.getInt(o + 4));
            long vaddr = is64 ? b.getLong(o + 16) : Integer.toUnsignedLong(b.getInt(o + 8));
            long filesz = is64 ? b.getLong(o + 32) : Integer.toUnsignedLong(b.getInt(o + 16));
            if (offset >= off && offset < off + filesz) {
                return vaddr + (offset - off);
            }
        }
        throw new IllegalArgumentException("offset " + offset + " is in no PT_LOAD segment");
    }
}
