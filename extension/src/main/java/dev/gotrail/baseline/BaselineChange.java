package dev.gotrail.baseline;

import dev.gotrail.json.Json;
import java.util.Objects;

/**
 * One difference between the recorded facts and the facts found now.
 *
 * @param kind   added (a fact that is new), removed (a recorded fact that is gone) or changed
 * @param path   where, as a JSON Pointer (RFC 6901) into the baseline document, e.g.
 *               {@code /targets/~1usr~1lib~1go-1.23~1bin~1go/toolchain/version}
 * @param before the recorded value (null when added); a JSON tree (maps, lists, strings, numbers, booleans, null)
 * @param after  the value now (null when removed)
 */
public record BaselineChange(Kind kind, String path, Object before, Object after) {

    /** What happened to the fact at {@link #path()}. */
    public enum Kind {
        /** Not in the baseline, found now. */
        ADDED,
        /** In the baseline, not found now. */
        REMOVED,
        /** In both, with different values. */
        CHANGED
    }

    public BaselineChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /**
     * One line in the manner of a unified diff: {@code + /path: value}, {@code - /path: value},
     * {@code ~ /path: before -> after}, values as compact JSON.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case ADDED -> "+ " + path + ": " + shown(after);
            case REMOVED -> "- " + path + ": " + shown(before);
            case CHANGED -> "~ " + path + ": " + Json.compact(before) + " -> " + Json.compact(after);
        };
    }

    /**
     * A whole target added or removed ({@code /targets/NAME}) is named with its sections, not
     * printed as one line of hundreds of characters; its facts are in the candidate file.
     */
    private String shown(Object value) {
        if (value instanceof java.util.Map<?, ?> m && path.matches("/targets/[^/]+")) {
            return "a target with " + String.join(", ", m.keySet().stream().map(String::valueOf).toList());
        }
        return Json.compact(value);
    }
}
