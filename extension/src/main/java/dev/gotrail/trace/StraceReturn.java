package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.hexValue;
import static dev.gotrail.trace.TraceBytes.indexOf;
import static dev.gotrail.trace.TraceBytes.isDigit;
import static dev.gotrail.trace.TraceBytes.isHex;
import static dev.gotrail.trace.TraceBytes.isUpper;

import java.nio.charset.StandardCharsets;

/**
 * The part of a call line after its closing parenthesis: {@code = RETURN[<decoration>] [ERRNO (text)]
 * [(INJECTED)] [<duration>]}.
 *
 * @param outcome  the return as printed (null text when the arguments are not kept), value, errno, {@code -T} duration
 * @param injected strace fault injection marked the call {@code (INJECTED)}
 */
record StraceReturn(TraceEvent.Outcome outcome, boolean injected) {

    private static final byte[] INJECTED = "(INJECTED)".getBytes(StandardCharsets.US_ASCII);

    /**
     * Parses the return starting at {@code p}, or returns null when the bytes are not one, or when one of
     * strace's own messages was written into them (the line continues on a later line).
     *
     * @param keep whether to keep the return's text
     */
    static StraceReturn parse(byte[] b, int p, int end, boolean keep, NameCache names) {
        p = TraceBytes.skipSpaces(b, p, end);
        if (p >= end || b[p] != '=') {
            return null;
        }
        p = TraceBytes.skipSpaces(b, p + 1, end);
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
            long v = 0;
            int ds;
            if (p + 1 < end && b[p] == '0' && b[p + 1] == 'x') {
                p += 2;
                ds = p;
                while (p < end && isHex(b[p])) {
                    v = (v << 4) | hexValue(b[p++]);
                }
            } else {
                ds = p;
                while (p < end && isDigit(b[p]) && p - ds < 19) {
                    v = v * 10 + (b[p++] - '0');
                }
            }
            if (p == ds) {
                return null;
            }
            retval = neg ? -v : v;
        }
        if (p < end && b[p] == '<') {
            p = TraceBytes.skipDecoration(b, p, end) + 1;
        }
        if (StraceMessages.spliceStart(b, p, end) >= 0) {
            return null; // "= 1strace: Process 5 attached" + "2": the value goes on on the next line
        }
        String text = keep ? TraceText.decode(b, rs, Math.min(p, end) - rs) : null;
        p = TraceBytes.skipSpaces(b, p, end);
        String errno = null;
        if (p + 1 < end && b[p] == 'E' && isUpper(b[p + 1]) && retval < 0) {
            int q = p;
            while (q < end && (isUpper(b[q]) || isDigit(b[q]) || b[q] == '_')) q++;
            errno = names.get(b, p, q - p);
        }
        long duration = TraceEvent.UNKNOWN;
        if (end > p && b[end - 1] == '>') {
            int lt = end - 2;
            while (lt > p && b[lt] != '<') lt--;
            if (b[lt] == '<' && lt + 1 < end - 1 && isDigit(b[lt + 1])) {
                StraceTime d = StraceTime.parse(b, lt + 1, end - 1);
                if (d != null && d.end() == end - 1) {
                    duration = d.nanos();
                }
            }
        }
        boolean injected = end - p >= INJECTED.length && indexOf(b, p, end, INJECTED) >= 0;
        return new StraceReturn(new TraceEvent.Outcome(text, retval, errno, duration), injected);
    }
}
