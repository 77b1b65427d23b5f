package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.endsWith;
import static dev.gotrail.trace.TraceBytes.isNameChar;
import static dev.gotrail.trace.TraceBytes.isNameStart;
import static dev.gotrail.trace.TraceBytes.parseLong;
import static dev.gotrail.trace.TraceBytes.skipSpaces;
import static dev.gotrail.trace.TraceBytes.startsWith;
import static dev.gotrail.trace.TraceBytes.trimEnd;

import java.nio.charset.StandardCharsets;

/**
 * The grammar of one strace line: a prefix ({@link LinePrefix}) and a record — a call (whole,
 * {@code <unfinished ...>}, {@code <detached ...>} or cut), a {@code <... name resumed>} half, a signal,
 * an exit or kill, an {@code -k} frame, a {@code -c} table line ({@link StraceSummaryTable}) or one of
 * strace's own messages ({@link StraceMessages}). Halves are joined by {@link PendingCalls}; lines
 * without a pid prefix get their process from {@link Tracees}.
 */
final class StraceGrammar {

    private static final byte[] UNFINISHED = "<unfinished ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ELLIPSIS_END = " ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETACHED = "<detached ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESUMED = " resumed>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNAL_END = " ---".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIT_END = " +++".getBytes(StandardCharsets.US_ASCII);

    private final TraceSink sink;
    private final PendingCalls pending;
    private final Tracees tracees;
    private final StraceSummaryTable table = new StraceSummaryTable();
    private final NameCache names = new NameCache();
    /** Set when a line was read as a call the log's end cut in the middle (see {@link #line}). */
    boolean cut;

    /** @param fixedPid the pid of lines without prefix when known (an {@code -ff} file), else 0 */
    StraceGrammar(TraceSink sink, int fixedPid) {
        this.sink = sink;
        this.pending = new PendingCalls(sink);
        this.tracees = new Tracees(fixedPid);
    }

    PendingCalls pending() {
        return pending;
    }

    /**
     * Parses the line {@code [off, end)} numbered {@code ln}; emits its events (or keeps its first half).
     * A blank line is accepted without an event. Returns false when the line is not a record.
     *
     * @param lastUnterminated the log's last line, cut without a newline: an unclosed call is kept as cut
     */
    boolean line(byte[] b, int off, int end, boolean lastUnterminated, long ln) {
        int p = skipSpaces(b, off, end);
        if (p >= end) {
            return true;
        }
        if (table.mayStart(b, p, end) && table.accept(b, p, end)) {
            sink.event(TraceEvent.summaryRow(ln, TraceText.decode(b, p, end - p)));
            return true;
        }
        LinePrefix pre = LinePrefix.parse(b, p, end);
        if (pre == null) {
            return false;
        }
        int s = pre.body();
        if (StraceMessages.isMessage(b, s, end)) {
            if (s > p) {
                return false; // "[pid 5] strace: ...": the message cut in after the prefix; the record follows
            }
            notice(TraceText.decode(b, s, end - s), ln, 0, pre.time());
            return true;
        }
        int pid = pre.prefixed() ? prefixed(pre.pid(), b, s, end) : tracees.unprefixed();
        long time = pre.time();
        byte c = b[s];
        if (c == '<') {
            return resumed(b, s, end, pid, time, ln);
        }
        if (c == '-' && startsWith(b, s, end, "--- ")) {
            return signal(b, s, end, pid, time, ln);
        }
        if (c == '+' && startsWith(b, s, end, "+++ ")) {
            return exit(b, s, end, pid, time, ln);
        }
        if (c == '>' && s + 1 < end && b[s + 1] == ' ') {
            sink.event(TraceEvent.stackFrame(ln, pid, time, TraceText.decode(b, s + 2, end - s - 2)));
            return true;
        }
        if (isNameStart(c)) {
            return call(b, s, end, pid, time, ln, lastUnterminated);
        }
        return false;
    }

    /** A line with a pid prefix; the first process, known so far as pid 0, may show its pid here. */
    private int prefixed(int pid, byte[] b, int s, int end) {
        if (tracees.awaitsLeader() && tracees.isNew(pid)) {
            PendingCalls.Pending anon = pending.of(0);
            boolean resumesAnon = anon != null && resumes(b, s, end, anon.name());
            boolean forking = anon != null && isCreate(anon.name());
            // a new pid while the first process waits in a fork is that fork's child (with -q no
            // "attached" message announced it); any other new pid is the first process itself
            if (resumesAnon || !forking) {
                tracees.identifyLeader(pid);
                pending.rename(0, pid);
                sink.firstProcessIdentified(pid);
            }
        }
        tracees.heardFrom(pid);
        return pid;
    }

    private static boolean resumes(byte[] b, int s, int end, String name) {
        return startsWith(b, s, end, "<... ") && startsWith(b, s + 5, end, name) && startsWith(b, s + 5 + name.length(), end, RESUMED);
    }

    private static boolean isCreate(String name) {
        return name.equals("clone") || name.equals("clone3") || name.equals("fork") || name.equals("vfork");
    }

