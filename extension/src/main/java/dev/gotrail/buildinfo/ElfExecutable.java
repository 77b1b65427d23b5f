package dev.gotrail.buildinfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF file as Go's {@code debug/buildinfo} reads it: the {@code .go.buildinfo} section when
 * section headers exist, else the first PT_LOAD segment that is writable and not executable;
 * addresses map to file offsets through the PT_LOAD segments' file sizes.
 */
final class ElfExecutable implements Executable {

    private static final int PT_LOAD = 1;
    private static final int PF_X = 1;
    private static final int PF_W = 2;
    private static final int SHN_XINDEX = 0xffff;
    /** More section headers than this is hostile: real binaries have a few dozen. */
    private static final long MAX_SECTIONS = 1 << 16;

    private record Segment(long type, long flags, long offset, long vaddr, long filesz, long memsz) { }

    private final FileBytes in;
    private final boolean is64;
    private final ByteOrder order;
    private final List<Segment> segments = new ArrayList<>();
    private Data buildInfoSection;

    private ElfExecutable(FileBytes in, boolean is64, ByteOrder order) {
        this.in = in;
        this.is64 = is64;
        this.order = order;
    }

    static ElfExecutable read(FileBytes in, byte[] ident) throws GoBinaryFormatException {
        if (ident.length < 16) {
            throw in.error(ident.length, "ELF identification truncated (" + ident.length + " of 16 bytes)");
        }
        boolean is64 = switch (ident[4]) {
            case 1 -> false;
            case 2 -> true;
            default -> throw in.error(4, "ELF class " + ident[4] + " is neither ELFCLASS32 nor ELFCLASS64");
        };
        ByteOrder order = switch (ident[5]) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw in.error(5, "ELF data encoding " + ident[5] + " is neither ELFDATA2LSB nor ELFDATA2MSB");
        };
        ElfExecutable x = new ElfExecutable(in, is64, order);
        x.parse();
        return x;
    }

    @Override
    public String format() {
        return "ELF";
    }

    private void parse() throws GoBinaryFormatException {
        ByteBuffer h = in.read(0, is64 ? 64 : 52, order, "ELF header");
        long phoff = is64 ? h.getLong(32) : u32(h, 28);
        long shoff = is64 ? h.getLong(40) : u32(h, 32);
        int base = is64 ? 54 : 42;
        int phentsize = u16(h, base);
        int phnum = u16(h, base + 2);
        int shentsize = u16(h, base + 4);
        long shnum = u16(h, base + 6);
        int shstrndx = u16(h, base + 8);

        if (phnum > 0) {
            int need = is64 ? 56 : 32;
            if (phentsize < need) {
                throw in.error(base, "program header entry size " + phentsize + " is smaller than " + need);
            }
            ByteBuffer ph = in.read(phoff, (long) phentsize * phnum, order, "program headers");
            for (int i = 0; i < phnum; i++) {
                int o = i * phentsize;
                segments.add(is64
                        ? new Segment(u32(ph, o), u32(ph, o + 4), ph.getLong(o + 8), ph.getLong(o + 16), ph.getLong(o + 32), ph.getLong(o + 40))
                        : new Segment(u32(ph, o), u32(ph, o + 24), u32(ph, o + 4), u32(ph, o + 8), u32(ph, o + 16), u32(ph, o + 20)));
            }
        }
        if (shoff == 0) {
            return;
        }
        int need = is64 ? 64 : 40;
        if (shentsize < need) {
            throw in.error(base + 4, "section header entry size " + shentsize + " is smaller than " + need);
        }
        if (shnum == 0 || shstrndx == SHN_XINDEX) {
            // Extended numbering: the real count and string-table index live in section header 0.
            ByteBuffer s0 = in.read(shoff, need, order, "section header 0");
            if (shnum == 0) {
                shnum = is64 ? s0.getLong(32) : u32(s0, 20);
            }
            if (shstrndx == SHN_XINDEX) {
                shstrndx = (int) Math.min(Integer.MAX_VALUE, u32(s0, is64 ? 40 : 24));
            }
        }
        if (shnum == 0) {
            return;
        }
        if (shnum > MAX_SECTIONS) {
            throw in.error(shoff, shnum + " section headers is more than the " + MAX_SECTIONS + " this reader accepts");
        }
        if (shstrndx >= shnum) {
            throw in.error(base + 8, "section name string table index " + shstrndx + " is not below the section count " + shnum);
        }
        ByteBuffer sh = in.read(shoff, (long) shentsize * shnum, order, "section headers");
        int so = shstrndx * shentsize;
        long strOff = is64 ? sh.getLong(so + 24) : u32(sh, so + 16);
        long strSize = is64 ? sh.getLong(so + 32) : u32(sh, so + 20);
        byte[] names = in.read(strOff, strSize, order, "section name string table").array();
        byte[] wanted = ".go.buildinfo\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < shnum; i++) {
            int o = i * shentsize;
            long name = u32(sh, o);
            if (matches(names, name, wanted)) {
                long addr = is64 ? sh.getLong(o + 16) : u32(sh, o + 12);
                long size = is64 ? sh.getLong(o + 32) : u32(sh, o + 20);
                buildInfoSection = new Data(addr, size);
                return;
            }
        }
    }

    private static boolean matches(byte[] table, long at, byte[] wanted) {
        if (at < 0 || at > table.length - (long) wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (table[(int) at + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Data dataStart() {
        if (buildInfoSection != null) {
            return buildInfoSection;
        }
        for (Segment s : segments) {
            if (s.type == PT_LOAD && (s.flags & (PF_X | PF_W)) == PF_W) {
                return new Data(s.vaddr, s.memsz);
            }
        }
        return null;
    }

    @Override
    public FileRange map(long address, long size) throws GoBinaryFormatException {
        // Every program header counts, in order, as in Go's elfExe.ReadData (PT_PHDR, PT_GNU_RELRO...).
        for (Segment s : segments) {
            long last = s.vaddr + s.filesz - 1; // wraps to 2^64-1 for an empty segment at 0, as in Go
            if (Long.compareUnsigned(s.vaddr, address) <= 0 && Long.compareUnsigned(address, last) <= 0) {
                if (s.filesz == 0) {
                    throw in.error(s.offset, "address 0x" + Long.toHexString(address) + " falls in an empty segment");
                }
                long n = s.vaddr + s.filesz - address;
                if (Long.compareUnsigned(n, size) > 0) {
                    n = size;
                }
                return new FileRange(s.offset + (address - s.vaddr), n);
            }
        }
        return null;
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
