package dev.gotrail.elf;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a well-formed ELF object; names the file and the byte offset of the problem. */
public class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public ElfFormatException(Path file, long offset, String problem) {
        super(file + ": offset " + offset + " (0x" + Long.toHexString(offset) + "): " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
