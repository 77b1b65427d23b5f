package dev.gotrail.buildinfo;

import dev.gotrail.elf.BinaryFormatException;
import java.nio.file.Path;

/**
 * A file that looks like an executable (ELF, Mach-O or PE magic) or carries the Go build-info
 * magic, but whose headers or build-info blob are corrupt, truncated or hostile. Names the file
 * and the byte offset of the problem, as {@link dev.gotrail.elf.ElfFormatException} does for ELF.
 */
public class GoBinaryFormatException extends BinaryFormatException {
    private static final long serialVersionUID = 1L;

    /** A problem at byte {@code offset} of {@code file}; the message reads {@code FILE: offset N (0xN): PROBLEM}. */
    public GoBinaryFormatException(Path file, long offset, String problem) {
        super(file, offset, problem);
    }
}
