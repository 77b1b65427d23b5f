package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.endsWith;
import static dev.gotrail.trace.TraceBytes.indexOf;
import static dev.gotrail.trace.TraceBytes.isDigit;
import static dev.gotrail.trace.TraceBytes.startsWith;

import java.nio.charset.StandardCharsets;

/**
 * The tables of {@code strace -c} / {@code -C}: the header ({@code % time  seconds  usecs/call  calls  errors
 * syscall}), the dashed separators, one row per call and the {@code total} row. Remembers whether it is
 * inside a table (rows are only taken for rows there, or when they cannot be a trace line).
 */
final class StraceSummaryTable {

    private static final byte[] USECS = "usecs/call".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOTAL = "total".getBytes(StandardCharsets.US_ASCII);

    private boolean inside;

    /** Cheap test whether the line at {@code p} (spaces skipped) may belong to a table. */
    boolean mayStart(byte[] b, int p, int end) {
        byte c = b[p];
        return inside || c == '%' || c == 't' || c == '-' && startsWith(b, p, end, "------ ")
                || isDigit(c) && looksLikeRow(b, p, end);
    }

    /** Whether the line is a table line; leaves the table when it is not (or after its total row). */
    boolean accept(byte[] b, int p, int end) {
        boolean ok = false;
        if (startsWith(b, p, end, "% time") || startsWith(b, p, end, "time ") && indexOf(b, p, end, USECS) > 0) {
            inside = true;
            ok = true;
        } else if (b[p] == '-') {
            ok = true;
            for (int i = p; i < end; i++) {
                if (b[i] != '-' && b[i] != ' ') {
                    ok = false;
                    break;
                }
            }
        } else if (isDigit(b[p]) && (inside || looksLikeRow(b, p, end))) {
            int tokens = 0;
            boolean inTok = false;
            for (int i = p; i < end; i++) {
                boolean sp = b[i] == ' ' || b[i] == '\t';
                if (!sp && !inTok) tokens++;
                inTok = !sp;
            }
            ok = tokens >= 4;
            if (ok && endsWith(b, p, end, TOTAL)) {
                inside = false;
            }
        }
        if (!ok) {
            inside = false;
        }
        return ok;
    }

    /**
     * A row without its header (a log cut in two): {@code "  1.79    0.000002  ..."} - two decimals first,
     * no parentheses. Trace lines follow a pid or timestamp with a name, so they fail fast.
     */
    static boolean looksLikeRow(byte[] b, int p, int end) {
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
        return q < end && isDigit(b[q]) && TraceBytes.indexOf(b, q, end, (byte) '(') < 0;
    }
}
