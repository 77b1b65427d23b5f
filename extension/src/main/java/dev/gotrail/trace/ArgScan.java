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
                Quote q = closingQuote(b, i + 1, end);
                i = q.index;
                if (q.nonAscii) {
                    bits = -1;
                }
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

    /** The end of a string literal: the index of its closing quote (or {@code end}), and whether its bytes had the high bit set. */
    record Quote(int index, boolean nonAscii) {
    }

    /**
     * Finds the '"' ending a string whose content starts at {@code p}. Quotes are rare and backslashes
     * dense in strace strings (binary payloads), so this looks for quotes eight bytes at a time and
     * then counts the backslashes before each: an odd count escapes it.
     */
    static Quote closingQuote(byte[] b, int p, int end) {
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
                    return new Quote(end, (high & HIGHS) != 0);
                }
            }
            int k = q - 1;
            while (k >= p && b[k] == '\\') k--;
            if (((q - 1 - k) & 1) == 0) {
                return new Quote(q, (high & HIGHS) != 0);
            }
            i = q + 1; // an escaped quote: \"
        }
    }
}
