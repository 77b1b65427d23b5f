package dev.gotrail.buildinfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Mach-O file (thin, or the first architecture of a universal file) as Go's
 * {@code debug/buildinfo} reads it: the {@code __go_buildinfo} section, else the first segment
 * mapped read-write (initial and maximum protection both {@code rw-}); addresses map through the
 * segments (except {@code __PAGEZERO}).
 */
final class MachOExecutable implements Executable {

    private static final long LC_SEGMENT = 0x1;
    private static final long LC_SEGMENT_64 = 0x19;
    private static final int MAX_COMMANDS = 1 << 16;
    private static final int RW = 3;

    private record Segment(String name, long addr, long memsz, long offset, long filesz, int maxprot, int prot) { }

    private final FileBytes in;
    private final long base;
    private final List<Segment> segments = new ArrayList<>();
    private Data buildInfoSection;

    private MachOExecutable(FileBytes in, long base) {
        this.in = in;
        this.base = base;
    }

    /** A thin Mach-O file starting at {@code base} (0, or an architecture's offset in a universal file). */
    static MachOExecutable read(FileBytes in, long base) throws GoBinaryFormatException {
        MachOExecutable x = new MachOExecutable(in, base);
        x.parse();
        return x;
    }

    /** The first architecture of a universal ("fat") file; null when the fat header is not one (e.g. a Java class file). */
    static MachOExecutable readFat(FileBytes in, boolean fat64) throws GoBinaryFormatException {
        ByteBuffer h = in.read(0, 8, ByteOrder.BIG_ENDIAN, "universal header");
        long narch = Integer.toUnsignedLong(h.getInt(4));
        if (narch == 0 || narch > 64) {
            return null; // Go's NewFatFile rejects it too; 0xCAFEBABE is also the Java class-file magic
        }
        int entry = fat64 ? 32 : 20;
        ByteBuffer a = in.read(8, entry, ByteOrder.BIG_ENDIAN, "universal architecture 0");
        long offset = fat64 ? a.getLong(8) : Integer.toUnsignedLong(a.getInt(8));
        byte[] magic = in.prefix(offset, 4);
        if (!isMachO(magic)) {
            return null;
        }
        return read(in, offset);
    }

    static boolean isMachO(byte[] ident) {
        return ident.length >= 4 && ((ident[0] == (byte) 0xFE && ident[1] == (byte) 0xED && ident[2] == (byte) 0xFA)
                || (ident[1] == (byte) 0xFA && ident[2] == (byte) 0xED && ident[3] == (byte) 0xFE));
    }

    @Override
    public String format() {
        return "Mach-O";
    }

    private void parse() throws GoBinaryFormatException {
        byte[] m = in.prefix(base, 4);
        ByteOrder order = m[0] == (byte) 0xFE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int magic = ByteBuffer.wrap(m).order(order).getInt();
        boolean is64 = switch (magic) {
            case 0xFEEDFACE -> false;
            case 0xFEEDFACF -> true;
            default -> throw in.error(base, "Mach-O magic 0x" + Integer.toHexString(magic) + " is neither MH_MAGIC nor MH_MAGIC_64");
        };
        int headerSize = is64 ? 32 : 28;
        ByteBuffer h = in.read(base, headerSize, order, "Mach-O header");
        long ncmds = Integer.toUnsignedLong(h.getInt(16));
        long sizeofcmds = Integer.toUnsignedLong(h.getInt(20));
        if (ncmds > MAX_COMMANDS) {
            throw in.error(base + 16, ncmds + " load commands is more than the " + MAX_COMMANDS + " this reader accepts");
        }
        ByteBuffer cmds = in.read(base + headerSize, sizeofcmds, order, "Mach-O load commands");
        int pos = 0;
        for (long i = 0; i < ncmds; i++) {
            long at = base + headerSize + pos;
            if (pos + 8 > cmds.limit()) {
                throw in.error(at, "load command " + i + " lies past sizeofcmds (" + sizeofcmds + ")");
            }
            long cmd = Integer.toUnsignedLong(cmds.getInt(pos));
            long size = Integer.toUnsignedLong(cmds.getInt(pos + 4));
            if (size < 8 || pos + size > cmds.limit()) {
                throw in.error(at, "load command " + i + " has size " + size + " outside sizeofcmds (" + sizeofcmds + ")");
            }
            if (cmd == LC_SEGMENT || cmd == LC_SEGMENT_64) {
                segment(cmds, pos, (int) size, cmd == LC_SEGMENT_64, at);
            }
            pos += (int) size;
        }
    }

    private void segment(ByteBuffer c, int pos, int size, boolean is64, long at) throws GoBinaryFormatException {
        int fixed = is64 ? 72 : 56;
        int sect = is64 ? 80 : 68;
        if (size < fixed) {
            throw in.error(at, "segment command of " + size + " bytes is shorter than " + fixed);
        }
        String name = name(c, pos + 8);
        long addr = is64 ? c.getLong(pos + 24) : u32(c, pos + 24);
        long memsz = is64 ? c.getLong(pos + 32) : u32(c, pos + 28);
        long offset = is64 ? c.getLong(pos + 40) : u32(c, pos + 32);
        long filesz = is64 ? c.getLong(pos + 48) : u32(c, pos + 36);
        int maxprot = c.getInt(pos + (is64 ? 56 : 40));
        int prot = c.getInt(pos + (is64 ? 60 : 44));
        long nsects = u32(c, pos + (is64 ? 64 : 48));
        if (nsects > (size - fixed) / sect) {
            throw in.error(at, "segment " + name + " declares " + nsects + " sections that do not fit its " + size + "-byte command");
        }
        segments.add(new Segment(name, addr, memsz, offset, filesz, maxprot, prot));
        for (int s = 0; s < nsects; s++) {
            int o = pos + fixed + s * sect;
            if (buildInfoSection == null && name(c, o).equals("__go_buildinfo")) {
                long saddr = is64 ? c.getLong(o + 32) : u32(c, o + 32);
                long ssize = is64 ? c.getLong(o + 40) : u32(c, o + 36);
                buildInfoSection = new Data(saddr, ssize);
            }
        }
    }

    private static String name(ByteBuffer c, int at) {
        int n = 0;
        while (n < 16 && c.get(at + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        c.get(at, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Data dataStart() {
        if (buildInfoSection != null) {
            return buildInfoSection;
        }
        for (Segment s : segments) {
            if (s.addr != 0 && s.filesz != 0 && s.prot == RW && s.maxprot == RW) {
                return new Data(s.addr, s.memsz);
            }
        }
        return null;
    }

    @Override
    public FileRange map(long address, long size) throws GoBinaryFormatException {
        for (Segment s : segments) {
            long last = s.addr + s.filesz - 1;
            if (Long.compareUnsigned(s.addr, address) <= 0 && Long.compareUnsigned(address, last) <= 0) {
                if (s.name.equals("__PAGEZERO")) {
                    continue;
                }
                if (s.filesz == 0) {
                    throw in.error(base + s.offset, "address 0x" + Long.toHexString(address) + " falls in the empty segment " + s.name);
                }
                long n = s.addr + s.filesz - address;
                if (Long.compareUnsigned(n, size) > 0) {
                    n = size;
                }
                return new FileRange(base + s.offset + (address - s.addr), n);
            }
        }
        return null;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
