package dev.gotrail.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over a trace, computed while it streams (a 300 MB log never sits in memory): lines,
 * events, unparsed lines, calls per syscall, failures per errno, processes and execs. This is the
 * shape of {@code gotrail parse --json}; {@link #toJsonMap()} renders its keys so that
 * {@code gotrail trace} can reuse them.
 */
public final class TraceSummary implements TraceSink {

    /** Unparsed lines and execs kept verbatim at most; the counts stay exact. */
    public static final int MAX_LISTED = 10_000;

    private final Path file;
    private final TraceFormat format;
    private long parsedLines;
    private long events;
    private long unparsedCount;
    private final List<UnparsedLine> unparsed = new ArrayList<>();
    private final Map<String, long[]> syscalls = new HashMap<>();
    private final Map<String, long[]> failed = new HashMap<>();
    private final IntSet pids = new IntSet();
    private final List<String> execs = new ArrayList<>();
    private long execCount;
    private boolean summaryTable;

    public TraceSummary(Path file, TraceFormat format) {
        this.file = file;
        this.format = format;
    }

    /** The summary of events already in memory (used by {@link GoTrace}). */
    public static TraceSummary of(Path file, TraceFormat format, long lines, List<TraceEvent> events, List<UnparsedLine> unparsed) {
        TraceSummary s = new TraceSummary(file, format);
        events.forEach(s::event);
        unparsed.forEach(s::unparsed);
        s.parsedLines = lines - unparsed.size();
        return s;
    }

    @Override
    public boolean keepArgs(String syscall) {
        return syscall.startsWith("execve");
    }

    /** Number of execs listed so far. */
    int execsListed() {
        return execs.size();
    }

    /** Counts {@code e} like {@link #event} but lists an exec at {@code execIndex} instead of the end. */
    void eventAt(TraceEvent e, int execIndex) {
        int before = execs.size();
        event(e);
        if (execs.size() > before && execIndex < before) {
            execs.add(execIndex, execs.remove(execs.size() - 1));
        }
    }

    @Override
    public void event(TraceEvent e) {
        events++;
        switch (e.kind()) {
            case SYSCALL -> {
                count(syscalls, e.name());
                if (e.errno() != null) {
                    count(failed, e.errno());
                }
                pids.add(e.pid());
                if (e.name().startsWith("execve") && e.succeeded()) {
                    execCount++;
                    if (execs.size() < MAX_LISTED) {
                        String path = e.stringArg(e.name().equals("execveat") ? 1 : 0);
                        execs.add(path == null ? e.rawArgs() : stripNul(path));
                    }
                }
            }
            case EXITED, KILLED, SIGNAL -> pids.add(e.pid());
            case SUMMARY -> summaryTable = true;
            default -> {
            }
        }
    }

    private static void count(Map<String, long[]> m, String key) {
        long[] c = m.get(key);
        if (c == null) {
            m.put(key, new long[] {1});
        } else {
            c[0]++;
        }
    }

    static String stripNul(String s) {
        return s.endsWith("\0") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void unparsed(UnparsedLine line) {
        unparsedCount++;
        if (unparsed.size() < MAX_LISTED) {
            unparsed.add(line);
        }
    }

    @Override
    public void parsedLine() {
        parsedLines++;
    }

    /**
     * Adds the counts of {@code later}, a summary of the part of the same log that follows this
     * one; its line numbers are shifted by {@code lineOffset} (the lines before it).
     */
    void append(TraceSummary later, long lineOffset) {
        parsedLines += later.parsedLines;
        events += later.events;
        unparsedCount += later.unparsedCount;
        for (UnparsedLine u : later.unparsed) {
            if (unparsed.size() < MAX_LISTED) {
                unparsed.add(new UnparsedLine(u.line() + lineOffset, u.text()));
            }
        }
        later.syscalls.forEach((k, v) -> syscalls.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        later.failed.forEach((k, v) -> failed.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        later.pids.forEach(pids::add);
        for (String e : later.execs) {
            if (execs.size() < MAX_LISTED) {
                execs.add(e);
            }
        }
        execCount += later.execCount;
        summaryTable |= later.summaryTable;
    }

    public Path file() {
        return file;
    }

    public TraceFormat format() {
        return format;
    }

    /** All lines: parsed plus unparsed. */
    public long lines() {
        return parsedLines + unparsedCount;
    }

    public long parsedLines() {
        return parsedLines;
    }

    public long events() {
        return events;
    }

    public long unparsedCount() {
        return unparsedCount;
    }

    /** The unparsed lines (the first {@link #MAX_LISTED}). */
    public List<UnparsedLine> unparsed() {
        return List.copyOf(unparsed);
    }

    /** Calls per syscall name, sorted by name. */
    public Map<String, Long> syscalls() {
        return counts(syscalls);
    }

    /** Failed calls per errno name, sorted by name. */
    public Map<String, Long> failed() {
        return counts(failed);
    }

    /** Distinct pids that made calls, received signals or exited (0 stands for an unprefixed single process). */
    public int processes() {
        return pids.size();
    }

    /** Paths of successful execs in order (the first {@link #MAX_LISTED}). */
    public List<String> execs() {
        return List.copyOf(execs);
    }

    public long execCount() {
        return execCount;
    }

    /** True when the log held an {@code strace -c} or dtruss {@code CALL COUNT} table. */
    public boolean hasSummaryTable() {
        return summaryTable;
    }

    /** Open-addressing set of ints: pids are counted per event, boxing them would dominate. */
    static final class IntSet {
        private int[] slots = new int[64];
        private boolean hasZero;
        private int size;

        void add(int v) {
            if (v == 0) {
                if (!hasZero) {
                    hasZero = true;
                    size++;
                }
                return;
            }
            int mask = slots.length - 1;
            int i = (v * 0x9E3779B9) >>> 7 & mask;
            while (slots[i] != 0) {
                if (slots[i] == v) return;
                i = (i + 1) & mask;
            }
            slots[i] = v;
            size++;
            if (size * 2 > slots.length) {
                int[] old = slots;
                slots = new int[old.length * 2];
                for (int o : old) {
                    if (o != 0) {
                        insert(o);
                    }
                }
            }
        }

        private void insert(int v) {
            int mask = slots.length - 1;
            int i = (v * 0x9E3779B9) >>> 7 & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = v;
        }

        int size() {
            return size;
        }

        void forEach(java.util.function.IntConsumer action) {
            if (hasZero) {
                action.accept(0);
            }
            for (int v : slots) {
                if (v != 0) {
                    action.accept(v);
                }
            }
        }
    }

    private static Map<String, Long> counts(Map<String, long[]> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** The SPEC §6 parse keys: file, format, lines, events, unparsed[{line,text}], syscalls, failed, processes, execs. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file == null ? null : file.toString());
        m.put("format", format.label());
        m.put("lines", lines());
        m.put("events", events);
        List<Object> un = new ArrayList<>();
        for (UnparsedLine u : unparsed) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("line", u.line());
            o.put("text", u.text());
            un.add(o);
        }
        m.put("unparsed", un);
        if (unparsedCount > unparsed.size()) {
            m.put("unparsedCount", unparsedCount);
        }
        m.put("syscalls", syscalls());
        m.put("failed", failed());
        m.put("processes", processes());
        m.put("execs", execs());
        if (summaryTable) {
            m.put("summaryTable", true);
        }
        return m;
    }
}
