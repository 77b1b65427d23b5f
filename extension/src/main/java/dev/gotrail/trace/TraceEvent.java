package dev.gotrail.trace;

import java.util.List;

/**
 * One parsed trace record. Memory-light on purpose (a traced {@code go build} yields hundreds of
 * thousands): the arguments stay as the tracer printed them and are split or decoded only on
 * demand ({@link #args()}, {@link #stringArg(int)}).
 *
 * <p>Text follows the {@link TraceText} byte-exact rule. Numbers that the trace did not show are
 * {@link #UNKNOWN}.
 */
public final class TraceEvent {

    /** Marks a value the trace did not show: the return value {@code ?}, a missing timestamp or duration. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** The call never completed in the log: {@code <unfinished ...>} without a resume, cut by exit or detach. */
    public static final int INCOMPLETE = 1;
    /** Only the {@code <... x resumed>} half was in the log (attached mid-call or an earlier log). */
    public static final int RESUMED_ONLY = 2;
    /** strace fault injection: {@code (INJECTED)}. */
    public static final int INJECTED = 4;
    /** strace's {@code <detached ...>}: the tracer let go of the process during the call. */
    public static final int DETACHED = 8;
    /** A string argument was cut by {@code -s} ({@code "..."...}). */
    public static final int TRUNCATED = 16;

    private final long line;
    private final long endLine;
    private final int pid;
    private final long timeNanos;
    private final EventKind kind;
    private final String name;
    private final String rawArgs;
    private final String result;
    private final long retval;
    private final String errno;
    private final long durationNanos;
    private final int flags;

    /**
     * How a completed call returned: the return as printed ({@code 3</x>}, {@code -1}, {@code ?}; null when
     * the arguments were not kept), its numeric value ({@link #UNKNOWN} for {@code ?}), the errno name or
     * null, and the {@code -T} duration in nanoseconds or {@link #UNKNOWN}.
     */
    public record Outcome(String text, long retval, String errno, long durationNanos) {
        /** No return seen: an unfinished, detached or cut call. */
        public static final Outcome NONE = new Outcome(null, UNKNOWN, null, UNKNOWN);
    }

    private TraceEvent(long line, long endLine, int pid, long timeNanos, EventKind kind, String name, String rawArgs,
                       Outcome outcome, int flags) {
        this.line = line;
        this.endLine = endLine;
        this.pid = pid;
        this.timeNanos = timeNanos;
        this.kind = kind;
        this.name = name;
        this.rawArgs = rawArgs;
        this.result = outcome.text;
        this.retval = outcome.retval;
        this.errno = outcome.errno;
        this.durationNanos = outcome.durationNanos;
        this.flags = flags;
    }

    /**
     * A system call spanning lines {@code line..endLine} (more than one line when it was resumed).
     *
     * @param rawArgs the arguments as printed, without the parentheses ("" when not kept)
     * @param outcome how it returned; {@link Outcome#NONE} with the {@link #INCOMPLETE} flag for a call that never did
     */
    public static TraceEvent call(long line, long endLine, int pid, long timeNanos, String name, String rawArgs,
                                  Outcome outcome, int flags) {
        return new TraceEvent(line, endLine, pid, timeNanos, EventKind.SYSCALL, name, rawArgs, outcome, flags);
    }

    /** A call that never returned in the log ({@code <unfinished ...>} without a resume, cut, detached): flag {@link #INCOMPLETE} added. */
    public static TraceEvent incomplete(long line, long endLine, int pid, long timeNanos, String name, String rawArgs,
                                        int flags) {
        return call(line, endLine, pid, timeNanos, name, rawArgs, Outcome.NONE, flags | INCOMPLETE);
    }

