package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.startsWith;

import java.nio.charset.StandardCharsets;

/**
 * strace's own messages, as opposed to trace records. strace writes them with its program name
 * ({@code strace: Process 123 attached}, {@code /usr/bin/strace: ...}, {@code strace: [ Process PID=1 runs in
 * x32 mode. ]}, {@code -d} debug lines, warnings); without {@code -o} they go to the same stderr as the
 * trace and may land in the middle of a call line, which then continues on a later line. strace 4
 * printed {@code Process N attached} and {@code [ Process PID=N runs in 32 bit mode. ]} without its
 * name; a terminal echoes {@code ^C} in front of the {@code detached} messages an interrupt causes.
 */
final class StraceMessages {

    private static final byte[] STRACE = "strace: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME = "strace".getBytes(StandardCharsets.US_ASCII);

    private StraceMessages() {
    }

    /**
     * Where a strace message written into the range starts (its program name, or a {@code ^C} echoed just
     * before it), or -1. The message runs to the end of the line. A message cut in right after a path
     * inside the call ({@code "/usr/lib/" + "strace: ..."}) cannot be told from strace run by that path; a
     * lone {@code /} is taken as the call's.
     */
    static int spliceStart(byte[] b, int p, int end) {
        int i = TraceBytes.indexOf(b, p, end, STRACE);
        if (i < 0) {
            return -1;
        }
        int s = i;
        if (s - 1 > p && b[s - 1] == '/' && isPathByte(b[s - 2])) {
            // strace run by path: "/usr/bin/strace: " - the run of path bytes before it, from its first '/'
            // "NULL/usr/bin/strace: ": the call's bytes end where the path starts; a path naming strace
            // twice ("usr/bin/strace/usr/bin/strace: ") is a piece of another message before it
            int r = s - 1;
            while (r > p && isPathByte(b[r - 1])) r--;
            for (int k = r; k < s; k++) {
                if (b[k] == '/' && TraceBytes.indexOf(b, k, s - 1, NAME) < 0) {
                    s = k;
                    break;
                }
            }
        }
        if (s - 2 >= p && b[s - 2] == '^' && b[s - 1] == 'C') {
            s -= 2;
        }
        return s;
    }

    private static boolean isPathByte(byte c) {
        return TraceBytes.isNameChar(c) && c != '?' || c == '/' || c == '.' || c == '-' || c == '+';
    }

    /**
     * Whether the bytes {@code [p, end)} before a message can be the start of a trace record that the
     * message interrupted (a prefix, a call's name and arguments, a {@code <...}, {@code ---} or {@code +++}
     * line) rather than a piece of another message (strace's forked child and strace itself both write
     * {@code -d} messages, which then interleave).
     */
    static boolean canStartRecord(byte[] b, int p, int end) {
        p = TraceBytes.skipSpaces(b, p, end);
        if (p >= end || b[p] == '[') {
            return true;
        }
        // a pid, -Y comm and timestamp start with a digit
        boolean digits = TraceBytes.isDigit(b[p]);
        while (digits && p < end && (TraceBytes.isDigit(b[p]) || b[p] == ' ' || b[p] == '.' || b[p] == ':'
                || b[p] == '<' && TraceBytes.isDigit(b[p - 1]))) {
            if (b[p] == '<') {
                p = TraceBytes.skipTo(b, p, end, '>') + 1; // -Y comm after the pid
            } else {
                p++;
            }
        }
        if (p >= end) {
            return true;
        }
        byte c = b[p];
        if (c == '<' || c == '-' || c == '+' || c == '>') {
            return true;
        }
        if (!TraceBytes.isNameStart(c)) {
            return false;
        }
        while (p < end && TraceBytes.isNameChar(b[p])) p++;
        return p >= end || b[p] == '(';
    }

    /** A line (from {@code p}, after any prefix) that is one of strace's messages from its start. */
    static boolean isMessage(byte[] b, int p, int end) {
        byte c = b[p];
        if (c == '^' && startsWith(b, p, end, "^C")) {
            return p + 2 == end || isMessage(b, p + 2, end);
        }
        return c == 's' && startsWith(b, p, end, STRACE)
                || c == 'P' && startsWith(b, p, end, "Process ")
                || c == '[' && startsWith(b, p, end, "[ Process PID=")
                || c == '/' && spliceStart(b, p, end) == p;
    }

    /** The pid a message is about ({@code Process 123 attached}, {@code [ Process PID=123 runs in ...]}), or 0. */
    static int pidOf(String text) {
        int i = text.indexOf("Process ");
        if (i < 0) {
            return 0;
        }
        int k = i + 8;
        if (text.startsWith("PID=", k)) {
            k += 4;
        }
        int pid = 0;
        for (; k < text.length() && Character.isDigit(text.charAt(k)) && pid < 100_000_000; k++) {
            pid = pid * 10 + (text.charAt(k) - '0');
        }
        return pid;
    }

    /** {@code Process N attached} (also strace 4's {@code Process N attached - interrupt to quit}). */
    static boolean isAttach(String text) {
        return text.contains(" attached") && text.contains("Process ");
    }

    /** {@code Process N detached}: the process is no longer traced. */
    static boolean isDetach(String text) {
        return text.contains(" detached") && text.contains("Process ");
    }
}
