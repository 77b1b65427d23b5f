package dev.gotrail.trace;

import java.nio.charset.StandardCharsets;

/**
 * One pass over a call's argument list: where it closes, and what the decoder needs to know so that
 * it never looks twice (whether every byte is ASCII, whether {@code -s} cut a string).
 *
 * @param close     index of the {@code ')'} closing the list (depth 1 at the start), or -1 when the line ends first
 * @param ascii     every scanned byte was ASCII: the arguments decode as ISO-8859-1 without the UTF-8 rule
 * @param truncated a string was cut by {@code -s} ({@code "..."...})
 */
record ArgScan(int close, boolean ascii, boolean truncated) {

    private static final long QUOTES = 0x2222222222222222L;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Scans from {@code p} (just after the opening parenthesis) to the closing one. */
    static ArgScan scan(byte[] b, int p, int end) {
        int depth = 1;
        int bits = 0;
        boolean truncated = false;
        int result = -1;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            bits |= c;
            if (c == '"') {
                // the string's end, eight bytes at a time (inlined: one record per string would cost on C1)
                int from = i + 1;
                long high = 0;
                int k = from;
                int q;
                while (true) {
                    q = -1;
                    while (k + 8 <= end) {
                        long w = (long) LineReader.LONGS.get(b, k);
                        long x = w ^ QUOTES;
                        long found = (x - ONES) & ~x & HIGHS;
                        if (found != 0) {
                            q = k + (Long.numberOfTrailingZeros(found) >>> 3);
                            for (int j = k; j < q; j++) high |= b[j];
                            break;
                        }
                        high |= w;
                        k += 8;
                    }
                    if (q < 0) {
                        for (; k < end; k++) {
                            if (b[k] == '"') {
                                q = k;
                                break;
                            }
                            high |= b[k];
                        }
                        if (q < 0) {
                            q = end;
                            break;
                        }
                    }
                    int bs = q - 1;
                    while (bs >= from && b[bs] == '\\') bs--;
                    if (((q - 1 - bs) & 1) == 0) {
                        break;
                    }
                    k = q + 1; // an escaped quote: \"
                }
                if ((high & HIGHS) != 0) {
                    bits = -1;
                }
                i = q;
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
                int k = TraceBytes.skipDecoration(b, i, end);
                for (int j = i; j < k; j++) {
                    bits |= b[j];
                }
                i = k;
            }
        }
        return new ArgScan(result, bits >= 0, truncated);
    }

    /** The arguments {@code [s, s+len)} of this scan as text (the {@link TraceText} rule; no second look when ASCII). */
    String text(byte[] b, int s, int len) {
        return ascii ? new String(b, s, len, StandardCharsets.ISO_8859_1) : TraceText.decode(b, s, len);
    }
}
