package dev.gotrail.trace;

import static dev.gotrail.trace.TraceBytes.isDigit;

/**
 * A strace time: the {@code -t}/{@code -tt} time of day ({@code HH:MM:SS[.frac]}), the {@code -ttt}/{@code -r}
 * seconds ({@code SECONDS.frac}) or a {@code -T} duration, in nanoseconds.
 *
 * @param nanos the value in nanoseconds
 * @param end   the index just after it in the line
 */
record StraceTime(long nanos, int end) {

    /**
     * Parses a time at {@code p}; it must be followed by a space or {@code end}. Returns null when the
     * bytes are not one (a bare number without a fraction is not a timestamp: it is a pid).
     */
    static StraceTime parse(byte[] b, int p, int end) {
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
                return null;
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
                return null;
            }
        } else if (parts == 1) {
            return null;
        }
        if (q < end && b[q] != ' ') {
            return null;
        }
        return new StraceTime(secs * 1_000_000_000L + nanos, q);
    }
}
