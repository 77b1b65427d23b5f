package dev.gotrail.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * A log parsed into memory: every event and every unparsed line. For very large logs prefer
 * {@link TraceParsers#summarize} (streaming counts).
 */
public record ParsedLog(Path file, TraceFormat format, long lines, List<TraceEvent> events, List<UnparsedLine> unparsed) {

    public ParsedLog {
        events = List.copyOf(events);
        unparsed = List.copyOf(unparsed);
    }

    /** Lines that were parsed (lines minus unparsed). */
    public long parsedLines() {
        return lines - unparsed.size();
    }
}
