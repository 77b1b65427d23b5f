package dev.gotrail.toolchain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses what {@code go env -json} prints: one flat JSON object whose values are all strings.
 * Anything else is rejected with the offset of the first unexpected character, so a go that
 * prints garbage (a wrapper script, a crash banner) is reported precisely instead of guessed at.
 */
final class GoEnvJson {

    /** The text is not a flat JSON object of strings; {@link #offset()} points at the problem. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        ParseException(String problem, int offset) {
            super(problem + " at offset " + offset);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private final String text;
    private int pos;

    private GoEnvJson(String text) {
        this.text = text;
    }

    static Map<String, String> parse(String text) throws ParseException {
        if (text == null) {
            throw new ParseException("no output", 0);
        }
        GoEnvJson p = new GoEnvJson(text);
        Map<String, String> result = p.object();
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw new ParseException("unexpected text after the JSON object", p.pos);
        }
        return result;
    }

    private Map<String, String> object() throws ParseException {
        skipWhitespace();
        expect('{');
        Map<String, String> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            String value = string();
            map.put(key, value);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return map;
            } else {
                throw new ParseException(describe("',' or '}'"), pos);
            }
        }
    }

    private String string() throws ParseException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new ParseException("unterminated string", pos);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new ParseException("control character in string", pos - 1);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new ParseException("unterminated escape", pos);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(unicodeEscape());
                default -> throw new ParseException("invalid escape '\\" + e + "'", pos - 2);
            }
        }
    }

    private char unicodeEscape() throws ParseException {
        if (pos + 4 > text.length()) {
            throw new ParseException("truncated \\u escape", pos - 2);
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw new ParseException("invalid \\u escape", pos - 2);
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private void expect(char c) throws ParseException {
        if (peek() != c) {
            throw new ParseException(describe("'" + c + "'"), pos);
        }
        pos++;
    }

    private String describe(String expected) {
        if (pos >= text.length()) {
            return "expected " + expected + " but the output ended";
        }
        return "expected " + expected + " but found '" + text.charAt(pos) + "'";
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }
}
