package dev.gotrail.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a log ends before the traced command did: the first process (the traced command itself)
 * never exits in it — strace writes {@code +++ exited with N +++} or {@code +++ killed by SIG +++}
 * for every tracee it saw to the end — and/or its last line is cut in the middle (no newline, not a
 * whole record). Such a log was cut ({@code head -c}), or its tracer was killed or detached: what it
 * does not show may still have happened, so nothing may be concluded from absence (see
 * {@link GorootEvidence#known()}).
 *
 * @param firstPid the pid of the first process when it never exits in the log (0 when the log has no
 *                 pid prefixes), or -1 when it does exit, or the format does not say (dtruss prints no exits)
 * @param cutLine  the last line when it is cut in the middle, with its 1-based number; else null
 */
public record IncompleteLog(int firstPid, UnparsedLine cutLine) {

    /** One sentence for reports: what is missing, with the cut line's number and text. */
    public String describe() {
        StringBuilder sb = new StringBuilder("the log is incomplete: ");
        if (firstPid >= 0) {
            sb.append("it ends before the first process").append(firstPid > 0 ? " (pid " + firstPid + ")" : "")
                    .append(" exited (no +++ exited/killed +++ line for it)");
        }
        if (cutLine != null) {
            String t = cutLine.text();
            sb.append(firstPid >= 0 ? "; " : "").append("its last line, line ").append(cutLine.line())
                    .append(", is cut in the middle: ").append(t.length() > 120 ? t.substring(0, 120) + " ..." : t);
        }
        return sb.toString();
    }

    /** JSON: {@code {firstPid, cutLine: {line, text} | null, message}} ({@code firstPid} null when it exited). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstPid", firstPid >= 0 ? firstPid : null);
        if (cutLine == null) {
            m.put("cutLine", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("line", cutLine.line());
            c.put("text", cutLine.text());
            m.put("cutLine", c);
        }
        m.put("message", describe());
        return m;
    }

    /**
     * The verdict on a log: incomplete when {@code cutLine} is set or, for strace, when the first
     * process of the log never exits in it.
     *
     * @param firstPid the first process's pid, or -1 when the log shows no process
     * @param exited   whether that process's exit or kill is in the log
     */
    static java.util.Optional<IncompleteLog> of(TraceFormat format, int firstPid, boolean exited, UnparsedLine cutLine) {
        int missing = format == TraceFormat.STRACE && firstPid >= 0 && !exited ? firstPid : -1;
        return missing < 0 && cutLine == null ? java.util.Optional.empty() : java.util.Optional.of(new IncompleteLog(missing, cutLine));
    }

    /** The verdict on events in log order: the first pid that made a call, got a signal or ended is the first process. */
    static java.util.Optional<IncompleteLog> of(TraceFormat format, java.util.List<TraceEvent> events, UnparsedLine cutLine) {
        int first = -1;
        boolean exited = false;
        for (TraceEvent e : events) {
            EventKind k = e.kind();
            boolean process = k == EventKind.SYSCALL || k == EventKind.SIGNAL || k == EventKind.EXITED || k == EventKind.KILLED;
            if (process && first < 0) {
                first = e.pid();
            }
            if ((k == EventKind.EXITED || k == EventKind.KILLED) && e.pid() == first) {
                exited = true;
                break;
            }
        }
        return of(format, first, exited, cutLine);
    }

    /**
     * Whether a last line without newline ends as strace and dtruss records end: {@code )},
     * {@code >} (a duration, a decoration, {@code <unfinished ...>}), {@code ]}, {@code ?},
     * {@code +++}, {@code ---}, or a number ({@code = 3}, {@code = 0x7f12}, dtruss's {@code = -1 Err#2}).
     * Anything else — {@code = -1 ENOENT (No such file or} — was cut in the middle even when a parser
     * rule accepts what is left.
     */
    static boolean endsLikeARecord(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.endsWith(")") || t.endsWith(">") || t.endsWith("]") || t.endsWith("?")
                || t.endsWith("+++") || t.endsWith("---")) {
            return true;
        }
        String last = t.substring(t.lastIndexOf(' ') + 1);
        return last.matches("-?[0-9]+|-?0x[0-9a-fA-F]+|Err#[0-9]+");
    }
}
