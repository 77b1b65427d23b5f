package dev.gotrail.buildinfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's string quoting as build settings use it: {@code strconv.Quote}, {@code strconv.Unquote},
 * {@code strconv.QuotedPrefix}, and the rules of {@code runtime/debug} for when a build setting's
 * key or value must be quoted.
 */
final class GoQuote {

    private GoQuote() {
    }

    /** runtime/debug quoteKey: empty, or contains one of {@code = \t\r\n"`}. */
    static boolean keyNeedsQuotes(String key) {
        return key.isEmpty() || containsAny(key, "= \t\r\n\"`");
    }

    /** runtime/debug quoteValue: contains one of {@code  \t\r\n"`}. */
    static boolean valueNeedsQuotes(String value) {
        return containsAny(value, " \t\r\n\"`");
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** strconv.Quote: a double-quoted Go string literal with Go's escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        // A plain loop, not codePoints().forEach: a lambda's first use costs a bootstrap in a cold JVM.
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < ' ' || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (isPrint(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp == 0xFFFD) {
                        sb.append("\\ufffd");
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** An approximation of Go's unicode.IsPrint (letters, marks, numbers, punctuation, symbols, ASCII space). */
    private static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7f;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * strconv.QuotedPrefix: the length of the quoted string ({@code "…"} or {@code `…`}) at the
     * start of {@code s}, or -1 when there is none.
     */
    static int quotedPrefix(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        char q = s.charAt(0);
        if (q == '`') {
            int end = s.indexOf('`', 1);
            return end < 0 ? -1 : end + 1;
        }
        if (q != '"') {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return -1;
            }
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return unquote(s.substring(0, i + 1)) == null ? -1 : i + 1;
            }
        }
        return -1;
    }

    /** strconv.Unquote for {@code "…"} and {@code `…`} literals; null when {@code s} is not a valid one. */
    static String unquote(String s) {
        if (s.length() < 2) {
            return null;
        }
        char q = s.charAt(0);
        if (q != s.charAt(s.length() - 1)) {
            return null;
        }
        String body = s.substring(1, s.length() - 1);
        if (q == '`') {
            return body.indexOf('`') >= 0 ? null : body.replace("\r", "");
        }
        if (q != '"') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\n') {
                return null;
            }
            if (c != '\\') {
                int cp = body.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
                continue;
            }
            if (++i >= body.length()) {
                return null;
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case '\\', '"' -> out.write(e);
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    long v = hex(body, i + 1, n);
                    if (v < 0) {
                        return null;
                    }
                    if (e == 'x') {
                        out.write((int) v);
                    } else {
                        if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v < 0xE000)) {
                            return null;
                        }
                        out.writeBytes(new String(Character.toChars((int) v)).getBytes(StandardCharsets.UTF_8));
                    }
                    i += n;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 >= body.length()) {
                        return null;
                    }
                    int v = 0;
                    for (int k = 0; k < 3; k++) {
                        char d = body.charAt(i + k);
                        if (d < '0' || d > '7') {
                            return null;
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) {
                        return null;
                    }
                    out.write(v);
                    i += 2;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long hex(String s, int from, int n) {
        if (from + n > s.length()) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            int d = Character.digit(s.charAt(from + k), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
