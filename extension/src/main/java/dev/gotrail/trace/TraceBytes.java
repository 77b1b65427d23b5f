package dev.gotrail.trace;

/**
 * The byte toolkit of the trace parsers: comparisons, searches and character classes on a range
 * {@code [p, end)} of a line's bytes, without decoding them. Every method is bounds-safe for any
 * range inside the array; none allocates.
 */
final class TraceBytes {

    private TraceBytes() {
    }

    static boolean startsWith(byte[] b, int p, int end, String s) {
        int n = s.length();
        if (end - p < n) return false;
        for (int i = 0; i < n; i++) {
            if (b[p + i] != s.charAt(i)) return false;
        }
        return true;
    }

    static boolean startsWith(byte[] b, int p, int end, byte[] s) {
        if (end - p < s.length) return false;
        for (int i = 0; i < s.length; i++) {
            if (b[p + i] != s[i]) return false;
        }
        return true;
    }

    static boolean endsWith(byte[] b, int s, int e, byte[] suffix) {
        int n = suffix.length;
        if (e - s < n) return false;
        for (int i = 0; i < n; i++) {
            if (b[e - n + i] != suffix[i]) return false;
        }
        return true;
    }

    /** First index of {@code needle} in {@code [s, e)}, or -1. */
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

    /** First index of {@code c} in {@code [p, end)}, or -1. */
    static int indexOf(byte[] b, int p, int end, byte c) {
        for (int i = p; i < end; i++) {
            if (b[i] == c) return i;
        }
        return -1;
    }

    /** First index of {@code c} in {@code [p, end)}, or {@code end - 1} when there is none. */
    static int skipTo(byte[] b, int p, int end, char c) {
        for (int i = p; i < end; i++) {
            if (b[i] == c) return i;
        }
        return end - 1;
    }

    static int skipSpaces(byte[] b, int p, int end) {
        while (p < end && b[p] == ' ') p++;
        return p;
    }

    /** {@code e} moved back over trailing spaces and tabs, not below {@code s}. */
    static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
        return e;
    }

    /** The whole range as a signed decimal of at most 19 digits, or {@link TraceEvent#UNKNOWN}. */
    static long parseLong(byte[] b, int p, int end) {
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

    /** Index of the '>' closing a {@code <...>} decoration at p (brackets inside may hold {@code ->}); p when none. */
    static int skipDecoration(byte[] b, int p, int end) {
        int brackets = 0;
        for (int i = p + 1; i < end; i++) {
            byte c = b[i];
            if (c == '[') brackets++;
            else if (c == ']') brackets--;
            else if (c == '>' && brackets <= 0) return i;
        }
        return p;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The value of a hex digit ({@link #isHex} must hold). */
    static int hexValue(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    /** Syscall names; strace prints {@code ???} when it cannot name the call (a thread caught mid-exec). */
    static boolean isNameStart(byte c) {
        return c >= 'a' && c <= 'z' || c == '_' || c >= 'A' && c <= 'Z' || c == '?';
    }

    static boolean isNameChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 'A' && c <= 'Z' || c == '?';
    }
}
