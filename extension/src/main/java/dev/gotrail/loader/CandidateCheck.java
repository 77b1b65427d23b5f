package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfHeader;

/**
 * The verdict on one candidate file, glibc's {@code open_verify} (elf/dl-load.c, 2.36): one
 * predicate, {@link #of}, decides from the ELF header alone whether the loader can use the file.
 * The verdict says what the search does next: take the file ({@link #USABLE}), go on to the next
 * candidate ({@link #skipsCandidate()}: absent, unreadable, another class or machine) or stop the
 * loader with glibc's error ({@link #stopsLoader()}, the {@code lose:} path that signals an error).
 */
enum CandidateCheck {
    /** A loadable ELF object of the expected class, byte order and machine. */
    USABLE(null, null),
    /** ENOENT or EACCES: open(2) failed; the search goes on. */
    ABSENT(null, null),
    /** ELF of the other class (a 32-bit library in a shared directory): skipped, and remembered. */
    OTHER_CLASS(null, null),
    /** ELF of another e_machine ({@code elf_machine_matches_host} fails): skipped silently. */
    OTHER_MACHINE(null, null),
    /** Secure mode: a preload candidate without the set-user-ID bit is ignored like ENOENT. */
    NOT_SET_USER_ID(null, null),
    /** A directory: open(2) succeeds, read(2) fails with EISDIR. */
    DIRECTORY("cannot read file data", "Is a directory"),
    /** read(2) failed for another reason. */
    CANNOT_READ("cannot read file data", "Input/output error"),
    /** Fewer bytes than an ELF header of the expected class (an empty file, a short text). */
    FILE_TOO_SHORT("file too short", null),
    /** No {@code \x7fELF} magic: a linker script, a text file. */
    INVALID_ELF_HEADER("invalid ELF header", null),
    WRONG_BYTE_ORDER_LITTLE("ELF file data encoding not little-endian", null),
    WRONG_BYTE_ORDER_BIG("ELF file data encoding not big-endian", null),
    WRONG_IDENT_VERSION("ELF file version ident does not match current one", null),
    WRONG_OS_ABI("ELF file OS ABI invalid", null),
    WRONG_ABI_VERSION("ELF file ABI version invalid", null),
    NONZERO_PADDING("nonzero padding in e_ident", null),
    WRONG_VERSION("ELF file version does not match current one", null),
    NOT_LOADABLE_TYPE("only ET_DYN and ET_EXEC can be loaded", null),
    WRONG_PHENTSIZE("ELF file's phentsize not the expected size", null);

    private final String message;
    private final String errno;

    CandidateCheck(String message, String errno) {
        this.message = message;
        this.errno = errno;
    }

    /**
     * open_verify's checks, in its order: length, magic, class (not fatal), byte order, ident
     * version, OS ABI (System V, or GNU with ABI version up to 4 as glibc's Linux build accepts),
     * padding, e_version, machine (not fatal), type, program header entry size.
     */
    static CandidateCheck of(ElfHeader h, ExpectedObject expected) {
        if (h.length() < ElfHeader.headerSize(expected.bits())) {
            return FILE_TOO_SHORT;
        }
        if (!h.magic()) {
            return INVALID_ELF_HEADER;
        }
        if (h.bits() != expected.bits()) {
            return OTHER_CLASS;
        }
        if (h.byteOrder() != expected.byteOrder()) {
            return expected.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? WRONG_BYTE_ORDER_LITTLE : WRONG_BYTE_ORDER_BIG;
        }
        if (h.identVersion() != 1) {
            return WRONG_IDENT_VERSION;
        }
        if (h.osAbi() != 0 && h.osAbi() != 3) {
            return WRONG_OS_ABI;
        }
        if (h.abiVersion() != 0 && !(h.osAbi() == 3 && h.abiVersion() <= 4)) {
            return WRONG_ABI_VERSION;
        }
        if (!h.paddingZero()) {
            return NONZERO_PADDING;
        }
        if (h.version() != 1) {
            return WRONG_VERSION;
        }
        if (!h.machine().equals(expected.machine())) {
            return OTHER_MACHINE;
        }
        if (h.type() != ElfFile.ET_DYN && h.type() != ElfFile.ET_EXEC) {
            return NOT_LOADABLE_TYPE;
        }
        if (h.phentsize() != ElfHeader.programHeaderSize(expected.bits())) {
            return WRONG_PHENTSIZE;
        }
        return USABLE;
    }

    /** The search goes on with the next candidate. */
    boolean skipsCandidate() {
        return message == null && this != USABLE;
    }

    /** The loader signals an error ({@code _dl_signal_error}): fatal for a needed library, "ignored" for a preload. */
    boolean stopsLoader() {
        return message != null;
    }

    /** glibc's error string (what a preload warning quotes); null unless {@link #stopsLoader()}. */
    String message() {
        return message;
    }

    /** The message as {@code _dl_signal_error} prints it for a needed library: with the errno text when there is one. */
    String messageWithErrno() {
        return errno == null ? message : message + ": " + errno;
    }
}
