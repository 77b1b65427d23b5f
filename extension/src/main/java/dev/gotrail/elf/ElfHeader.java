package dev.gotrail.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ELF file header ({@code Elf32_Ehdr}/{@code Elf64_Ehdr}) exactly as far as it could be read,
 * without judging it: the dynamic loader reads the first bytes of a candidate library and decides
 * from them alone whether it can use the file (glibc's {@code open_verify} in elf/dl-load.c). The
 * reader never throws for a short or malformed file; {@link #length()} says how many bytes were
 * there, and fields beyond it read as 0.
 *
 * <p>Multi-byte fields are decoded in the file's own byte order ({@code EI_DATA}; little-endian
 * when that byte is neither 1 nor 2) and at the offsets of the file's own class ({@code EI_CLASS};
 * the 64-bit layout unless it says ELFCLASS32).
 *
 * @param length      bytes read, at most {@link #MAX_SIZE}
 * @param magic       the first four bytes are {@code \x7fELF}
 * @param elfClass    EI_CLASS: 1 = ELFCLASS32, 2 = ELFCLASS64 (raw byte)
 * @param data        EI_DATA: 1 = little-endian, 2 = big-endian (raw byte)
 * @param identVersion EI_VERSION (1 = EV_CURRENT)
 * @param osAbi       EI_OSABI (0 = System V, 3 = GNU/Linux)
 * @param abiVersion  EI_ABIVERSION
 * @param paddingZero the bytes EI_PAD..15 are all zero
 * @param type        e_type (2 = ET_EXEC, 3 = ET_DYN)
 * @param machine     e_machine
 * @param version     e_version (1 = EV_CURRENT)
 * @param phentsize   e_phentsize
 */
public record ElfHeader(int length, boolean magic, int elfClass, int data, int identVersion, int osAbi, int abiVersion,
        boolean paddingZero, int type, ElfMachine machine, long version, int phentsize) {

    /** The size of an Elf64_Ehdr, the most this reader reads. */
    public static final int MAX_SIZE = 64;
    /** EI_CLASS of 32-bit objects. */
    public static final int ELFCLASS32 = 1;
    /** EI_CLASS of 64-bit objects. */
    public static final int ELFCLASS64 = 2;

    /**
     * Reads the header of {@code file} with one positional read loop (the loader's {@code read}
     * until a whole header is there or the file ends).
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws java.nio.file.AccessDeniedException when it cannot be opened for reading
     * @throws IOException when it cannot be read (a directory gives "Is a directory")
     */
    public static ElfHeader read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_SIZE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill the header, as glibc's loop of read(2) calls does
            }
        }
        return parse(b.array(), b.position());
    }

    /** Decodes the first {@code length} bytes of {@code bytes} (the rest is ignored). */
    public static ElfHeader parse(byte[] bytes, int length) {
        int n = Math.min(Math.min(length, bytes.length), MAX_SIZE);
        byte[] h = new byte[MAX_SIZE];
        System.arraycopy(bytes, 0, h, 0, n);
        boolean magic = n >= 4 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F';
        boolean padding = true;
        for (int i = 9; i < 16; i++) {
            padding &= h[i] == 0;
        }
        int data = h[5] & 0xff;
        boolean is32 = h[4] == ELFCLASS32;
        ByteBuffer hb = ByteBuffer.wrap(h).order(data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return new ElfHeader(n, magic, h[4] & 0xff, data, h[6] & 0xff, h[7] & 0xff, h[8] & 0xff, padding,
                hb.getShort(16) & 0xffff, new ElfMachine(hb.getShort(18) & 0xffff), hb.getInt(20) & 0xffffffffL,
                hb.getShort(is32 ? 42 : 54) & 0xffff);
    }

    /** sizeof(Elf32_Ehdr) or sizeof(Elf64_Ehdr) for an object of class {@code bits} (32 or 64). */
    public static int headerSize(int bits) {
        return bits == 64 ? 64 : 52;
    }

    /** sizeof(Elf32_Phdr) or sizeof(Elf64_Phdr) for an object of class {@code bits} (32 or 64). */
    public static int programHeaderSize(int bits) {
        return bits == 64 ? 56 : 32;
    }

    /** EI_CLASS as a bit count (32 or 64), 0 for any other value. */
    public int bits() {
        return elfClass == ELFCLASS64 ? 64 : elfClass == ELFCLASS32 ? 32 : 0;
    }

    /** EI_DATA as a byte order; null when it is neither 1 nor 2. */
    public ByteOrder byteOrder() {
        return data == 1 ? ByteOrder.LITTLE_ENDIAN : data == 2 ? ByteOrder.BIG_ENDIAN : null;
    }
}