    /** A delivered signal ({@code --- SIGCHLD {...} ---}): {@code name} is the signal, {@code details} the braces ("" when none). */
    public static TraceEvent signal(long line, int pid, long timeNanos, String name, String details) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.SIGNAL, name, details, Outcome.NONE, 0);
    }

    /** {@code +++ exited with STATUS +++}; {@link #retval()} holds the status. */
    public static TraceEvent exited(long line, int pid, long timeNanos, long status) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.EXITED, "exited", "",
                new Outcome(null, status, null, UNKNOWN), 0);
    }

    /** {@code +++ killed by SIGNAL [(core dumped)] +++}: {@code name} is the signal, {@code details} e.g. {@code (core dumped)}. */
    public static TraceEvent killed(long line, int pid, long timeNanos, String signal, String details) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.KILLED, signal, details, Outcome.NONE, 0);
    }

    /** {@code +++ superseded by execve in pid BY +++}: thread {@code by}'s execve replaced the thread group; {@link #retval()} holds it. */
    public static TraceEvent superseded(long line, int pid, long timeNanos, long by) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.SUPERSEDED, "superseded", "",
                new Outcome(null, by, null, UNKNOWN), 0);
    }

    /** A tracer's own message ({@code strace: Process N attached}, {@code dtrace: ...}); the text is the {@link #name()}. */
    public static TraceEvent notice(long line, int pid, long timeNanos, String text) {
        return notice(line, pid, timeNanos, text, 0);
    }

    /** A notice with flags, e.g. a lone {@code <detached ...>} ({@link #DETACHED}). */
    public static TraceEvent notice(long line, int pid, long timeNanos, String text, int flags) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.NOTICE, text, "", Outcome.NONE, flags);
    }

    /** An {@code -k} stack frame line ({@code  > /lib/libc.so.6(open+0x1b) [0x114d5b]}), without the {@code > }. */
    public static TraceEvent stackFrame(long line, int pid, long timeNanos, String frame) {
        return new TraceEvent(line, line, pid, timeNanos, EventKind.STACK_FRAME, "frame", frame, Outcome.NONE, 0);
    }

    /** A line of an {@code strace -c} or dtruss {@code CALL COUNT} table, as printed. */
    public static TraceEvent summaryRow(long line, String text) {
        return new TraceEvent(line, line, 0, UNKNOWN, EventKind.SUMMARY, "summary", text, Outcome.NONE, 0);
    }

    /** This event attributed to {@code newPid} (a line without a {@code [pid N]} prefix whose process became known later). */
    public TraceEvent withPid(int newPid) {
        return newPid == pid ? this : new TraceEvent(line, endLine, newPid, timeNanos, kind, name, rawArgs, outcome(), flags);
    }

    /** This event with other raw arguments and flags (a payload cut short, two halves joined). */
    public TraceEvent withArgs(String newRawArgs, int newFlags) {
        return new TraceEvent(line, endLine, pid, timeNanos, kind, name, newRawArgs, outcome(), newFlags);
    }

    /** How the call returned ({@link Outcome#NONE}-like for events that are not completed calls). */
    public Outcome outcome() {
        return new Outcome(result, retval, errno, durationNanos);
    }

    /** 1-based line where the record starts (for a resumed call: the {@code <unfinished ...>} line). */
    public long line() {
        return line;
    }

    /** 1-based line where the record ends (differs from {@link #line()} for resumed calls). */
    public long endLine() {
        return endLine;
    }

    /** Process/thread id; 0 when the log did not say (a single-process log without pid prefixes). */
    public int pid() {
        return pid;
    }

    /** Timestamp in nanoseconds (of the day for -t/-tt, of the epoch for -ttt, relative for -r); {@link #UNKNOWN} when absent. */
    public long timeNanos() {
        return timeNanos;
    }

    public EventKind kind() {
        return kind;
    }

    /** The syscall name, the signal name, or for notices the notice text. */
    public String name() {
        return name;
    }

    /** The arguments exactly as printed (without the parentheses); "" when none. */
    public String rawArgs() {
        return rawArgs;
    }

    /** The return as printed, with any {@code -y} decoration, e.g. {@code 3</usr/lib/go/go.env>} or {@code -1} or {@code ?}; null for non-calls. */
    public String result() {
        return result;
    }

    /** The numeric return value (or exit status / pid for EXITED / SUPERSEDED); {@link #UNKNOWN} for {@code ?}. */
    public long retval() {
        return retval;
    }

    /** The errno name such as {@code ENOENT}, or null when the call did not fail. */
    public String errno() {
        return errno;
    }

    /** {@code -T} time spent in the call, in nanoseconds, or {@link #UNKNOWN}. */
    public long durationNanos() {
        return durationNanos;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean isSyscall() {
        return kind == EventKind.SYSCALL;
    }

    /** A completed call that returned without an errno. */
    public boolean succeeded() {
        return kind == EventKind.SYSCALL && errno == null && retval != UNKNOWN && !has(INCOMPLETE);
    }

    public boolean failed() {
        return errno != null;
    }

    /** The top-level arguments, split at commas outside strings, brackets and decorations. */
    public List<String> args() {
        return StraceValues.splitArgs(rawArgs);
    }

    /**
     * The {@code index}-th argument decoded as a C string ({@code \ooo}, {@code \xNN} escapes undone,
     * {@link TraceText} rule), or null when it is not a string literal.
     */
    public String stringArg(int index) {
        List<String> a = args();
        return index < a.size() ? StraceValues.decodeString(a.get(index)) : null;
    }

    /** The line in strace's own shape, prefixed with its line number: evidence for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("line ").append(line).append(": ");
        if (pid != 0) {
            sb.append(pid).append(' ');
        }
        switch (kind) {
            case SYSCALL -> {
                sb.append(name).append('(').append(rawArgs).append(')');
                if (has(INCOMPLETE)) {
                    sb.append(has(DETACHED) ? " <detached ...>" : " <unfinished ...>");
                } else {
                    sb.append(" = ").append(result == null ? "?" : result);
                    if (errno != null) {
                        sb.append(' ').append(errno);
                    }
                }
            }
            case SIGNAL -> sb.append("--- ").append(name).append(rawArgs.isEmpty() ? "" : " " + rawArgs).append(" ---");
            case EXITED -> sb.append("+++ exited with ").append(retval).append(" +++");
            case KILLED -> sb.append("+++ killed by ").append(name).append(" +++");
            case SUPERSEDED -> sb.append("+++ superseded by execve in pid ").append(retval).append(" +++");
            default -> sb.append(name).append(rawArgs.isEmpty() ? "" : " " + rawArgs);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
