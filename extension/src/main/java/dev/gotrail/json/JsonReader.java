package dev.gotrail.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of JSON text (RFC 8259) into the same shapes {@link Json} writes: objects become
 * insertion-ordered {@code Map<String, Object>}, arrays {@code List<Object>}, numbers
 * {@link BigDecimal}, plus {@code String}, {@code Boolean} and {@code null}. Used for the small
 * documents gotrail reads (OCI index and manifest, image config, docker-archive manifest.json).
 *
 * <p>Bounded: nesting deeper than {@link #MAX_DEPTH} is rejected, so hostile input cannot exhaust
 * the stack. A duplicate key keeps the last value, as most readers do.
 */
public final class JsonReader {

    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 256;

    /** The text is not JSON; {@link #offset()} is the character offset of the problem. */
    public static final class JsonParseException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        JsonParseException(String problem, int offset) {
            super(problem + " at offset " + offset);
            this.offset = offset;
        }

        /** Character offset (0-based) where the problem was found. */
        public int offset() {
            return offset;
        }
    }

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that makes up the whole text (surrounding white space allowed).
     *
     * @throws JsonParseException for anything that is not exactly one JSON value
     */
    public static Object parse(String text) throws JsonParseException {
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos != text.length()) {
            throw new JsonParseException("trailing characters after the JSON value", r.pos);
        }
        return value;
    }

    /**
     * Parses a text that must be a JSON object.
     *
     * @throws JsonParseException when it is not JSON or not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws JsonParseException {
        Object o = parse(text);
        if (!(o instanceof Map)) {
            throw new JsonParseException("expected a JSON object, found " + describe(o), 0);
        }
        return (Map<String, Object>) o;
    }

    /** "an array", "a string", … for messages. */
    public static String describe(Object o) {
        if (o == null) return "null";
        if (o instanceof Map) return "an object";
        if (o instanceof List) return "an array";
        if (o instanceof String) return "a string";
        if (o instanceof Boolean) return "a boolean";
        return "a number";
    }

    private Object value(int depth) throws JsonParseException {
        if (depth > MAX_DEPTH) {
            throw new JsonParseException("nesting deeper than " + MAX_DEPTH, pos);
        }
        if (pos >= text.length()) {
            throw new JsonParseException("unexpected end of text", pos);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new JsonParseException("unexpected character '" + c + "'", pos);
        }
    }

    private Map<String, Object> object(int depth) throws JsonParseException {
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new JsonParseException("expected a string key", pos);
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw new JsonParseException("expected ',' or '}'", pos - 1);
            }
        }
    }

    private List<Object> array(int depth) throws JsonParseException {
        pos++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                throw new JsonParseException("expected ',' or ']'", pos - 1);
            }
        }
    }

    private String string() throws JsonParseException {
        int start = pos;
        pos++; // "
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new JsonParseException("unterminated string", start);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new JsonParseException("control character in string", pos - 1);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new JsonParseException("unterminated escape", pos);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new JsonParseException("truncated \\u escape", pos - 2);
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos + i), 16);
                        if (d < 0) {
                            throw new JsonParseException("bad \\u escape", pos - 2);
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    sb.append((char) v);
                }
                default -> throw new JsonParseException("bad escape '\\" + e + "'", pos - 2);
            }
        }
    }

    private BigDecimal number() throws JsonParseException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw new JsonParseException("bad number", start);
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw new JsonParseException("bad number", start);
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw new JsonParseException("bad number", start);
            while (isDigit(peek())) pos++;
        }
        if (pos - start > 1000) {
            throw new JsonParseException("number longer than 1000 characters", start);
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException ex) {
            throw new JsonParseException("bad number", start);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws JsonParseException {
        if (!text.startsWith(word, pos)) {
            throw new JsonParseException("expected " + word, pos);
        }
        pos += word.length();
    }

    private void expect(char c) throws JsonParseException {
        if (peek() != c) {
            throw new JsonParseException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
