package dev.gotrail.trace;

/**
 * Receives a parser's output in log order as it streams. Parsers call {@link #parsedLine()} once
 * for each line they accepted and {@link #unparsed} for each one they did not, so
 * {@code lines == parsed lines + unparsed lines}; an event may span two lines (a resumed call).
 */
public interface TraceSink {

    void event(TraceEvent event);

    void unparsed(UnparsedLine line);

    /**
     * Whether the parser should decode the arguments and return text of calls named {@code syscall}.
     * A sink that only counts says no for most calls, which saves most of the parsing cost; the
     * event then has {@code ""} arguments and a null {@link TraceEvent#result()}.
     */
    default boolean keepArgs(String syscall) {
        return true;
    }

    /** One more line was recognised (it belongs to an event already or yet to be emitted). */
    default void parsedLine() {
    }

    /**
     * The first process of a {@code strace -f} log written to stderr showed its pid: strace prints no
     * {@code [pid N]} prefix while it traces one process, so the events reported so far with pid 0
     * belong to {@code pid} (and every later one carries it). A sink that keeps events or counts pids
     * re-attributes them; wrappers must pass this on.
     */
    default void firstProcessIdentified(int pid) {
    }

    /**
     * The log's last line has no newline and is not a whole record: the log was cut in the middle
     * of it ({@code head -c}, a tracer killed, a full disk). Called at most once, at the end of the
     * log, after the line's own event (an {@code INCOMPLETE} call) or its {@link #unparsed} report.
     * Wrappers must pass this on.
     */
    default void cutLastLine(UnparsedLine line) {
    }
}
