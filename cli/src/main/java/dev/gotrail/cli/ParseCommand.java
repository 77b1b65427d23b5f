package dev.gotrail.cli;

import dev.gotrail.json.Json;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.trace.ToolchainSwitchEvidence;
import dev.gotrail.trace.TraceFormat;
import dev.gotrail.trace.TraceParsers;
import dev.gotrail.trace.TraceSummary;
import dev.gotrail.trace.UnparsedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code gotrail parse [--json] [--format strace|dtruss|auto] FILE...}: parses existing strace or
 * dtruss logs, streaming (a log of any size runs in constant memory), and prints counts per file.
 * Exit code 0 when every line of every file was parsed, 1 when some lines were not (they are
 * listed), 2 for usage errors and unreadable files. A log that ends before the traced command did
 * (cut, tracer killed) is said to be incomplete; a log given the wrong {@code --format} gets a hint
 * naming the right one.
 */
@Command(name = "parse", sortOptions = false,
        description = {"Parse existing strace/dtruss logs.",
                "Reports lines, events, unparsed lines, calls per syscall, failures per errno, processes and execs;"
                        + " streams, so a log of any size runs in constant memory."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:every line parsed", "1:some lines unparsed (listed)", "2:usage error, a FILE that cannot be read or is no trace log"})
final class ParseCommand extends CliCommand {

    /** Unparsed lines shown in the human report per file (JSON lists up to {@link TraceSummary#MAX_LISTED}). */
    private static final int SHOWN_UNPARSED = 20;

    @Option(names = "--json", description = "Print JSON: one object per file (an array for several).")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            completionCandidates = FormatConverter.class,
            description = "strace, dtruss or auto (detect from the first lines; default).")
    TraceFormat format = TraceFormat.AUTO;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The trace logs.")
    List<Path> files = new ArrayList<>();

    /** {@code --format} values through {@link TraceFormat#of}, whose message names the valid ones. */
    static final class FormatConverter implements ITypeConverter<TraceFormat>, Iterable<String> {
        @Override
        public TraceFormat convert(String value) {
            try {
                return TraceFormat.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(TraceFormat.values()).map(TraceFormat::label).iterator();
        }
    }

    @Override
    public Integer call() {
        for (Path f : files) {
            java.util.Optional<String> problem = CliPaths.fileProblem(f);
            if (problem.isPresent()) {
                err.println("gotrail parse: " + f + ": " + problem.get());
                return USAGE;
            }
            String notALog = notATraceLog(f);
            if (notALog != null) {
                err.println("gotrail parse: " + f + ": not a trace log: " + notALog);
                return USAGE;
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean allParsed = true;
        for (Path f : files) {
            TraceSummary s;
            try {
                s = TraceParsers.summarize(f, format);
            } catch (UncheckedIOException e) {
                err.println("gotrail parse: " + e.getMessage());
                return USAGE;
            }
            allParsed &= s.unparsedCount() == 0;
            Optional<String> formatHint;
            try {
                formatHint = TraceParsers.otherFormatHint(f, format, s);
            } catch (UncheckedIOException e) {
                err.println("gotrail parse: " + e.getMessage());
                return USAGE;
            }
            // A log of go: what `gotrail trace` would say about it too, so CI evidence can be re-analysed offline.
            GoTrace goTrace = ranGo(s) ? GoTrace.from(List.of(), -1, "", "", s.format(), f) : null;
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>(s.toJsonMap());
                formatHint.ifPresent(h -> m.put("formatHint", h));
                if (goTrace != null) {
                    m.put("effectiveGoroot", goTrace.effectiveGoroot().toJsonMap());
                    m.put("toolchainSwitch", goTrace.toolchainSwitch().map(ToolchainSwitchEvidence::toJsonMap).orElse(null));
                }
                results.add(m);
            } else {
                printHuman(s, formatHint, out);
                if (goTrace != null) {
                    printGo(goTrace, out);
                }
            }
        }
        if (json) {
            // string values quote trace lines (execs, unparsed lines): redacted as values, before JSON escaping
            out.println(Json.write(CliRedaction.redactor().redactJson(results.size() == 1 ? results.get(0) : results)));
        }
        return allParsed ? OK : PROBLEMS;
    }

    /** Bytes of a FILE's start looked at by {@link #notATraceLog}. */
    static final int SNIFFED_BYTES = 8192;

    /**
     * Why FILE is no trace log, or null when it may be one. The rule: an ELF file (magic
     * {@code 0x7f 'E' 'L' 'F'}), or a NUL byte in the first {@value #SNIFFED_BYTES} bytes. strace
     * and dtruss print no raw NUL: strace writes string arguments escaped ({@code \0}, {@code \x..}),
     * so a NUL means binary data, whose "lines" would only be dumped as unparsed.
     */
    static String notATraceLog(Path f) {
        byte[] head = new byte[SNIFFED_BYTES];
        int n = 0;
        try (InputStream in = Files.newInputStream(f)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException e) {
            return null; // reading it again reports the error as an unreadable file
        }
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return "an ELF file (a program or shared object; 'gotrail ldd' resolves its libraries)";
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return "binary data (a NUL byte at byte offset " + i + ")";
            }
        }
        return null;
    }

    /** True when the log shows an exec of go ({@code go}, or a {@code goX.Y.Z} toolchain command). */
    static boolean ranGo(TraceSummary s) {
        return s.execs().stream().map(e -> e.split(" ", 2)[0]).map(e -> e.substring(e.lastIndexOf('/') + 1))
                .anyMatch(name -> name.equals("go") || name.matches("go1\\.[0-9][0-9.a-z]*"));
    }

    static void printGo(GoTrace t, PrintStream out) {
        GorootEvidence g = t.effectiveGoroot();
        out.println("  GOROOT: " + (!g.known() ? "unknown: the log ends before the lines that decide it"
                : g.path() == null ? "not shown by this trace" : g.path() + " (" + g.source() + ")"));
        g.evidence().stream().limit(5).forEach(line -> out.println("    " + line));
        out.println("  toolchain switch: " + t.toolchainSwitch()
                .map(sw -> sw.from() + " -> " + sw.to() + (sw.version() == null ? "" : " (" + sw.version() + ")")).orElse("none"));
    }

    /** The human report of one file; {@code formatHint} ({@link TraceParsers#otherFormatHint}) right under its first line. */
    static void printHuman(TraceSummary s, Optional<String> formatHint, PrintStream out) {
        out.printf("%s (%s): %d lines, %d events, %d unparsed%n", s.file(), s.format().label(), s.lines(), s.events(),
                s.unparsedCount());
        formatHint.ifPresent(h -> out.println("  " + h));
        s.incomplete().ifPresent(i -> out.println("  " + i.describe()));
        if (s.hasSummaryTable()) {
            out.println("  contains a syscall summary table (strace -c / dtruss CALL COUNT), not only a trace");
        }
        out.printf("  %s, successful execs: %d%n", s.processCounts(), s.execCount());
        s.execs().stream().limit(10).forEach(e -> out.println("    exec " + e));
        if (s.execCount() > 10) {
            out.println("    ... " + (s.execCount() - 10) + " more");
        }
        out.println("  syscalls: " + top(s.syscalls(), 12));
        Map<String, Long> failed = s.failed();
        out.println("  failed:   " + (failed.isEmpty() ? "none" : top(failed, 12)));
        if (s.unparsedCount() > 0) {
            out.println("  unparsed lines:");
            for (UnparsedLine u : s.unparsed().subList(0, Math.min(SHOWN_UNPARSED, s.unparsed().size()))) {
                String t = u.text();
                out.printf("    line %d: %s%n", u.line(), t.length() > 160 ? t.substring(0, 160) + " ..." : t);
            }
            if (s.unparsedCount() > SHOWN_UNPARSED) {
                out.println("    ... " + (s.unparsedCount() - SHOWN_UNPARSED) + " more (see --json)");
            }
        }
    }

    private static String top(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, entries.size()); i++) {
            if (i > 0) sb.append(", ");
            sb.append(entries.get(i).getKey()).append(' ').append(entries.get(i).getValue());
        }
        if (entries.size() > n) {
            sb.append(", ... (").append(entries.size() - n).append(" more)");
        }
        return sb.toString();
    }
}