    /** One of strace's messages on a line of its own: a notice, and what it says about the processes. */
    void notice(String text, long ln, int pid, long time) {
        emitNotice(text, ln, pid, time);
        takeNotice(text);
    }

    /** The notice event of a message (one cut out of a call line is taken into account after that call). */
    void emitNotice(String text, long ln, int pid, long time) {
        sink.event(TraceEvent.notice(ln, pid == 0 ? StraceMessages.pidOf(text) : pid, time, text));
    }

    /** {@code Process N attached} / {@code detached}: N lives from now on / is gone. */
    void takeNotice(String text) {
        int about = StraceMessages.pidOf(text);
        if (about > 0 && StraceMessages.isAttach(text)) {
            tracees.born(about);
        } else if (about > 0 && StraceMessages.isDetach(text)) {
            tracees.died(about);
        }
    }

    private boolean call(byte[] b, int p, int end, int pid, long time, long ln, boolean lastUnterminated) {
        int q = p;
        while (q < end && isNameChar(b[q])) q++;
        if (q >= end || b[q] != '(' || q - p > 64) {
            return false;
        }
        String name = names.get(b, p, q - p);
        int argsStart = q + 1;
        int trimmed = trimEnd(b, argsStart, end);
        int marker = -1;
        if (endsWith(b, argsStart, trimmed, UNFINISHED)) {
            marker = trimmed - UNFINISHED.length;
        } else if (endsWith(b, argsStart, trimmed, ELLIPSIS_END)) {
            // strace 6: "execve(...) <pid changed to 1234 ...>" - an exec by a non-leader thread,
            // resumed under the leader after "+++ superseded by execve +++"
            int lt = trimmed - ELLIPSIS_END.length;
            while (lt > argsStart && b[lt] != '<') lt--;
            if (startsWith(b, lt, trimmed, "<pid changed to ")) {
                marker = lt;
            }
        }
        if (marker >= 0) {
            int argsEnd = trimEnd(b, argsStart, marker);
            boolean keep = sink.keepArgs(name);
            pending.start(new PendingCalls.Pending(ln, pid, time, name,
                    keep ? TraceText.decode(b, argsStart, argsEnd - argsStart) : "",
                    keep ? truncFlag(b, argsStart, argsEnd) : 0), ln);
            return true;
        }
        if (endsWith(b, argsStart, trimmed, DETACHED)) {
            int argsEnd = trimEnd(b, argsStart, trimmed - DETACHED.length);
            sink.event(TraceEvent.incomplete(ln, ln, pid, time, name, TraceText.decode(b, argsStart, argsEnd - argsStart),
                    TraceEvent.DETACHED | truncFlag(b, argsStart, argsEnd)));
            return true;
        }
        ArgScan scan = ArgScan.scan(b, argsStart, end);
        int close = scan.close();
        if (close < 0) {
            if (lastUnterminated) {
                // the log was cut in the middle of this line (tracer killed, disk full)
                cut = true;
                sink.event(TraceEvent.incomplete(ln, ln, pid, time, name, TraceText.decode(b, argsStart, end - argsStart), 0));
                return true;
            }
            return false;
        }
        boolean keep = sink.keepArgs(name);
        int argsEnd = close;
        int cut = 0;
        int closeTrim = trimEnd(b, argsStart, close);
        if (endsWith(b, argsStart, closeTrim, UNFINISHED)) {
            // "nanosleep(..., <unfinished ...>) = ?": strace 6 closes a call its thread died in
            argsEnd = trimEnd(b, argsStart, closeTrim - UNFINISHED.length);
            cut = TraceEvent.INCOMPLETE;
        }
        StraceReturn ret = StraceReturn.parse(b, close + 1, end, keep, names);
        if (ret == null) {
            return false;
        }
        String args = keep ? scan.text(b, argsStart, argsEnd - argsStart) : "";
        pending.cut(pid, ln, 0);
        emit(ln, ln, pid, time, name, args, ret, (scan.truncated() ? TraceEvent.TRUNCATED : 0) | cut);
        return true;
    }

