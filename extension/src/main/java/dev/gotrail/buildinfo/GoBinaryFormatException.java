package dev.gotrail.buildinfo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that looks like an executable (ELF, Mach-O or PE magic) or carries the Go build-info
 * magic, but whose headers or build-info blob are corrupt, truncated or hostile. Names the file
 * and the byte offset of the problem, like {@link dev.gotrail.elf.ElfFormatException} does for ELF.
 */
public class GoBinaryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** A problem at byte {@code offset} of {@code file}; the message reads {@code FILE: offset N (0xN): PROBLEM}. */
    public GoBinaryFormatException(Path file, long offset, String problem) {
        super(file + ": offset " + offset + " (0x" + Long.toHexString(offset) + "): " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The byte offset in the file where the problem is. */
    public long offset() {
        return offset;
    }
}
