package dev.gotrail.trace;

import java.util.ArrayList;
import java.util.List;

/** Reading strace's argument syntax: splitting argument lists, decoding string literals and decorations. */
public final class StraceValues {

    private StraceValues() {
    }

    /** Splits at top-level {@code ", "}: commas inside strings, brackets, braces, parentheses and {@code <...>} decorations do not count. */
    public static List<String> splitArgs(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '"' -> i = skipString(raw, i);
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                case '<' -> i = skipDecoration(raw, i);
                case ',' -> {
                    if (depth == 0) {
                        out.add(raw.substring(start, i).trim());
                        start = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        String last = raw.substring(Math.min(start, n)).trim();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    /** Index of the closing quote of the string opened at {@code i} (or the last index). */
    static int skipString(String s, int i) {
        int n = s.length();
        for (int k = i + 1; k < n; k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '"') {
                return k;
            }
        }
        return n - 1;
    }

    /** Index of the {@code >} closing a {@code <...>} decoration at {@code i}; {@code i} itself when it is not one. */
    static int skipDecoration(String s, int i) {
        int brackets = 0;
        int n = s.length();
        for (int k = i + 1; k < n; k++) {
            char c = s.charAt(k);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (c == '>' && brackets <= 0) {
                return k;
            } else if (c == '\n') {
                break;
            }
        }
        return i;
    }

    /**
     * Decodes one argument if it is a string literal ({@code "..."} possibly followed by {@code ...}
     * for -s truncation), undoing {@code \n \t \r \v \f \\ \" \ooo \xNN}; the result follows the
     * {@link TraceText} rule. Returns null for anything else. A {@code -y} decoration after the
     * literal is ignored.
     */
    public static String decodeString(String arg) {
        byte[] b = decodeStringBytes(arg);
        return b == null ? null : TraceText.decode(b);
    }

    /** Like {@link #decodeString} but returns the raw bytes. */
    public static byte[] decodeStringBytes(String arg) {
        if (arg == null) {
            return null;
        }
        String a = arg.trim();
        if (a.isEmpty() || a.charAt(0) != '"') {
            return null;
        }
        byte[] src = TraceText.encode(a);
        int close = 1;
        while (close < src.length && src[close] != '"') {
            close += src[close] == '\\' ? 2 : 1;
        }
        return unescape(src, 1, Math.min(close, src.length));
    }

    /**
     * Undoes strace's escapes in the inside of a string literal, {@code [from, to)} of {@code src} (no
     * quotes): {@code \n \t \r \v \f \a \b \e}, {@code \\}, {@code \"}, octal {@code \o}..{@code \ooo}
     * (strace's default style) and {@code \xNN} ({@code -x}/{@code -xx}). An unknown escape gives the
     * character itself; a lone trailing backslash stays. This is the one strace string decoder: the
     * parser's accessors and the evidence redactor use it.
     */
    public static byte[] unescape(byte[] src, int from, int to) {
        byte[] out = new byte[to - from];
        int o = 0;
        for (int i = from; i < to; i++) {
            byte c = src[i];
            if (c != '\\' || i + 1 >= to) {
                out[o++] = c;
                continue;
            }
            byte e = src[++i];
            switch (e) {
                case 'n' -> out[o++] = '\n';
                case 't' -> out[o++] = '\t';
                case 'r' -> out[o++] = '\r';
                case 'v' -> out[o++] = 0x0b;
                case 'f' -> out[o++] = '\f';
                case 'a' -> out[o++] = 0x07;
                case 'b' -> out[o++] = '\b';
                case 'e' -> out[o++] = 0x1b;
                case 'x' -> {
                    int v = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && hex(src[i + 1]) >= 0) {
                        v = v * 16 + hex(src[++i]);
                        digits++;
                    }
                    out[o++] = digits == 0 ? (byte) 'x' : (byte) v;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int digits = 1;
                        while (digits < 3 && i + 1 < to && src[i + 1] >= '0' && src[i + 1] <= '7') {
                            v = v * 8 + (src[++i] - '0');
                            digits++;
                        }
                        out[o++] = (byte) v;
                    } else {
                        out[o++] = e; // \\ \" and anything unknown: the character itself
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /**
     * Quotes bytes as strace's {@code string_quote} does (the inverse of {@link #unescape}): {@code \"},
     * {@code \\}, {@code \f \n \r \t \v}, printable ASCII as is, anything else octal — the shortest
     * form, three digits when an octal digit follows — or, with {@code hex} ({@code -x}), {@code \xNN}.
     * Returns the inside of the literal, without quotes.
     */
    public static String quote(byte[] raw, boolean hex) {
        StringBuilder sb = new StringBuilder(raw.length + 8);
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xff;
            switch (c) {
                case '"', '\\' -> sb.append('\\').append((char) c);
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else if (hex) {
                        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        sb.append('\\');
                        boolean octalNext = i + 1 < raw.length && raw[i + 1] >= '0' && raw[i + 1] <= '7';
                        if (octalNext) {
                            sb.append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)));
                        } else if (c >> 3 != 0) {
                            if (c >> 6 != 0) {
                                sb.append((char) ('0' + (c >> 6)));
                            }
                            sb.append((char) ('0' + ((c >> 3) & 7)));
                        }
                        sb.append((char) ('0' + (c & 7)));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** The text inside a trailing {@code <...>} decoration of an fd or return ({@code 3</usr/lib/x.so>} gives {@code /usr/lib/x.so}), or null. */
    public static String decoration(String value) {
        if (value == null) {
            return null;
        }
        int lt = value.indexOf('<');
        if (lt < 0 || !value.endsWith(">")) {
            return null;
        }
        return value.substring(lt + 1, value.length() - 1);
    }

    /** The integer before any decoration ({@code 3</x>} gives 3), or {@link TraceEvent#UNKNOWN}. */
    public static long leadingNumber(String value) {
        if (value == null) {
            return TraceEvent.UNKNOWN;
        }
        int end = 0;
        int n = value.length();
        if (end < n && value.charAt(end) == '-') end++;
        while (end < n && Character.isDigit(value.charAt(end))) end++;
        try {
            return end == 0 ? TraceEvent.UNKNOWN : Long.parseLong(value, 0, end, 10);
        } catch (NumberFormatException e) {
            return TraceEvent.UNKNOWN;
        }
    }

    /** The elements of an array argument {@code ["a", "b"]}, decoded; empty when it is not one (e.g. {@code 0x7ff /* 60 vars *\/}). */
    public static List<String> stringArray(String arg) {
        List<String> out = new ArrayList<>();
        if (arg == null) {
            return out;
        }
        String a = arg.trim();
        if (!a.startsWith("[") ) {
            return out;
        }
        int close = a.lastIndexOf(']');
        String inner = a.substring(1, close > 0 ? close : a.length());
        for (String e : splitArgs(inner)) {
            String s = decodeString(e);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