    private boolean resumed(byte[] b, int p, int end, int pid, long time, long ln) {
        if (startsWith(b, p, end, DETACHED)) {
            PendingCalls.Pending old = pending.of(pid);
            if (old != null) {
                pending.cut(pid, ln, TraceEvent.DETACHED);
            } else {
                sink.event(TraceEvent.notice(ln, pid, time, "<detached ...>", TraceEvent.DETACHED));
            }
            return true;
        }
        if (!startsWith(b, p, end, "<... ")) {
            return false;
        }
        int n = p + 5;
        int q = n;
        while (q < end && isNameChar(b[q])) q++;
        if (q == n || !startsWith(b, q, end, RESUMED)) {
            return false;
        }
        String name = names.get(b, n, q - n);
        int rest = q + RESUMED.length;
        ArgScan scan = ArgScan.scan(b, rest, end);
        int close = scan.close();
        if (close < 0) {
            return false;
        }
        boolean keep = sink.keepArgs(name);
        StraceReturn ret = StraceReturn.parse(b, close + 1, end, keep, names);
        if (ret == null) {
            return false;
        }
        String cont = keep ? scan.text(b, rest, close - rest).strip() : "";
        int cut = 0;
        if (endsWith(b, rest, trimEnd(b, rest, close), UNFINISHED)) {
            cut = TraceEvent.INCOMPLETE; // thread killed while blocked (Go runtime threads at exit_group)
            if (cont.endsWith("<unfinished ...>")) {
                cont = cont.substring(0, cont.length() - 16).strip();
            }
        }
        PendingCalls.Pending start = pending.resume(pid, name, ln);
        int flags = (scan.truncated() ? TraceEvent.TRUNCATED : 0) | cut;
        if (start == null) {
            emit(ln, ln, pid, time, name, cont, ret, flags | TraceEvent.RESUMED_ONLY);
            return true;
        }
        if (start.superseded() && name.startsWith("execve") && ret.outcome().retval() != 0
                && (ret.outcome().errno() == null || !ret.outcome().errno().startsWith("E"))) {
            // strace 6.1 with --seccomp-bpf resumes the execve a non-leader thread made (after "+++ superseded
            // by execve in pid N +++") as "= -1 (errno 18446744073709551359)": no errno at all. The thread
            // group was replaced, so the exec succeeded (seen with go 1.22 switching toolchains).
            ret = new StraceReturn(new TraceEvent.Outcome("0", 0, null, ret.outcome().durationNanos()), ret.injected());
        }
        String head = start.args().stripTrailing();
        String args = head.isEmpty() ? cont : cont.isEmpty() ? head : head.endsWith(",") ? head + " " + cont : head + cont;
        emit(start.line(), ln, pid, start.time(), name, args, ret, flags | start.flags());
        return true;
    }

    private void emit(long first, long ln, int pid, long time, String name, String args, StraceReturn ret, int flags) {
        TraceEvent.Outcome o = ret.outcome();
        if (ret.injected()) {
            flags |= TraceEvent.INJECTED;
        }
        if (o.retval() == TraceEvent.UNKNOWN && o.errno() == null && isExitCall(name)) {
            flags &= ~TraceEvent.INCOMPLETE; // exit/exit_group always print "= ?": complete, not cut
        }
        if (o.retval() > 0 && o.errno() == null && isCreate(name)) {
            tracees.born((int) Math.min(o.retval(), Integer.MAX_VALUE));
        }
        sink.event(TraceEvent.call(first, ln, pid, time, name, args, o, flags));
    }

    private static boolean isExitCall(String name) {
        return name.equals("exit_group") || name.equals("exit");
    }

    private boolean signal(byte[] b, int p, int end, int pid, long time, long ln) {
        int e = trimEnd(b, p, end);
        if (!endsWith(b, p, e, SIGNAL_END) || e - p < 8) {
            return false;
        }
        int s = p + 4;
        int stop = e - 4;
        int q = s;
        while (q < stop && b[q] != ' ') q++;
        if (startsWith(b, s, stop, "SIG")) {
            sink.event(TraceEvent.signal(ln, pid, time, names.get(b, s, q - s),
                    q < stop ? TraceText.decode(b, q + 1, stop - q - 1) : ""));
        } else {
            sink.event(TraceEvent.signal(ln, pid, time, TraceText.decode(b, s, stop - s), "")); // "stopped by SIGTSTP"
        }
        return true;
    }

    private boolean exit(byte[] b, int p, int end, int pid, long time, long ln) {
        int e = trimEnd(b, p, end);
        if (!endsWith(b, p, e, EXIT_END)) {
            return false;
        }
        int s = p + 4;
        int stop = e - 4;
        if (startsWith(b, s, stop, "exited with ")) {
            long v = parseLong(b, s + 12, stop);
            if (v == TraceEvent.UNKNOWN) {
                return false;
            }
            pending.cut(pid, ln, 0);
            tracees.died(pid);
            sink.event(TraceEvent.exited(ln, pid, time, v));
            return true;
        }
        if (startsWith(b, s, stop, "killed by ")) {
            int q = s + 10;
            int ns = q;
            while (q < stop && b[q] != ' ') q++;
            pending.cut(pid, ln, 0);
            tracees.died(pid);
            sink.event(TraceEvent.killed(ln, pid, time, names.get(b, ns, q - ns),
                    q < stop ? TraceText.decode(b, q + 1, stop - q - 1) : ""));
            return true;
        }
        if (startsWith(b, s, stop, "superseded by execve in pid ")) {
            long other = parseLong(b, s + 28, stop);
            if (other == TraceEvent.UNKNOWN) {
                return false;
            }
            pending.supersede(pid, (int) other, ln);
            tracees.died((int) other);
            sink.event(TraceEvent.superseded(ln, pid, time, other));
            return true;
        }
        return false;
    }

    private static int truncFlag(byte[] b, int s, int e) {
        // -s cut a string: strace prints "..."... ; look for `"...` cheaply
        for (int i = s; i + 3 < e; i++) {
            if (b[i] == '"' && b[i + 1] == '.' && b[i + 2] == '.' && b[i + 3] == '.') {
                return TraceEvent.TRUNCATED;
            }
        }
        return 0;
    }
}
