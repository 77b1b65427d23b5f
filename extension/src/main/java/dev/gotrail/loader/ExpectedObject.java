package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfMachine;
import java.nio.ByteOrder;

/**
 * What every object of one process must be: the class, byte order and machine of the executable
 * (glibc compares candidates with the values it was built for, which are the executable's).
 *
 * @param bits      32 or 64
 * @param byteOrder EI_DATA
 * @param machine   e_machine
 */
record ExpectedObject(int bits, ByteOrder byteOrder, ElfMachine machine) {

    static ExpectedObject of(ElfFile executable) {
        return new ExpectedObject(executable.elfClass(), executable.byteOrder(), executable.machine());
    }

    /** What this JVM's machine runs natively (os.arch), for questions asked without an executable. */
    static ExpectedObject host() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "aarch64", "arm64" -> new ExpectedObject(64, ByteOrder.LITTLE_ENDIAN, ElfMachine.AARCH64);
            case "x86", "i386", "i486", "i586", "i686" -> new ExpectedObject(32, ByteOrder.LITTLE_ENDIAN, ElfMachine.I386);
            case "riscv64" -> new ExpectedObject(64, ByteOrder.LITTLE_ENDIAN, ElfMachine.RISCV);
            default -> new ExpectedObject(64, ByteOrder.LITTLE_ENDIAN, ElfMachine.X86_64);
        };
    }

    boolean is64() {
        return bits == 64;
    }
}
