package dev.gotrail.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a traced command really did: its outcome, every parsed event, and the queries built on them
 * (process tree, opened and failed paths, execs, shared objects, effective GOROOT, toolchain
 * switch). Immutable and thread-safe; all analysis is done once, at construction.
 *
 * <p>Create one with {@link #from} after running a command under strace or dtruss.
 */
public final class GoTrace {

    private final List<String> command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final List<Path> rawLogs;
    private final TraceFormat format;
    private final List<TraceEvent> events;
    private final List<UnparsedLine> unparsed;
    private final long lines;
    private final UnparsedLine cutLine;
    private final Optional<IncompleteLog> incomplete;
    private final TraceAnalysis analysis;
    private final GorootEvidence goroot;
    private final Optional<ToolchainSwitchEvidence> toolchainSwitch;

    private GoTrace(List<String> command, int exitCode, String stdout, String stderr, List<Path> rawLogs,
                    TraceFormat format, List<TraceEvent> events, List<UnparsedLine> unparsed, long lines, UnparsedLine cutLine) {
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stdout = stdout == null ? "" : stdout;
        this.stderr = stderr == null ? "" : stderr;
        this.rawLogs = List.copyOf(rawLogs);
        this.format = format;
        this.events = List.copyOf(events);
        this.unparsed = List.copyOf(unparsed);
        this.lines = lines;
        this.cutLine = cutLine;
        this.incomplete = IncompleteLog.of(format, this.events, cutLine);
        this.analysis = new TraceAnalysis(this.events);
        ConsultedFiles files = ConsultedFiles.forLogs(this.rawLogs);
        this.toolchainSwitch = ToolchainSwitchDetector.detect(analysis, this.events, files);
        this.goroot = GorootInference.infer(this.events, analysis, this.toolchainSwitch, files, incomplete);
    }

    /**
     * Parses the raw log(s) of a finished command and analyses them.
     *
     * @param format  {@link TraceFormat#STRACE}, {@link TraceFormat#DTRUSS} or {@link TraceFormat#AUTO}
     * @param rawLogs one log, or the per-process files of {@code strace -ff -o prefix} ({@code prefix.PID},
     *                or just {@code prefix}):
     *                their pid comes from the file name and their events are merged by timestamp
     *                (use {@code -tt}/{@code -ttt} with -ff; without timestamps files are concatenated in pid order)
     * @throws java.io.UncheckedIOException when a log cannot be read (content problems never throw:
     *                they become {@link #unparsedLines()})
     */
    public static GoTrace from(List<String> command, int exitCode, String stdout, String stderr, TraceFormat format,
                               List<Path> rawLogs) {
        if (rawLogs.isEmpty()) {
            throw new IllegalArgumentException("no trace log given");
        }
        List<TraceEvent> all = new ArrayList<>();
        List<UnparsedLine> unparsed = new ArrayList<>();
        long lines = 0;
        UnparsedLine cut = null;
        TraceFormat resolved = format;
        List<Path> ordered = new ArrayList<>();
        for (Path p : rawLogs) {
            List<Path> expanded = TraceParsers.ffFiles(p);
            ordered.addAll(expanded.isEmpty() ? List.of(p) : expanded); // a missing file reports itself below
        }
        if (ordered.size() > 1) {
            ordered.sort(Comparator.comparingInt(FfLogs::pidOf));
        }
        for (Path log : ordered) {
            TraceParsers.Collector c = new TraceParsers.Collector();
            resolved = TraceParsers.parse(log, format, new PayloadTrimmer(c));
            all.addAll(c.events);
            unparsed.addAll(c.unparsed);
            lines += c.lines;
            cut = cut == null ? c.cutLine : cut;
        }
        if (ordered.size() > 1) {
            boolean timed = all.stream().allMatch(e -> e.timeNanos() != TraceEvent.UNKNOWN || e.kind() != EventKind.SYSCALL);
            if (timed) {
                // stable: events of one file keep their order; UNKNOWN (notices) sort first
                all.sort(Comparator.comparingLong(TraceEvent::timeNanos));
            }
        }
        return new GoTrace(command, exitCode, stdout, stderr, ordered, resolved, all, unparsed, lines, cut);
    }

    /** Single-log convenience for {@link #from(List, int, String, String, TraceFormat, List)}. */
    public static GoTrace from(List<String> command, int exitCode, String stdout, String stderr, TraceFormat format,
                               Path rawLog) {
        return from(command, exitCode, stdout, stderr, format, List.of(rawLog));
    }

    /**
     * This trace as seen from inside a launcher: a command started through a sandbox (bubblewrap,
     * {@code unshare}/chroot; docs/go-image.md) whose own setup calls — with this machine's paths,
     * before the pivot into the image — are not the command's. Keeps the events of the process that
     * first exec'd {@code program} successfully, from that exec on, and every event of the processes
     * it created from then on (and they in turn); drops the rest (the launcher's). {@code program} is matched against the exec's path:
     * exactly, or, for a bare name, as the last path element (the launcher's PATH search).
     *
     * @param program the program the launcher runs, as it names it ({@code /usr/local/go/bin/go})
     * @param command the command line to report as {@link #command()}: the command as run inside
     * @return the narrowed trace; this trace unchanged (but for {@code command}) when no such exec
     *         succeeded (the launcher failed: its calls are then the evidence)
     */
    public GoTrace launched(String program, List<String> command) {
        ExecCall first = null;
        for (ExecCall e : analysis.execs) {
            if (e.succeeded() && (e.path().equals(program) || (!program.contains("/") && e.path().endsWith("/" + program)))) {
                first = e;
                break;
            }
        }
        if (first == null) {
            return new GoTrace(command, exitCode, stdout, stderr, rawLogs, format, events, unparsed, lines, cutLine);
        }
        // the processes go's process created after its exec, and theirs: a launcher shell that
        // forked mount/mkdir before exec'ing on the same pid must not bring those children along
        int goPid = first.pid();
        long execLine = first.line();
        java.util.Set<Integer> descendants = new java.util.HashSet<>();
        boolean grew = true;
        while (grew) { // a child's clone may be logged before its parent's clone returns: iterate to a fixpoint
            grew = false;
            for (TraceEvent e : events) {
                String n = e.name();
                boolean create = e.kind() == EventKind.SYSCALL && (n.equals("clone") || n.equals("clone3") || n.equals("fork")
                        || n.equals("vfork")) && e.retval() > 0 && e.errno() == null;
                if (create && ((e.pid() == goPid && e.line() >= execLine) || descendants.contains(e.pid()))
                        && descendants.add((int) e.retval())) {
                    grew = true;
                }
            }
        }
        List<TraceEvent> kept = new ArrayList<>();
        for (TraceEvent e : events) {
            if ((e.pid() == goPid && e.line() >= execLine) || descendants.contains(e.pid())
                    || (e.pid() == 0 && e.kind() != EventKind.SYSCALL)) {
                kept.add(e);
            }
        }
        return new GoTrace(command, exitCode, stdout, stderr, rawLogs, format, kept, unparsed, lines, cutLine);
    }

    /** The command line that was traced. */
    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    /** The raw trace log (the first file for -ff). */
    public Path rawLog() {
        return rawLogs.get(0);
    }

    /** All raw logs (several for strace -ff). */
    public List<Path> rawLogs() {
        return rawLogs;
    }

    /** The format the logs were parsed as. */
    public TraceFormat format() {
        return format;
    }

    /** Every event in log order (merged by time for -ff). */
    public List<TraceEvent> events() {
        return events;
    }

    /** Events that are system calls named {@code name}. */
    public List<TraceEvent> calls(String name) {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.SYSCALL && e.name().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The tracer's own messages ({@code strace: Process N attached}, ...), wherever they appeared in the log. */
    public List<TraceEvent> notices() {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.kind() == EventKind.NOTICE) {
                out.add(e);
            }
        }
        return out;
    }

    /** Lines in the log(s); equals parsed lines plus {@link #unparsedLines()}. */
    public long lines() {
        return lines;
    }

    /**
     * Every process and thread seen, in order of first appearance, with parent, execs and exit
     * ({@link #isThread} tells them apart, {@link #processCounts()} counts them).
     */
    public List<ProcessInfo> processes() {
        return analysis.processes();
    }

    /**
     * Whether the task {@code pid} is a thread: the trace shows it created by {@code clone} or
     * {@code clone3} with {@code CLONE_THREAD} (clone(2)). False for processes and unknown pids.
     */
    public boolean isThread(int pid) {
        return analysis.isThread(pid);
    }

    /** The tasks of {@link #processes()} counted as processes and threads ({@link ProcessCounts}). */
    public ProcessCounts processCounts() {
        int threads = 0;
        List<ProcessInfo> all = processes();
        for (ProcessInfo p : all) {
            if (analysis.isThread(p.pid())) {
                threads++;
            }
        }
        return new ProcessCounts(all.size() - threads, threads);
    }

    /** The process tree's roots (pids without a known parent). */
    public List<ProcessInfo> rootProcesses() {
        List<ProcessInfo> out = new ArrayList<>();
        for (ProcessInfo p : processes()) {
            if (p.parent() == 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Files opened successfully (open, openat, openat2, creat), in order. */
    public List<FileAccess> opened() {
        return List.copyOf(analysis.opened);
    }

    /** Every path-taking call that failed, with its errno. */
    public List<FileAccess> failedAccesses() {
        return List.copyOf(analysis.failed);
    }

    /** Every path-taking call (successful or not). */
    public List<FileAccess> fileAccesses() {
        return List.copyOf(analysis.accesses);
    }

    /** Every exec attempt (successful and failed, e.g. the PATH search), in order. */
    public List<ExecCall> execs() {
        return List.copyOf(analysis.execs);
    }

    /** Shared objects opened and mapped (loaded), including dlopen'd plugins. */
    public List<SharedObject> loadedSharedObjects() {
        List<SharedObject> out = new ArrayList<>();
        for (SharedObject so : analysis.sharedObjects) {
            if (so.loaded()) {
                out.add(so);
            }
        }
        return out;
    }

    /** Every shared-object open: the loaded ones and the failed probes (library-path search, a dlopen of a missing file). */
    public List<SharedObject> sharedObjectAttempts() {
        return List.copyOf(analysis.sharedObjects);
    }

    /**
     * The GOROOT the go command used, its source and the proving lines. For an {@link #incomplete()}
     * log that ends before the evidence that decides it, the source is null ({@link GorootEvidence#known()}
     * false) rather than a BUILTIN_FALLBACK concluded from the missing lines.
     */
    public GorootEvidence effectiveGoroot() {
        return goroot;
    }

    /** The GOTOOLCHAIN switch, if one happened. */
    public Optional<ToolchainSwitchEvidence> toolchainSwitch() {
        return toolchainSwitch;
    }

    /** Lines no parser rule accepted, with their numbers. */
    public List<UnparsedLine> unparsedLines() {
        return unparsed;
    }

    /**
     * Present when the log ends before the traced command did: its first process never exits in it
     * (strace), or its last line is cut in the middle ({@code head -c}, a killed tracer). What such a
     * log does not show may still have happened: {@link #effectiveGoroot()} then concludes nothing
     * from absence ({@link GorootEvidence#known()}).
     */
    public Optional<IncompleteLog> incomplete() {
        return incomplete;
    }

    /** Streaming-style counts (syscalls, failures, processes, execs) over this trace. */
    public TraceSummary summary() {
        TraceSummary s = TraceSummary.of(rawLog(), format, lines, events, unparsed);
        if (cutLine != null) {
            s.cutLastLine(cutLine);
        }
        return s;
    }

    /**
     * The trace's one JSON shape (docs/cli.md, {@code gotrail trace} keys), used alike by the CLI and
     * the evidence's {@code trace-N.json}: the parse keys plus command, exitCode, effectiveGoroot
     * ({@link GorootEvidence#toJsonMap()}), toolchainSwitch ({@link ToolchainSwitchEvidence#toJsonMap()}
     * or null), opened, failedAccesses, sharedObjects, stdout and stderr.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>(summary().toJsonMap());
        m.put("command", command);
        m.put("exitCode", exitCode);
        m.put("effectiveGoroot", goroot.toJsonMap());
        m.put("toolchainSwitch", toolchainSwitch.map(ToolchainSwitchEvidence::toJsonMap).orElse(null));
        m.put("opened", analysis.opened.stream().map(FileAccess::path).distinct().toList());
        List<Object> failed = new ArrayList<>();
        for (FileAccess f : analysis.failed) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", f.path());
            o.put("syscall", f.syscall());
            o.put("errno", f.errno());
            o.put("line", f.line());
            failed.add(o);
        }
        m.put("failedAccesses", failed);
        List<Object> sos = new ArrayList<>();
        for (SharedObject so : analysis.sharedObjects) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", so.path());
            o.put("loaded", so.loaded());
            o.put("errno", so.errno());
            o.put("line", so.line());
            sos.add(o);
        }
        m.put("sharedObjects", sos);
        m.put("stdout", stdout);
        m.put("stderr", stderr);
        return m;
    }

    @Override
    public String toString() {
        return "GoTrace" + command + " exit " + exitCode + ", " + events.size() + " events, GOROOT "
                + goroot.path() + " (" + goroot.source() + ")";
    }
}
