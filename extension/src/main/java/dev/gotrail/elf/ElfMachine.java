package dev.gotrail.elf;

/**
 * The {@code e_machine} of an ELF file; {@link #toString()} gives a readable name such as
 * {@code x86-64} or {@code aarch64}.
 *
 * @param code the raw e_machine value
 */
public record ElfMachine(int code) {

    public static final ElfMachine X86_64 = new ElfMachine(62);
    public static final ElfMachine I386 = new ElfMachine(3);
    public static final ElfMachine AARCH64 = new ElfMachine(183);
    public static final ElfMachine ARM = new ElfMachine(40);
    public static final ElfMachine RISCV = new ElfMachine(243);

    /** The conventional name, or {@code machine-N} for codes this reader does not name. */
    public String displayName() {
        return switch (code) {
            case 3 -> "i386";
            case 8 -> "mips";
            case 20 -> "ppc";
            case 21 -> "ppc64";
            case 22 -> "s390";
            case 40 -> "arm";
            case 62 -> "x86-64";
            case 183 -> "aarch64";
            case 243 -> "riscv";
            case 258 -> "loongarch";
            default -> "machine-" + code;
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
