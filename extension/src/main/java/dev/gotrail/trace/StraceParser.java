package dev.gotrail.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming strace parser. Works on bytes (no regular expressions, no per-line decoding) and holds
 * only the calls still {@code <unfinished ...>} (one per live thread): memory is bounded by live
 * processes, not by log size. It never throws on content: every line either contributes to an
 * event or becomes an {@link UnparsedLine} with its number.
 *
 * <p>Handled: {@code -f} pid prefixes and {@code [pid N]} prefixes that come and go, {@code -Y}
 * comm suffixes, {@code -t/-tt/-ttt/-r} timestamps, {@code -T} durations, {@code -i} and {@code -n}
 * brackets, unfinished/resumed pairs (also strace 4.x's {@code resumed> } form), an execve resumed
 * under the thread-group leader after {@code +++ superseded by execve in pid N +++}, calls cut by a
 * thread's death or {@code <detached ...>}, signals, exits and kills, {@code -k} frames,
 * {@code -y/-yy} decorations, string escapes, {@code -s} truncation, {@code -X verbose} comments,
 * {@code strace: Process N attached} spliced into a line, {@code -c} tables, {@code (INJECTED)}
 * and a truncated last line.
 */
public final class StraceParser {

    private static final byte[] UNFINISHED = " <unfinished ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNFINISHED_BARE = "<unfinished ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ELLIPSIS_END = " ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETACHED = "<detached ...>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESUMED = " resumed>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPLICE = "strace: Process ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPEN_PAREN = {'('};
    private static final byte[] INJECTED = "(INJECTED)".getBytes(StandardCharsets.US_ASCII);

    private final TraceSink sink;
    private final int defaultPid;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final NameCache names = new NameCache();
    private long lineNo;
    private boolean inSummary;
    private byte[] carry;
    private long carryLine;
    private String carryText;
    private int carryAge;
    /** Lines a broken call waits for its continuation (strace -f on a busy stderr interleaves others). */
    private static final int MAX_CARRY_AGE = 64;
    private final List<UnparsedLine> held = new ArrayList<>();
    private static final int MAX_HELD = 32;

    /** A call printed as {@code <unfinished ...>}, waiting for its resume line. */
    private record Pending(long line, int pid, long time, String name, String args, int flags) {
    }

    /**
     * @param defaultPid pid for lines without a pid prefix (the pid of an {@code -ff} file, else 0)
     */
    public StraceParser(TraceSink sink, int defaultPid) {
        this.sink = sink;
        this.defaultPid = defaultPid;
    }

    public StraceParser(TraceSink sink) {
        this(sink, 0);
    }

    /** Parses a whole stream, then {@link #finish()}es. I/O errors propagate; content never throws. */
    public static void parse(InputStream in, TraceSink sink, int defaultPid) throws IOException {
        StraceParser p = new StraceParser(sink, defaultPid);
        LineReader.read(in, p::line);
        p.finish();
    }

    public static void parse(Path file, TraceSink sink) {
        try (InputStream in = Files.newInputStream(file)) {
            parse(in, sink, pidFromFfName(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid suffix of an {@code strace -ff -o prefix} file ({@code prefix.1234}), else 0. */
    public static int pidFromFfName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1 || name.length() - dot > 8) {
            return 0;
        }
        int pid = 0;
        for (int i = dot + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }

    /** Feeds one line (without its newline). {@code terminated} is false for a last line that had no newline. */
    public void line(byte[] b, int off, int len, boolean terminated) {
        lineNo++;
        int end = off + len;
        if (end > off && b[end - 1] == '\r') {
            end--;
        }
        try {
            if (carry != null) {
                if (parseLine(b, off, end, !terminated, lineNo)) {
                    // other threads' lines come between a spliced call and its continuation
                    if (++carryAge > MAX_CARRY_AGE) {
                        flushCarry();
                    }
                    sink.parsedLine();
                    return;
                }
                byte[] joined = new byte[carry.length + (end - off)];
                System.arraycopy(carry, 0, joined, 0, carry.length);
                System.arraycopy(b, off, joined, carry.length, end - off);
                byte[] c = carry;
                carry = null;
                if (parseLine(joined, 0, joined.length, !terminated, carryLine)) {
                    held.forEach(sink::unparsed); // the program's own output between the halves
                    held.clear();
                    sink.parsedLine();
                    sink.parsedLine();
                    return;
                }
                if (terminated && held.size() < MAX_HELD && !looksLikeCallStart(b, off, end)) {
                    carry = c;
                    held.add(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
                    return;
                }
                sink.unparsed(new UnparsedLine(carryLine, carryText));
                held.forEach(sink::unparsed);
                held.clear();
            } else if (parseLine(b, off, end, !terminated, lineNo)) {
                sink.parsedLine();
                return;
            }
            int splice = indexOf(b, off, end, SPLICE);
            if (splice > off) {
                splice = programPathStart(b, off, splice);
            }
            if (splice > off) {
                // "strace: Process N attached" written into the middle of a line on a shared stderr:
                // the notice is its own event, the line continues on the next line.
                String notice = TraceText.decode(b, splice, end - splice);
                sink.event(new TraceEvent(lineNo, lineNo, pidOfNotice(notice), TraceEvent.UNKNOWN, EventKind.NOTICE,
                        notice, "", null, TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, 0));
                carry = java.util.Arrays.copyOfRange(b, off, splice);
                carryLine = lineNo;
                carryAge = 0;
                carryText = TraceText.decode(b, off, len);
                return;
            }
            if (terminated && indexOf(b, off, end, OPEN_PAREN) >= 0) {
                // a call whose line the traced program's own output broke ("write(2, "x"..., 5x\n) = 5"):
                // try it joined with the next line
                carry = java.util.Arrays.copyOfRange(b, off, end);
                carryLine = lineNo;
                carryAge = 0;
                carryText = TraceText.decode(b, off, len);
                return;
            }
            sink.unparsed(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
        } catch (RuntimeException e) {
            // A parser bug must not lose the line or abort the log: report it as unparsed.
            sink.unparsed(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
        }
    }

    private void flushCarry() {
        if (carry != null) {
            carry = null;
            sink.unparsed(new UnparsedLine(carryLine, carryText));
            held.forEach(sink::unparsed);
            held.clear();
        }
    }

    /** A line that begins like a trace record ("1234 name(" or "name("): never program output to hold. */
    private static boolean looksLikeCallStart(byte[] b, int off, int end) {
        int p = off;
        while (p < end && (isDigit(b[p]) || b[p] == ' ')) p++;
        int s = p;
        while (p < end && isNameChar(b[p])) p++;
        return p > s && p < end && b[p] == '(' || p < end && (b[p] == '<' || b[p] == '+' || b[p] == '[');
    }

    /** Ends the log: calls still unfinished are emitted as incomplete, a pending splice as unparsed. */
    public void finish() {
        flushCarry();
        if (!pending.isEmpty()) {
            ArrayList<Pending> rest = new ArrayList<>(pending.values());
            rest.sort((a, c) -> Long.compare(a.line, c.line));
            pending.clear();
            for (Pending p : rest) {
                emitIncomplete(p, p.line, 0);
            }
        }
    }

    /**
     * Ends a chunk of a log that continues elsewhere: like {@link #finish()}, but the calls still
     * unfinished are returned (as incomplete events) instead of emitted, so that the caller can join
     * them with the resumed halves at the start of the next chunk.
     */
    List<TraceEvent> finishChunk() {
        flushCarry();
        List<TraceEvent> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            out.add(new TraceEvent(p.line, p.line, p.pid, p.time, EventKind.SYSCALL, p.name, p.args, null,
                    TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, p.flags | TraceEvent.INCOMPLETE));
        }
        pending.clear();
        return out;
    }

    /** Lines seen so far. */
    public long lines() {
        return lineNo;
    }

    /** "/usr/bin/strace: ..." - strace prefixes its messages with argv[0]. */
    private static boolean isStraceNotice(byte[] b, int p, int end) {
        int q = p;
        while (q < end && b[q] != ' ' && b[q] != ':') q++;
        return q + 1 < end && b[q] == ':' && b[q + 1] == ' ' && q - p >= 7
                && startsWith(b, q - 7, end, "/strace");
    }

    /** Where a spliced "strace: Process" notice really starts: before "/usr/bin/" when strace ran by path. */
    private static int programPathStart(byte[] b, int off, int splice) {
        int s = splice;
        while (s > off && (isNameChar(b[s - 1]) || b[s - 1] == '/' || b[s - 1] == '.' || b[s - 1] == '-')) s--;
        for (int i = s; i < splice; i++) {
            if (b[i] == '/') {
                return i;
            }
        }
        return splice;
    }

    private static int pidOfNotice(String notice) {
        // "strace: Process 1234 attached"
        int i = notice.indexOf("Process ");
        if (i < 0) {
            return 0;
        }
        int pid = 0;
        for (int k = i + 8; k < notice.length() && Character.isDigit(notice.charAt(k)) && pid < 100_000_000; k++) {
            pid = pid * 10 + (notice.charAt(k) - '0');
        }
        return pid;
    }

    // ---------------------------------------------------------------- line grammar

    private boolean parseLine(byte[] b, int off, int end, boolean lastUnterminated, long ln) {
        int p = off;
        while (p < end && b[p] == ' ') {
            p++;
        }
        if (p >= end) {
            return false;
        }
        if (inSummary || b[p] == '%' || b[p] == 't' || b[p] == '-' && startsWith(b, p, end, "------ ")
                || isDigit(b[p]) && looksLikeSummaryRow(b, p, end)) {
            if (summaryLine(b, p, end, ln)) {
                return true;
            }
        }
        int pid = defaultPid;
        // [pid N] or [pid N<comm>]
        if (startsWith(b, p, end, "[pid ")) {
            int q = p + 5;
            while (q < end && b[q] == ' ') q++;
            int v = 0;
            int digits = 0;
            while (q < end && isDigit(b[q]) && digits < 10) {
                v = v * 10 + (b[q++] - '0');
                digits++;
            }
            if (digits == 0) {
                return false;
            }
            if (q < end && b[q] == '<') {
                q = skipTo(b, q, end, '>') + 1;
            }
            if (q >= end || b[q] != ']') {
                return false;
            }
            pid = v;
            p = q + 1;
            while (p < end && b[p] == ' ') p++;
        } else if (isDigit(b[p])) {
            int q = p;
            int v = 0;
            while (q < end && isDigit(b[q]) && q - p < 10) {
                v = v * 10 + (b[q++] - '0');
            }
            if (q < end && (b[q] == ' ' || b[q] == '<')) {
                pid = v;
                if (b[q] == '<') {
                    q = skipTo(b, q, end, '>') + 1;
                }
                p = q;
                while (p < end && b[p] == ' ') p++;
            }
        }
        long time = TraceEvent.UNKNOWN;
        if (p < end && isDigit(b[p])) {
            long[] t = new long[1];
            int q = timestamp(b, p, end, t);
            if (q < 0) {
                return false;
            }
            time = t[0];
            p = q;
            while (p < end && b[p] == ' ') p++;
        }
        // -i "[00007f...]" and -n "[ 59]" brackets
        while (p < end && b[p] == '[') {
            int q = p + 1;
            while (q < end && q - p < 24 && (isHex(b[q]) || b[q] == ' ' || b[q] == '?' || b[q] == 'x')) q++;
            if (q >= end || b[q] != ']') {
                break;
            }
            p = q + 1;
            while (p < end && b[p] == ' ') p++;
        }
        if (p >= end) {
            return false;
        }
        byte c = b[p];
        if (c == '<') {
            return resumed(b, p, end, pid, time, ln);
        }
        if (c == '-' && startsWith(b, p, end, "--- ")) {
            return signal(b, p, end, pid, time, ln);
        }
        if (c == '+' && startsWith(b, p, end, "+++ ")) {
            return exit(b, p, end, pid, time, ln);
        }
        if (c == '>' && p + 1 < end && b[p + 1] == ' ') {
            sink.event(new TraceEvent(ln, ln, pid, time, EventKind.STACK_FRAME, "frame",
                    TraceText.decode(b, p + 2, end - p - 2), null, TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, 0));
            return true;
        }
        if (c == 's' && startsWith(b, p, end, "strace: ") || c == 'P' && startsWith(b, p, end, "Process ")
                || c == '/' && isStraceNotice(b, p, end)) {
            String text = TraceText.decode(b, p, end - p);
            sink.event(new TraceEvent(ln, ln, pid == 0 ? pidOfNotice(text) : pid, time, EventKind.NOTICE, text, "",
                    null, TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, 0));
            return true;
        }
        if (isNameStart(c)) {
            return call(b, p, end, pid, time, ln, lastUnterminated);
        }
        return false;
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
        if (endsWith(b, argsStart, trimmed, UNFINISHED_BARE)) {
            marker = trimmed - UNFINISHED_BARE.length;
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
            Pending old = pending.remove(pid);
            if (old != null) {
                emitIncomplete(old, ln, 0);
            }
            boolean keep = sink.keepArgs(name);
            pending.put(pid, new Pending(ln, pid, time, name,
                    keep ? TraceText.decode(b, argsStart, argsEnd - argsStart) : "", keep ? truncFlag(b, argsStart, argsEnd) : 0));
            return true;
        }
        if (endsWith(b, argsStart, trimmed, DETACHED)) {
            int argsEnd = trimEnd(b, argsStart, trimmed - DETACHED.length);
            sink.event(new TraceEvent(ln, ln, pid, time, EventKind.SYSCALL, name,
                    TraceText.decode(b, argsStart, argsEnd - argsStart), null, TraceEvent.UNKNOWN, null,
                    TraceEvent.UNKNOWN, TraceEvent.INCOMPLETE | TraceEvent.DETACHED | truncFlag(b, argsStart, argsEnd)));
            return true;
        }
        int close = closeParen(b, argsStart, end);
        if (close < 0) {
            if (lastUnterminated) {
                // the log was cut in the middle of this line (tracer killed, disk full)
                sink.event(new TraceEvent(ln, ln, pid, time, EventKind.SYSCALL, name,
                        TraceText.decode(b, argsStart, end - argsStart), null, TraceEvent.UNKNOWN, null,
                        TraceEvent.UNKNOWN, TraceEvent.INCOMPLETE));
                return true;
            }
            return false;
        }
        boolean keep = sink.keepArgs(name);
        int argsEnd = close;
        int cut = 0;
        if (endsWith(b, argsStart, trimEnd(b, argsStart, close), UNFINISHED_BARE)) {
            // "nanosleep(..., <unfinished ...>) = ?": strace 6 closes a call its thread died in
            argsEnd = trimEnd(b, argsStart, trimEnd(b, argsStart, close) - UNFINISHED_BARE.length);
            cut = TraceEvent.INCOMPLETE;
        }
        String args = keep ? scanned(b, argsStart, argsEnd - argsStart) : "";
        if (!pending.isEmpty()) {
            Pending old = pending.remove(pid);
            if (old != null) {
                emitIncomplete(old, ln, 0);
            }
        }
        return result(b, close + 1, end, ln, ln, pid, time, name, args, (scanTruncated ? TraceEvent.TRUNCATED : 0) | cut, keep);
    }

    private boolean resumed(byte[] b, int p, int end, int pid, long time, long ln) {
        if (startsWith(b, p, end, "<detached ...>")) {
            Pending old = pending.remove(pid);
            if (old != null) {
                emitIncomplete(old, ln, TraceEvent.DETACHED);
            } else {
                sink.event(new TraceEvent(ln, ln, pid, time, EventKind.NOTICE, "<detached ...>", "", null,
                        TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, TraceEvent.DETACHED));
            }
            return true;
        }
        if (!startsWith(b, p, end, "<... ")) {
            return false;
        }
        int n = p + 5;
        int q = n;
        while (q < end && isNameChar(b[q])) q++;
        if (q == n || !startsWithBytes(b, q, end, RESUMED)) {
            return false;
        }
        String name = names.get(b, n, q - n);
        int rest = q + RESUMED.length;
        int close = closeParen(b, rest, end);
        if (close < 0) {
            return false;
        }
        boolean keep = sink.keepArgs(name);
        String cont = keep ? scanned(b, rest, close - rest).strip() : "";
        int cut = 0;
        if (endsWith(b, rest, trimEnd(b, rest, close), UNFINISHED_BARE)) {
            cut = TraceEvent.INCOMPLETE; // thread killed while blocked (Go runtime threads at exit_group)
            if (cont.endsWith("<unfinished ...>")) {
                cont = cont.substring(0, cont.length() - 16).strip();
            }
        }
        Pending start = pending.remove(pid);
        if (start != null && !start.name.equals(name)) {
            emitIncomplete(start, ln, 0);
            start = null;
        }
        if (start == null && name.startsWith("execve")) {
            start = takeExecvePending();
        }
        String args;
        long first;
        int flags = (scanTruncated ? TraceEvent.TRUNCATED : 0) | cut;
        if (start != null) {
            String head = start.args.stripTrailing();
            args = head.isEmpty() ? cont : cont.isEmpty() ? head : head.endsWith(",") ? head + " " + cont : head + cont;
            first = start.line;
            time = start.time;
            flags |= start.flags;
        } else {
            args = cont;
            first = ln;
            flags |= TraceEvent.RESUMED_ONLY;
        }
        return result(b, close + 1, end, first, ln, pid, time, name, args, flags, keep);
    }

    /** After {@code superseded by execve}, a leftover execve pending of another thread continues under the leader. */
    private Pending takeExecvePending() {
        for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
            if (e.getValue().name.startsWith("execve")) {
                return pending.remove(e.getKey());
            }
        }
        return null;
    }

    private boolean result(byte[] b, int p, int end, long first, long ln, int pid, long time, String name, String args,
                           int flags, boolean keep) {
        while (p < end && b[p] == ' ') p++;
        if (p >= end || b[p] != '=') {
            return false;
        }
        p++;
        while (p < end && b[p] == ' ') p++;
        int rs = p;
        long retval;
        if (p < end && b[p] == '?') {
            retval = TraceEvent.UNKNOWN;
            p++;
        } else {
            boolean neg = false;
            if (p < end && b[p] == '-') {
                neg = true;
                p++;
            }
            if (p + 1 < end && b[p] == '0' && b[p + 1] == 'x') {
                p += 2;
                long v = 0;
                int ds = p;
                while (p < end && isHex(b[p])) {
                    v = (v << 4) | hexValue(b[p++]);
                }
                if (p == ds) {
                    return false;
                }
                retval = neg ? -v : v;
            } else {
                long v = 0;
                int ds = p;
                while (p < end && isDigit(b[p]) && p - ds < 19) {
                    v = v * 10 + (b[p++] - '0');
                }
                if (p == ds) {
                    return false;
                }
                retval = neg ? -v : v;
            }
        }
        if (p < end && b[p] == '<') {
            p = skipDecoration(b, p, end) + 1;
        }
        String resultText = keep ? TraceText.decode(b, rs, Math.min(p, end) - rs) : null;
        while (p < end && b[p] == ' ') p++;
        String errno = null;
        if (p + 1 < end && b[p] == 'E' && isUpper(b[p + 1]) && (retval < 0)) {
            int q = p;
            while (q < end && (isUpper(b[q]) || isDigit(b[q]) || b[q] == '_')) q++;
            errno = names.get(b, p, q - p);
        }
        long duration = TraceEvent.UNKNOWN;
        int t = end;
        if (t > p && b[t - 1] == '>') {
            int lt = t - 2;
            while (lt > p && b[lt] != '<') lt--;
            if (b[lt] == '<' && lt + 1 < t - 1 && isDigit(b[lt + 1])) {
                long[] d = new long[1];
                if (timestamp(b, lt + 1, t - 1, d) == t - 1) {
                    duration = d[0];
                }
            }
        }
        if (end - p >= INJECTED.length && indexOf(b, p, end, INJECTED) >= 0) {
            flags |= TraceEvent.INJECTED;
        }
        if (retval == TraceEvent.UNKNOWN && errno == null && isExitCall(name)) {
            flags &= ~TraceEvent.INCOMPLETE; // exit/exit_group always print "= ?": complete, not cut
        }
        sink.event(new TraceEvent(first, ln, pid, time, EventKind.SYSCALL, name, args, resultText, retval, errno,
                duration, flags));
        return true;
    }

    private static boolean isExitCall(String name) {
        return name.equals("exit_group") || name.equals("exit");
    }

    private boolean signal(byte[] b, int p, int end, int pid, long time, long ln) {
        int e = trimEnd(b, p, end);
        if (!endsWith(b, p, e, " ---".getBytes(StandardCharsets.US_ASCII)) || e - p < 8) {
            return false;
        }
        int s = p + 4;
        int stop = e - 4;
        int q = s;
        while (q < stop && b[q] != ' ') q++;
        String name;
        String args;
        if (startsWith(b, s, stop, "SIG")) {
            name = names.get(b, s, q - s);
            args = q < stop ? TraceText.decode(b, q + 1, stop - q - 1) : "";
        } else {
            name = TraceText.decode(b, s, stop - s); // "stopped by SIGTSTP"
            args = "";
        }
        sink.event(new TraceEvent(ln, ln, pid, time, EventKind.SIGNAL, name, args, null, TraceEvent.UNKNOWN, null,
                TraceEvent.UNKNOWN, 0));
        return true;
    }

    private boolean exit(byte[] b, int p, int end, int pid, long time, long ln) {
        int e = trimEnd(b, p, end);
        if (!endsWith(b, p, e, " +++".getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        int s = p + 4;
        int stop = e - 4;
        if (startsWith(b, s, stop, "exited with ")) {
            long v = parseLong(b, s + 12, stop);
            if (v == TraceEvent.UNKNOWN) {
                return false;
            }
            cutPending(pid, ln);
            sink.event(new TraceEvent(ln, ln, pid, time, EventKind.EXITED, "exited", "", null, v, null,
                    TraceEvent.UNKNOWN, 0));
            return true;
        }
        if (startsWith(b, s, stop, "killed by ")) {
            int q = s + 10;
            int ns = q;
            while (q < stop && b[q] != ' ') q++;
            cutPending(pid, ln);
            sink.event(new TraceEvent(ln, ln, pid, time, EventKind.KILLED, names.get(b, ns, q - ns),
                    q < stop ? TraceText.decode(b, q + 1, stop - q - 1) : "", null, TraceEvent.UNKNOWN, null,
                    TraceEvent.UNKNOWN, 0));
            return true;
        }
        if (startsWith(b, s, stop, "superseded by execve in pid ")) {
            long other = parseLong(b, s + 28, stop);
            if (other == TraceEvent.UNKNOWN) {
                return false;
            }
            Pending exec = pending.remove((int) other);
            if (exec != null) {
                Pending mine = pending.remove(pid);
                if (mine != null) {
                    emitIncomplete(mine, ln, 0);
                }
                pending.put(pid, new Pending(exec.line, pid, exec.time, exec.name, exec.args, exec.flags));
            }
            sink.event(new TraceEvent(ln, ln, pid, time, EventKind.SUPERSEDED, "superseded", "", null, other, null,
                    TraceEvent.UNKNOWN, 0));
            return true;
        }
        return false;
    }

    private void cutPending(int pid, long ln) {
        Pending p = pending.remove(pid);
        if (p != null) {
            emitIncomplete(p, ln, 0);
        }
    }

    private void emitIncomplete(Pending p, long ln, int extra) {
        sink.event(new TraceEvent(p.line, ln, p.pid, p.time, EventKind.SYSCALL, p.name, p.args, null,
                TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, p.flags | TraceEvent.INCOMPLETE | extra));
    }

    /**
     * A -c row without having seen its header (a log cut in two): "  1.79    0.000002  ..." -
     * two decimals first, no parentheses. Cheap rejection for trace lines, which follow a pid or
     * timestamp with a name.
     */
    private static boolean looksLikeSummaryRow(byte[] b, int p, int end) {
        int q = p;
        for (int field = 0; field < 2; field++) {
            int ds = q;
            while (q < end && isDigit(b[q])) q++;
            if (q == ds || q >= end || b[q] != '.') return false;
            q++;
            ds = q;
            while (q < end && isDigit(b[q])) q++;
            if (q == ds || q >= end || b[q] != ' ') return false;
            while (q < end && b[q] == ' ') q++;
        }
        return q < end && isDigit(b[q]) && indexOf(b, q, end, OPEN_PAREN) < 0;
    }

    /** strace -c tables: the header, separators, rows and the total row. */
    private boolean summaryLine(byte[] b, int p, int end, long ln) {
        boolean ok = false;
        if (startsWith(b, p, end, "% time") || startsWith(b, p, end, "time ")
                && indexOf(b, p, end, "usecs/call".getBytes(StandardCharsets.US_ASCII)) > 0) {
            inSummary = true;
            ok = true;
        } else if (b[p] == '-') {
            ok = true;
            for (int i = p; i < end; i++) {
                if (b[i] != '-' && b[i] != ' ') {
                    ok = false;
                    break;
                }
            }
        } else if (isDigit(b[p]) && (inSummary || looksLikeSummaryRow(b, p, end))) {
            int tokens = 0;
            boolean inTok = false;
            for (int i = p; i < end; i++) {
                boolean sp = b[i] == ' ' || b[i] == '\t';
                if (!sp && !inTok) tokens++;
                inTok = !sp;
            }
            ok = tokens >= 4;
            if (ok && endsWith(b, p, end, "total".getBytes(StandardCharsets.US_ASCII))) {
                inSummary = false;
            }
        }
        if (!ok) {
            inSummary = false;
            return false;
        }
        sink.event(new TraceEvent(ln, ln, 0, TraceEvent.UNKNOWN, EventKind.SUMMARY, "summary",
                TraceText.decode(b, p, end - p), null, TraceEvent.UNKNOWN, null, TraceEvent.UNKNOWN, 0));
        return true;
    }

    // ---------------------------------------------------------------- byte helpers

    /**
     * Parses {@code HH:MM:SS[.frac]} or {@code SECONDS.frac} at p into nanoseconds; returns the
     * index after it (must be followed by a space or the end) or -1.
     */
    static int timestamp(byte[] b, int p, int end, long[] out) {
        long secs = 0;
        int q = p;
        int parts = 0;
        while (true) {
            long v = 0;
            int ds = q;
            while (q < end && isDigit(b[q]) && q - ds < 12) {
                v = v * 10 + (b[q++] - '0');
            }
            if (q == ds) {
                return -1;
            }
            secs = parts == 0 ? v : secs * 60 + v;
            parts++;
            if (q < end && b[q] == ':' && parts < 3) {
                q++;
                continue;
            }
            break;
        }
        long nanos = 0;
        if (q < end && b[q] == '.') {
            q++;
            int ds = q;
            long scale = 100_000_000L;
            while (q < end && isDigit(b[q])) {
                if (scale > 0) {
                    nanos += (b[q] - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
            if (q == ds) {
                return -1;
            }
        } else if (parts == 1) {
            return -1; // a bare number is not a timestamp
        }
        if (q < end && b[q] != ' ') {
            return -1;
        }
        out[0] = secs * 1_000_000_000L + nanos;
        return q;
    }

    /** Set by {@link #closeParen}: the scanned bytes were all ASCII / held a -s truncated string. */
    private boolean scanAscii;
    private boolean scanTruncated;

    /**
     * Index of the ')' closing an argument list that starts at p (depth 1), or -1. One pass that
     * also notes whether the bytes are ASCII and whether a string was cut ({@code "..."...}), so
     * decoding needs no second look.
     */
    private int closeParen(byte[] b, int p, int end) {
        int depth = 1;
        int bits = 0;
        boolean truncated = false;
        int result = -1;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            bits |= c;
            if (c == '"') {
                i = closingQuote(b, i + 1, end);
                bits |= quoteScanBits;
                if (i + 3 < end && b[i + 1] == '.' && b[i + 2] == '.' && b[i + 3] == '.') {
                    truncated = true;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ')') {
                if (--depth == 0) {
                    result = i;
                    break;
                }
            } else if (c == '<') {
                int k = skipDecoration(b, i, end);
                for (int j = i; j < k; j++) {
                    bits |= b[j];
                }
                i = k;
            }
        }
        scanAscii = bits >= 0;
        scanTruncated = truncated;
        return result;
    }

    private int quoteScanBits;

    private static final long QUOTES = 0x2222222222222222L;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Index of the '"' ending a string whose content starts at {@code p} (or {@code end}). Quotes
     * are rare and backslashes dense in strace strings (binary payloads), so this looks for quotes
     * eight bytes at a time and then counts the backslashes before each: an odd count escapes it.
     * Leaves the OR of the scanned bytes' high bits in {@link #quoteScanBits}.
     */
    private int closingQuote(byte[] b, int p, int end) {
        long high = 0;
        int i = p;
        while (true) {
            int q = -1;
            while (i + 8 <= end) {
                long w = (long) LineReader.LONGS.get(b, i);
                long x = w ^ QUOTES;
                long found = (x - ONES) & ~x & HIGHS;
                if (found != 0) {
                    q = i + (Long.numberOfTrailingZeros(found) >>> 3);
                    for (int k = i; k < q; k++) high |= b[k];
                    break;
                }
                high |= w;
                i += 8;
            }
            if (q < 0) {
                for (; i < end; i++) {
                    if (b[i] == '"') {
                        q = i;
                        break;
                    }
                    high |= b[i];
                }
                if (q < 0) {
                    quoteScanBits = (high & HIGHS) != 0 ? -1 : 0;
                    return end;
                }
            }
            int k = q - 1;
            while (k >= p && b[k] == '\\') k--;
            if (((q - 1 - k) & 1) == 0) {
                quoteScanBits = (high & HIGHS) != 0 ? -1 : 0;
                return q;
            }
            i = q + 1; // an escaped quote: \"
        }
    }

    /** Decodes a range inside the last {@link #closeParen} scan. */
    private String scanned(byte[] b, int s, int len) {
        return scanAscii ? new String(b, s, len, StandardCharsets.ISO_8859_1) : TraceText.decode(b, s, len);
    }

    /** Index of the '>' closing a {@code <...>} decoration (brackets inside may hold {@code ->}); p when none. */
    private static int skipDecoration(byte[] b, int p, int end) {
        int brackets = 0;
        for (int i = p + 1; i < end; i++) {
            byte c = b[i];
            if (c == '[') brackets++;
            else if (c == ']') brackets--;
            else if (c == '>' && brackets <= 0) return i;
        }
        return p;
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

    private static int skipTo(byte[] b, int p, int end, char c) {
        for (int i = p; i < end; i++) {
            if (b[i] == c) return i;
        }
        return end - 1;
    }

    private static long parseLong(byte[] b, int p, int end) {
        boolean neg = false;
        if (p < end && b[p] == '-') {
            neg = true;
            p++;
        }
        long v = 0;
        int s = p;
        while (p < end && isDigit(b[p]) && p - s < 19) v = v * 10 + (b[p++] - '0');
        if (p == s || p != end) return TraceEvent.UNKNOWN;
        return neg ? -v : v;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
        return e;
    }

    static boolean startsWith(byte[] b, int p, int end, String s) {
        int n = s.length();
        if (end - p < n) return false;
        for (int i = 0; i < n; i++) {
            if (b[p + i] != s.charAt(i)) return false;
        }
        return true;
    }

    private static boolean startsWithBytes(byte[] b, int p, int end, byte[] s) {
        if (end - p < s.length) return false;
        for (int i = 0; i < s.length; i++) {
            if (b[p + i] != s[i]) return false;
        }
        return true;
    }

    private static boolean endsWith(byte[] b, int s, int e, byte[] suffix) {
        int n = suffix.length;
        if (e - s < n) return false;
        for (int i = 0; i < n; i++) {
            if (b[e - n + i] != suffix[i]) return false;
        }
        return true;
    }

    static int indexOf(byte[] b, int s, int e, byte[] needle) {
        outer:
        for (int i = s; i <= e - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int hexValue(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    /** Syscall names; strace prints {@code ???} when it cannot name the call (a thread caught mid-exec). */
    private static boolean isNameStart(byte c) {
        return c >= 'a' && c <= 'z' || c == '_' || c >= 'A' && c <= 'Z' || c == '?';
    }

    static boolean isNameChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 'A' && c <= 'Z' || c == '?';
    }

    /** Interns short ASCII names (syscalls, errnos, signals) without allocating on a hit. */
    static final class NameCache {
        private final String[] table = new String[1024];

        String get(byte[] b, int off, int len) {
            int h = len;
            for (int i = 0; i < len; i++) h = h * 31 + b[off + i];
            int slot = (h ^ (h >>> 16)) & (table.length - 1);
            String s = table[slot];
            if (s != null && s.length() == len) {
                boolean same = true;
                for (int i = 0; i < len; i++) {
                    if (s.charAt(i) != (char) (b[off + i] & 0xff)) {
                        same = false;
                        break;
                    }
                }
                if (same) return s;
            }
            s = TraceText.decode(b, off, len);
            table[slot] = s;
            return s;
        }
    }
}
