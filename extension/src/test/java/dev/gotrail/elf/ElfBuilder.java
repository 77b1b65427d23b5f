package dev.gotrail.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes minimal dynamic ELF files of either class and byte order (gcc here builds only x86-64
 * little-endian): a PT_LOAD over the whole file at a non-zero base address, PT_INTERP, PT_DYNAMIC
 * with NEEDED/SONAME/RUNPATH and one VERNEED entry. Hand-made only because a real toolchain for
 * ELF32 big-endian is not installed; also the base for corruption tests.
 */
final class ElfBuilder {

    static final long BASE = 0x10000;

    boolean is64 = true;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int machine = 62;
    String interpreter = "/lib/ld-test.so.1";
    List<String> needed = new ArrayList<>(List.of("libc.so.6", "libm.so.6"));
    String soname = "libbuilt.so.1";
    String runpath = "$ORIGIN/../lib";
    String verneedFile = "libc.so.6";
    String verneedVersion = "GLIBC_2.34";
    /** vn_next of the single Verneed entry; 0 ends the chain, a non-zero value points back (cyclic). */
    int vnNext = 0;
    int vnCount = 1;

    byte[] build() {
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        List<long[]> dyn = new ArrayList<>();
        for (String n : needed) dyn.add(new long[] {1, add(strtab, n)});
        if (soname != null) dyn.add(new long[] {14, add(strtab, soname)});
        if (runpath != null) dyn.add(new long[] {29, add(strtab, runpath)});
        long vnFile = add(strtab, verneedFile);
        long vnaName = add(strtab, verneedVersion);
        byte[] str = strtab.toByteArray();

        int ehsize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        int phoff = ehsize;
        int interpOff = phoff + 3 * phentsize;
        byte[] interp = (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        int strOff = interpOff + interp.length;
        int verneedOff = align(strOff + str.length, 8);
        int dynOff = verneedOff + 32;
        int dynEnt = is64 ? 16 : 8;
        dyn.add(new long[] {5, BASE + strOff});
        dyn.add(new long[] {10, str.length});
        dyn.add(new long[] {0x6ffffffeL, BASE + verneedOff});
        dyn.add(new long[] {0x6fffffffL, vnCount});
        dyn.add(new long[] {0, 0});
        int total = dynOff + dyn.size() * dynEnt;
        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1, 0});
        b.position(16);
        b.putShort((short) 3).putShort((short) machine).putInt(1);
        if (is64) {
            b.putLong(0).putLong(phoff).putLong(0).putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) 3)
                    .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        } else {
            b.putInt(0).putInt(phoff).putInt(0).putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) 3)
                    .putShort((short) 40).putShort((short) 0).putShort((short) 0);
        }
        b.position(phoff);
        phdr(b, 1, 0, BASE, total);
        phdr(b, 3, interpOff, BASE + interpOff, interp.length);
        phdr(b, 2, dynOff, BASE + dynOff, (long) dyn.size() * dynEnt);
        b.position(interpOff);
        b.put(interp);
        b.position(strOff);
        b.put(str);
        b.position(verneedOff);
        b.putShort((short) 1).putShort((short) 1).putInt((int) vnFile).putInt(16).putInt(vnNext);
        b.putInt(0x0d696914).putShort((short) 2).putShort((short) 2).putInt((int) vnaName).putInt(0);
        b.position(dynOff);
        for (long[] d : dyn) {
            if (is64) b.putLong(d[0]).putLong(d[1]);
            else b.putInt((int) d[0]).putInt((int) d[1]);
        }
        return Arrays.copyOf(b.array(), total);
    }

    private void phdr(ByteBuffer b, int type, long offset, long vaddr, long size) {
        if (is64) {
            b.putInt(type).putInt(4).putLong(offset).putLong(vaddr).putLong(vaddr).putLong(size).putLong(size).putLong(8);
        } else {
            b.putInt(type).putInt((int) offset).putInt((int) vaddr).putInt((int) vaddr).putInt((int) size).putInt((int) size)
                    .putInt(4).putInt(4);
        }
    }

    private static long add(ByteArrayOutputStream s, String value) {
        long at = s.size();
        s.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        s.write(0);
        return at;
    }

    private static int align(int v, int a) {
        return (v + a - 1) / a * a;
    }
}
