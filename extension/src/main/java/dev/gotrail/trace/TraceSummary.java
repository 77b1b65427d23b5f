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
    /** The pids created by clone/clone3 with CLONE_THREAD: threads, not processes ({@link ProcessCounts}). */
    private final IntSet threads = new IntSet();
    private final List<String> execs = new ArrayList<>();
    private long execCount;
    private boolean summaryTable;
    /** Per pid, in order of first appearance: the process tree of {@link #processTree()}. */
    private final Map<Integer, Node> tree = new LinkedHashMap<>();
    private final List<UnparsedLine> notices = new ArrayList<>();
    private long noticeCount;
    private UnparsedLine cutLine;

    /** One process of the tree while it streams: parent (-1 when unknown), exec'd paths, how it ended. */
    private static final class Node {
        int parent = -1;
        final List<String> execs = new ArrayList<>();
        String exit;

        void merge(Node later) {
            if (parent < 0) {
                parent = later.parent;
            }
            execs.addAll(later.execs);
            if (later.exit != null) {
                exit = later.exit;
            }
        }
    }

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
        // clone's flags tell a thread (CLONE_THREAD) from a process; clone lines are few
        return syscall.startsWith("execve") || syscall.startsWith("clone");
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
                seen(e.pid());
                String name = e.name();
                if (name.startsWith("execve")) {
                    exec(e);
                } else if (e.retval() > 0 && e.errno() == null && isCreate(name)) {
                    int child = (int) Math.min(e.retval(), Integer.MAX_VALUE);
                    seen(child);
                    Node c = tree.get(child);
                    if (c.parent < 0) {
                        c.parent = e.pid();
                    }
                    if (e.rawArgs().contains("CLONE_THREAD")) {
                        threads.add(child);
                    }
                }
            }
            case EXITED -> {
                seen(e.pid());
                tree.get(e.pid()).exit = "exited " + e.retval();
            }
            case KILLED -> {
                seen(e.pid());
                tree.get(e.pid()).exit = "killed by " + e.name();
            }
            case SIGNAL -> seen(e.pid());
            case SUMMARY -> summaryTable = true;
            case NOTICE -> {
                noticeCount++;
                if (notices.size() < MAX_LISTED) {
                    notices.add(new UnparsedLine(e.line(), e.name()));
                }
            }
            default -> {
            }
        }
    }

    private void exec(TraceEvent e) {
        boolean unfinished = e.has(TraceEvent.INCOMPLETE) && e.errno() == null;
        if (!e.succeeded() && !unfinished) {
            return;
        }
        String path = e.stringArg(e.name().equals("execveat") ? 1 : 0);
        path = path == null ? e.rawArgs() : stripNul(path);
        if (e.succeeded()) {
            execCount++;
            if (execs.size() < MAX_LISTED) {
                execs.add(path);
            }
        }
        Node n = tree.get(e.pid());
        if (n.execs.size() < MAX_LISTED) {
            n.execs.add(unfinished ? path + " <unfinished ...>" : path);
        }
    }

    private static boolean isCreate(String name) {
        return name.equals("clone") || name.equals("clone3") || name.equals("fork") || name.equals("vfork");
    }

    /** Counts a pid; its tree node exists afterwards. */
    private void seen(int pid) {
        if (pids.add(pid)) {
            tree.put(pid, new Node());
        }
    }

    /** The events counted so far with pid 0 were the first process's, whose pid is {@code pid}. */
    @Override
    public void firstProcessIdentified(int pid) {
        Node anonymous = tree.get(0);
        if (anonymous == null || pid == 0) {
            return;
        }
        pids.remove(0);
        pids.add(pid);
        Map<Integer, Node> renamed = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (v.parent == 0) {
                v.parent = pid; // a child the first process created while it was pid 0
            }
            if (k == 0) {
                renamed.put(pid, v);
            } else if (k != pid) {
                renamed.put(k, v);
            } else {
                anonymous.merge(v);
            }
        });
        tree.clear();
        tree.putAll(renamed);
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

    @Override
    public void cutLastLine(UnparsedLine line) {
        cutLine = line;
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
        if (later.tree.containsKey(0)) {
            // lines without a pid prefix in the later part belong to the one process alive at the cut
            List<Integer> alive = tree.entrySet().stream().filter(x -> x.getValue().exit == null).map(Map.Entry::getKey).toList();
            if (alive.size() == 1 && alive.get(0) != 0) {
                later.firstProcessIdentified(alive.get(0));
            }
        }
        later.tree.forEach((k, v) -> {
            Node mine = tree.get(k);
            if (mine == null) {
                pids.add(k);
                tree.put(k, v);
            } else {
                mine.merge(v);
            }
        });
        later.pids.forEach(pids::add);
        later.threads.forEach(threads::add);
        noticeCount += later.noticeCount;
        for (UnparsedLine n : later.notices) {
            if (notices.size() < MAX_LISTED) {
                notices.add(new UnparsedLine(n.line() + lineOffset, n.text()));
            }
        }
        for (String e : later.execs) {
            if (execs.size() < MAX_LISTED) {
                execs.add(e);
            }
        }
        execCount += later.execCount;
        summaryTable |= later.summaryTable;
        if (later.cutLine != null) {
            cutLine = new UnparsedLine(later.cutLine.line() + lineOffset, later.cutLine.text());
        }
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

    /**
     * Processes: the distinct pids that made calls, received signals or exited (0 stands for an
     * unprefixed single process), less the {@link #threads()}.
     */
    public int processes() {
        return pids.size() - threads.size();
    }

    /** Threads: the pids created by {@code clone}/{@code clone3} with {@code CLONE_THREAD} (clone(2)). */
    public int threads() {
        return threads.size();
    }

    /** {@link #processes()} and {@link #threads()} together, e.g. for "1 process, 5 threads". */
    public ProcessCounts processCounts() {
        return new ProcessCounts(processes(), threads());
    }

    /** Paths of successful execs in order (the first {@link #MAX_LISTED}). */
    public List<String> execs() {
        return List.copyOf(execs);
    }

    public long execCount() {
        return execCount;
    }

    /**
     * The process tree: every pid that made calls, received signals or ended, in order of first
     * appearance, with its parent (the pid whose clone/fork/vfork returned it), its successful execs
     * (an execve never resumed in the log is listed as {@code PATH <unfinished ...>}) and how it ended.
     */
    public List<ProcessNode> processTree() {
        List<ProcessNode> out = new ArrayList<>(tree.size());
        tree.forEach((pid, n) -> out.add(new ProcessNode(pid, n.parent < 0 ? null : n.parent, n.execs, n.exit)));
        return out;
    }

    /**
     * One process of {@link #processTree()}.
     *
     * @param parent null when the log does not show it (a root)
     * @param exit   {@code exited N}, {@code killed by SIGNAME}, or null when the log does not show the end
     */
    public record ProcessNode(int pid, Integer parent, List<String> execs, String exit) {
        public ProcessNode {
            execs = List.copyOf(execs);
        }
    }

    /** The tracer's own messages ({@code strace: Process N attached}, ...) with their lines (the first {@link #MAX_LISTED}). */
    public List<UnparsedLine> notices() {
        return List.copyOf(notices);
    }

    /** All notices, also those beyond {@link #MAX_LISTED}. */
    public long noticeCount() {
        return noticeCount;
    }

    /**
     * Present when the log ends before the traced command did: its first process (the first pid of
     * {@link #processTree()}) never exits in it (strace logs only: dtruss prints no exits), or its
     * last line is cut in the middle. Empty for a complete log and for a log that shows no process
     * (an {@code strace -c} table).
     */
    public java.util.Optional<IncompleteLog> incomplete() {
        if (tree.isEmpty()) {
            return IncompleteLog.of(format, -1, false, cutLine);
        }
        Map.Entry<Integer, Node> first = tree.entrySet().iterator().next();
        return IncompleteLog.of(format, first.getKey(), first.getValue().exit != null, cutLine);
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

        /** Adds {@code v}; true when it was not in the set. */
        boolean add(int v) {
            if (v == 0) {
                if (!hasZero) {
                    hasZero = true;
                    size++;
                    return true;
                }
                return false;
            }
            int mask = slots.length - 1;
            int i = (v * 0x9E3779B9) >>> 7 & mask;
            while (slots[i] != 0) {
                if (slots[i] == v) return false;
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
            return true;
        }

        /** Removes 0 (the only value ever removed: pid 0 once the first process's pid is known). */
        void remove(int v) {
            if (v != 0) {
                throw new IllegalArgumentException("only 0 is removed");
            }
            if (hasZero) {
                hasZero = false;
                size--;
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

    /**
     * The {@code gotrail parse} keys (docs/cli.md): file, format, lines, events, unparsed[{line,text}], syscalls, failed, processes,
     * threads (processes and threads counted apart, {@link ProcessCounts}), processTree[{pid,parent,execs,exit}], notices[{line,text}],
     * execs (lists capped at {@link #MAX_LISTED}), and, only for a log that ends before the traced command did, incomplete
     * ({@link IncompleteLog#toJsonMap()}).
     */
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
        m.put("threads", threads());
        List<Object> pt = new ArrayList<>();
        for (ProcessNode n : processTree()) {
            if (pt.size() >= MAX_LISTED) {
                break;
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("pid", n.pid());
            o.put("parent", n.parent());
            o.put("execs", n.execs());
            o.put("exit", n.exit());
            pt.add(o);
        }
        m.put("processTree", pt);
        List<Object> ns = new ArrayList<>();
        for (UnparsedLine n : notices) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("line", n.line());
            o.put("text", n.text());
            ns.add(o);
        }
        m.put("notices", ns);
        m.put("execs", execs());
        if (summaryTable) {
            m.put("summaryTable", true);
        }
        incomplete().ifPresent(i -> m.put("incomplete", i.toJsonMap()));
        return m;
    }
}
