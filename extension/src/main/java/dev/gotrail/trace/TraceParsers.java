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

    /**
     * A hint for a log parsed with an explicit {@code --format} that is the wrong one: when some of
     * its lines were unparsed, {@link #detect} names the other format, and the other format's parser
     * leaves at most half as many lines unparsed while it reads at least one call, the hint says so:
     * {@code this looks like an strace log (line 1: 7655 execve(...) = 0); use --format strace or auto}.
     * (The dtruss parser reads an strace line's pid as a RELATIVE column, so an strace log half-parses
     * as dtruss: the count of unparsed lines alone does not tell.) Reads the log a second time, only
     * when it had unparsed lines.
     *
     * @param requested the format asked for; {@link TraceFormat#AUTO} never gets a hint
     * @param parsed    the summary of the log parsed as {@code requested}
     * @throws UncheckedIOException when the file cannot be read
     */
    public static java.util.Optional<String> otherFormatHint(Path file, TraceFormat requested, TraceSummary parsed) {
        if (requested == TraceFormat.AUTO || parsed.unparsedCount() == 0) {
            return java.util.Optional.empty();
        }
        TraceFormat other = requested == TraceFormat.STRACE ? TraceFormat.DTRUSS : TraceFormat.STRACE;
        if (detect(file) != other) {
            return java.util.Optional.empty();
        }
        FirstCall sink = new FirstCall();
        parse(file, other, sink);
        if (sink.first == null || sink.unparsed * 2 > parsed.unparsedCount()) {
            return java.util.Optional.empty();
        }
        String line = sink.first.describe();
        if (line.length() > 120) {
            line = line.substring(0, 120) + " ...";
        }
        return java.util.Optional.of("this looks like " + (other == TraceFormat.STRACE ? "an strace" : "a dtruss") + " log ("
                + line + "); use --format " + other.label() + " or auto");
    }

    /** Counts unparsed lines and keeps the first call, decoding only its arguments. */
    private static final class FirstCall implements TraceSink {
        TraceEvent first;
        long unparsed;

        @Override
        public void event(TraceEvent event) {
            if (first == null && event.kind() == EventKind.SYSCALL) {
                first = event;
            }
        }

        @Override
        public void unparsed(UnparsedLine line) {
            unparsed++;
        }

        @Override
        public boolean keepArgs(String syscall) {
            return first == null;
        }
    }

    /** Parses a whole log into memory. */
    public static ParsedLog parse(Path file, TraceFormat format) {
        Collector c = new Collector();
        TraceFormat f = parse(file, format, c);
        return new ParsedLog(file, f, c.lines, c.events, c.unparsed, c.cutLine);
    }

    /** Keeps everything a parser emits. */
    static final class Collector implements TraceSink {
        final List<TraceEvent> events = new ArrayList<>();
        final List<UnparsedLine> unparsed = new ArrayList<>();
        long lines;
        UnparsedLine cutLine;

        @Override
        public void cutLastLine(UnparsedLine line) {
            cutLine = line;
        }

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
