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

    boolean is64() {
        return bits == 64;
    }
}
