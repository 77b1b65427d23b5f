package dev.gotrail.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Redacts a JSON shape (the ordered maps and lists of {@code toJsonMap()}) before it is written,
 * so the evidence's JSON files carry the same shape as the CLI's output with only secrets masked:
 * every string passes through {@link Redactor#redactText}; an object whose keys are environment
 * variable names (all upper case, like {@code go env -json}'s) is an environment, and the values
 * of its secret-looking names become {@link Redactor#MASK}. Redacting the structure rather than
 * the written text also catches secrets that JSON escaping would have disguised.
 */
final class JsonRedaction {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private JsonRedaction() {
    }

    static Object redact(Object value, Redactor redactor) {
        if (value instanceof String s) {
            return redactor.redactText(s);
        }
        if (value instanceof Map<?, ?> map) {
            boolean environment = !map.isEmpty() && map.keySet().stream().allMatch(k -> ENV_NAME.matcher(String.valueOf(k)).matches());
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(key, environment && v instanceof String && redactor.names().isSecret(key) ? Redactor.MASK : redact(v, redactor));
            });
            return out;
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(redact(v, redactor)));
            return out;
        }
        return value; // numbers, booleans, null
    }
}
