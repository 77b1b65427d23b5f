package dev.gotrail.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one JSON document (RFC 8259) into the same plain tree {@link Json} writes: objects as
 * {@link LinkedHashMap} (member order kept), arrays as {@link ArrayList}, strings, {@link Long}
 * for integers that fit (else {@link java.math.BigInteger}), {@link java.math.BigDecimal} for
 * other numbers, {@link Boolean} and {@code null}. Parsing is Jackson's streaming parser
 * (jackson-core, no data binding); duplicate member names and trailing content are errors.
 */
public final class JsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // messages name the source themselves (source:line:col); the document's text never goes into one
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Jackson's own location inside a message: "(for Array starting at [Source: …; line: L, column: C])". */
    private static final Pattern JACKSON_LOCATION = Pattern.compile(
            "\\s*\\((?:for (\\w+) starting at|start marker at) \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)", Pattern.DOTALL);

    /** Nesting deeper than this is hostile: gotrail's documents are a few levels deep. */
    static final int MAX_DEPTH = 200;

    private JsonReader() {
    }

    /** The text is not one valid JSON document; the message names the source, line and column. */
    public static final class JsonSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;
        private final String problem;

        JsonSyntaxException(String source, int line, int column, String problem) {
            super(source + ":" + line + ":" + column + ": " + problem);
            this.line = line;
            this.column = column;
            this.problem = problem;
        }

        /** What is wrong, without source, line and column (e.g. "unexpected close marker '}': expected ']' (the array opened at 1:45)"). */
        public String problem() {
            return problem;
        }

        /** 1-based line of the problem. */
        public int line() {
            return line;
        }

        /** 1-based column of the problem. */
        public int column() {
            return column;
        }
    }

    /**
     * Parses {@code text}, the whole of which must be one JSON value (whitespace around it allowed).
     *
     * @param source what the text is, for messages (usually the file name)
     * @throws JsonSyntaxException naming {@code source}, the line and the column of the first problem
     */
    public static Object parse(String text, String source) throws JsonSyntaxException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw error(source, p.currentLocation(), "no JSON value (empty input)");
            }
            Object value = value(p, source, 0);
            if (p.nextToken() != null) {
                throw error(source, p.currentTokenLocation(), "unexpected content after the JSON value");
            }
            return value;
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw error(source, at, shortProblem(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new JsonSyntaxException(source, 1, 1, e.getMessage());
        }
    }

    /**
     * Parses {@code text}, which must be one JSON object.
     *
     * @param source what the text is, for messages (usually the file or blob name)
     * @throws JsonSyntaxException when it is not JSON, or a JSON value other than an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String source) throws JsonSyntaxException {
        Object o = parse(text, source);
        if (!(o instanceof Map)) {
            throw new JsonSyntaxException(source, 1, 1, "expected a JSON object, found " + describe(o));
        }
        return (Map<String, Object>) o;
    }

    /** What kind of JSON value {@code o} is, for messages: "an object", "an array", "a string", "a number", "a boolean", "null". */
    public static String describe(Object o) {
        if (o == null) {
            return "null";
        } else if (o instanceof Map) {
            return "an object";
        } else if (o instanceof List) {
            return "an array";
        } else if (o instanceof String) {
            return "a string";
        } else if (o instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static Object value(JsonParser p, String source, int depth) throws IOException, JsonSyntaxException {
        if (depth > MAX_DEPTH) {
            throw error(source, p.currentTokenLocation(), "nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p, source, depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, source, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw error(source, p.currentTokenLocation(), "unexpected " + t);
        }
    }

    /**
     * Jackson's message without the location it embeds for an unclosed array or object (its
     * "[Source: …; line: L, column: C]"), which becomes "(the array opened at L:C)".
     */
    static String shortProblem(String jackson) {
        if (jackson == null || jackson.isBlank()) {
            return "not JSON";
        }
        Matcher m = JACKSON_LOCATION.matcher(jackson);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String what = m.group(1) == null ? "it" : "the " + m.group(1).toLowerCase(java.util.Locale.ROOT);
            m.appendReplacement(sb, Matcher.quoteReplacement(" (" + what + " opened at " + m.group(2) + ":" + m.group(3) + ")"));
        }
        m.appendTail(sb);
        String s = sb.toString();
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static JsonSyntaxException error(String source, JsonLocation at, String problem) {
        int line = at == null ? 1 : Math.max(1, at.getLineNr());
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return new JsonSyntaxException(source, line, column, problem);
    }
}
