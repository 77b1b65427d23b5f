package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.isDigit;
import static dev.gotrail.trace.TraceBytes.isHex;
import static dev.gotrail.trace.TraceBytes.skipSpaces;
import static dev.gotrail.trace.TraceBytes.skipTo;
import static dev.gotrail.trace.TraceBytes.startsWith;

/**
 * What precedes a strace record: the pid ({@code [pid N]} on stderr, {@code N } with {@code -o}, either with a
 * {@code -Y} {@code <comm>}), the {@code -t/-tt/-ttt/-r} time, and the {@code -i} / {@code -n} brackets.
 *
 * @param pid      the pid of the prefix, 0 when the line had none
 * @param prefixed whether the line named its pid
 * @param time     the timestamp in nanoseconds, or {@link TraceEvent#UNKNOWN}
 * @param body     index of the record itself (a name, {@code <...}, {@code ---}, {@code +++}, ...)
 */
record LinePrefix(int pid, boolean prefixed, long time, int body) {

    /** Parses the prefix of the line {@code [p, end)} (spaces at {@code p} skipped); null when it is malformed or nothing follows it. */
    static LinePrefix parse(byte[] b, int p, int end) {
        int pid = 0;
        boolean prefixed = false;
        if (startsWith(b, p, end, "[pid ")) {
            int q = skipSpaces(b, p + 5, end);
            int v = 0;
            int digits = 0;
            while (q < end && isDigit(b[q]) && digits < 10) {
                v = v * 10 + (b[q++] - '0');
                digits++;
            }
            if (digits == 0) {
                return null;
            }
            if (q < end && b[q] == '<') {
                q = skipTo(b, q, end, '>') + 1;
            }
            if (q >= end || b[q] != ']') {
                return null;
            }
            pid = v;
            prefixed = true;
            p = skipSpaces(b, q + 1, end);
        } else if (isDigit(b[p])) {
            int q = p;
            int v = 0;
            while (q < end && isDigit(b[q]) && q - p < 10) {
                v = v * 10 + (b[q++] - '0');
            }
            if (q < end && (b[q] == ' ' || b[q] == '<')) {
                pid = v;
                prefixed = true;
                if (b[q] == '<') {
                    q = skipTo(b, q, end, '>') + 1;
                }
                p = skipSpaces(b, q, end);
            }
        }
        long time = TraceEvent.UNKNOWN;
        if (p < end && isDigit(b[p])) {
            StraceTime t = StraceTime.parse(b, p, end);
            if (t == null) {
                return null;
            }
            time = t.nanos();
            p = skipSpaces(b, t.end(), end);
        }
        while (p < end && b[p] == '[') {
            int q = p + 1;
            while (q < end && q - p < 24 && (isHex(b[q]) || b[q] == ' ' || b[q] == '?' || b[q] == 'x')) q++;
            if (q >= end || b[q] != ']') {
                break;
            }
            p = skipSpaces(b, q + 1, end);
        }
        return p >= end ? null : new LinePrefix(pid, prefixed, time, p);
    }
}
