package dev.gotrail.elf;

import java.nio.file.Path;

/** A file that is not a well-formed ELF object; names the file and the byte offset of the problem. */
public class ElfFormatException extends BinaryFormatException {
    private static final long serialVersionUID = 1L;

    /** A problem at byte {@code offset} of {@code file}; the message reads {@code FILE: offset N (0xN): PROBLEM}. */
    public ElfFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }
}
