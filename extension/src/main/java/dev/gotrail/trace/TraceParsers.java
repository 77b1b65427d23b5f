package dev.gotrail.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entry points for parsing existing logs ({@code gotrail parse}): format detection, streaming summaries, full parses. */
public final class TraceParsers {

    private TraceParsers() {
    }

    /**
     * Detects the format from the first 200 lines: dtruss headers ({@code SYSCALL(args)  = return}),
     * {@code dtrace:} messages, {@code Err#N} returns or {@code PID/LWP:} prefixes mean dtruss;
     * anything else is read as strace.
     */
    public static TraceFormat detect(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 200) {
                String t = line.strip();
                if (t.startsWith("dtrace: ") || t.contains("SYSCALL(args)") && t.endsWith("return")
                        || t.matches(".*\\)\\s+= -?\\w+ Err#\\d+") || t.matches("\\d+/(0x)?[0-9a-fA-F]+:\\s.*")
                        || t.matches("[a-z_0-9]+\\(.*\\)\\s+= -?(0x)?[0-9A-Fa-f]+ -?\\d+")) {
                    return TraceFormat.DTRUSS;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
        return TraceFormat.STRACE;
    }

    /** The logs of {@code strace -ff -o PREFIX}; see {@link FfLogs#files}. */
    public static List<Path> ffFiles(Path prefix) {
        return FfLogs.files(prefix);
    }

    /** Resolves {@link TraceFormat#AUTO} by {@link #detect}. */
    public static TraceFormat resolve(Path file, TraceFormat format) {
        return format == TraceFormat.AUTO ? detect(file) : format;
    }

    /** Streams {@code file} into {@code sink}. I/O problems throw {@link UncheckedIOException}; content never throws. */
    public static TraceFormat parse(Path file, TraceFormat format, TraceSink sink) {
        TraceFormat f = resolve(file, format);
        if (f == TraceFormat.DTRUSS) {
            DtrussParser.parse(file, sink);
        } else {
            StraceParser.parse(file, sink);
        }
        return f;
    }

    /** Streaming counts for {@code gotrail parse}: memory does not grow with the log. */
    public static TraceSummary summarize(Path file, TraceFormat format) {
        TraceFormat f = resolve(file, format);
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            if (f == TraceFormat.STRACE && cores > 1 && Files.size(file) >= ParallelSummary.MIN_PARALLEL_BYTES) {
                return ParallelSummary.summarize(file, f, Math.min(cores, 8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
        TraceSummary s = new TraceSummary(file, f);
        parse(file, f, s);
        return s;
    }

    /** Parses a whole log into memory. */
    public static ParsedLog parse(Path file, TraceFormat format) {
        Collector c = new Collector();
        TraceFormat f = parse(file, format, c);
        return new ParsedLog(file, f, c.lines, c.events, c.unparsed);
    }

    /** Keeps everything a parser emits. */
    static final class Collector implements TraceSink {
        final List<TraceEvent> events = new ArrayList<>();
        final List<UnparsedLine> unparsed = new ArrayList<>();
        long lines;

        @Override
        public void event(TraceEvent event) {
            events.add(event);
        }

        @Override
        public void unparsed(UnparsedLine line) {
            unparsed.add(line);
            lines++;
        }

        @Override
        public void parsedLine() {
            lines++;
        }

        @Override
        public void firstProcessIdentified(int pid) {
            events.replaceAll(e -> e.pid() == 0 && e.kind() != EventKind.SUMMARY && e.kind() != EventKind.NOTICE
                    ? e.withPid(pid) : e);
        }
    }
}
