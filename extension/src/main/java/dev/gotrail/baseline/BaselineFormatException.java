package dev.gotrail.baseline;

import java.io.IOException;
import java.nio.file.Path;

/** A baseline file that is not valid JSON or not a gotrail baseline; the message names the file (and line and column). */
public final class BaselineFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    BaselineFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** A problem at a place in the file: "FILE:LINE:COLUMN: problem" (1-based, as compilers say it). */
    BaselineFormatException(Path file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
    }

    /** The baseline file. */
    public Path file() {
        return file;
    }
}
