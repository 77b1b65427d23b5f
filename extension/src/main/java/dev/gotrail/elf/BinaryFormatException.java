package dev.gotrail.elf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A binary file whose bytes are corrupt, truncated or hostile, with the file and the byte offset
 * of the problem. The message reads {@code FILE: offset N (0xN): PROBLEM}, so a user can go
 * straight to the byte with {@code xxd -s N FILE}.
 *
 * <p>The common type of {@link ElfFormatException} (ELF headers, dynamic section, version
 * tables) and {@code dev.gotrail.buildinfo.GoBinaryFormatException} (a Go binary's build
 * information in ELF, Mach-O or PE): callers that only report the problem catch this one.
 */
public abstract class BinaryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** A problem at byte {@code offset} of {@code file}. */
    protected BinaryFormatException(Path file, long offset, String problem) {
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
