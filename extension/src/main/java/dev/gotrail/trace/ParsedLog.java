package dev.gotrail.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * A log parsed into memory: every event and every unparsed line. For very large logs prefer
 * {@link TraceParsers#summarize} (streaming counts).
 *
 * @param cutLine the last line when the log was cut in the middle of it ({@link TraceSink#cutLastLine}), else null
 */
public record ParsedLog(Path file, TraceFormat format, long lines, List<TraceEvent> events, List<UnparsedLine> unparsed,
                        UnparsedLine cutLine) {

    public ParsedLog {
        events = List.copyOf(events);
        unparsed = List.copyOf(unparsed);
    }

    /** A log whose last line is whole. */
    public ParsedLog(Path file, TraceFormat format, long lines, List<TraceEvent> events, List<UnparsedLine> unparsed) {
        this(file, format, lines, events, unparsed, null);
    }

    /** Present when the log ends before the traced command did (see {@link IncompleteLog}). */
    public java.util.Optional<IncompleteLog> incomplete() {
        return IncompleteLog.of(format, events, cutLine);
    }

    /** Lines that were parsed (lines minus unparsed). */
    public long parsedLines() {
        return lines - unparsed.size();
    }
}
