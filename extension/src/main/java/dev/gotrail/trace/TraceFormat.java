package dev.gotrail.trace;

/** The tracer output format of a log: strace (Linux), dtruss (macOS/Solaris) or detect it. */
public enum TraceFormat {
    STRACE,
    DTRUSS,
    /** Detect from the first lines of the log (see {@link TraceParsers#detect}). */
    AUTO;

    /** Parses {@code strace|dtruss|auto}, case-insensitively. */
    public static TraceFormat of(String name) {
        for (TraceFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + name + "'; use strace, dtruss or auto");
    }

    /** Lower-case name as used on the command line and in JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
