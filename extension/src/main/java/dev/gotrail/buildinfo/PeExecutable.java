package dev.gotrail.buildinfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A PE (Windows) file as Go's {@code debug/buildinfo} reads it: the first section with
 * initialised, readable, writable data (Go's {@code .data}); addresses are relative to the
 * optional header's ImageBase and map through the sections' raw data.
 */
final class PeExecutable implements Executable {

    private static final long INITIALIZED_DATA = 0x40;
    private static final long MEM_READ = 0x40000000L;
    private static final long MEM_WRITE = 0x80000000L;
    private static final long ALIGN_32BYTES = 0x600000;

    private record Section(long virtualAddress, long virtualSize, long size, long offset, long characteristics) { }

    private final FileBytes in;
    private final List<Section> sections = new ArrayList<>();
    private long imageBase;

    private PeExecutable(FileBytes in) {
        this.in = in;
    }

    /** Null when the MZ file has no PE signature (an old DOS program): not a Go binary. */
    static PeExecutable read(FileBytes in) throws GoBinaryFormatException {
        PeExecutable x = new PeExecutable(in);
        return x.parse() ? x : null;
    }

    @Override
    public String format() {
        return "PE";
    }

    private boolean parse() throws GoBinaryFormatException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        if (in.size() < 0x40) {
            return false;
        }
        long peOffset = Integer.toUnsignedLong(in.read(0x3c, 4, le, "e_lfanew").getInt(0));
        byte[] sig = in.prefix(peOffset, 4);
        if (sig.length < 4 || sig[0] != 'P' || sig[1] != 'E' || sig[2] != 0 || sig[3] != 0) {
            return false;
        }
        ByteBuffer coff = in.read(peOffset + 4, 20, le, "COFF file header");
        int nsections = Short.toUnsignedInt(coff.getShort(2));
        int optSize = Short.toUnsignedInt(coff.getShort(16));
        long optAt = peOffset + 24;
        if (optSize >= 2) {
            ByteBuffer opt = in.read(optAt, Math.min(optSize, 32), le, "optional header");
            int magic = Short.toUnsignedInt(opt.getShort(0));
            if (magic == 0x10b && opt.limit() >= 32) {
                imageBase = Integer.toUnsignedLong(opt.getInt(28));
            } else if (magic == 0x20b && opt.limit() >= 32) {
                imageBase = opt.getLong(24);
            }
        }
        ByteBuffer table = in.read(optAt + optSize, 40L * nsections, le, "section table");
        for (int i = 0; i < nsections; i++) {
            int o = i * 40;
            sections.add(new Section(u32(table, o + 12), u32(table, o + 8), u32(table, o + 16), u32(table, o + 20), u32(table, o + 36)));
        }
        return true;
    }

    @Override
    public Data dataStart() {
        for (Section s : sections) {
            if (s.virtualAddress != 0 && s.size != 0
                    && (s.characteristics & ~ALIGN_32BYTES) == (INITIALIZED_DATA | MEM_READ | MEM_WRITE)) {
                return new Data(s.virtualAddress + imageBase, s.virtualSize);
            }
        }
        return null;
    }

    @Override
    public FileRange map(long address, long size) {
        long rva = address - imageBase;
        for (Section s : sections) {
            // uint32 arithmetic as in Go: VirtualAddress+Size-1 wraps for an empty section at 0.
            long last = (s.virtualAddress + s.size - 1) & 0xffffffffL;
            if (Long.compareUnsigned(s.virtualAddress, rva) <= 0 && Long.compareUnsigned(rva, last) <= 0 && s.size != 0) {
                long n = ((s.virtualAddress + s.size) & 0xffffffffL) - rva;
                if (Long.compareUnsigned(n, size) > 0) {
                    n = size;
                }
                return new FileRange(s.offset + (rva - s.virtualAddress), n);
            }
        }
        return null;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
