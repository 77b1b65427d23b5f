package dev.gotrail.baseline;

import java.util.ArrayList;
import java.util.List;

/** JSON Pointer (RFC 6901) spelling of paths into a facts document: {@code /targets/~1usr~1bin~1go/toolchain/version}. */
final class JsonPointer {

    private JsonPointer() {
    }

    /** {@code base} with one more reference token; {@code ~} and {@code /} escaped as {@code ~0} and {@code ~1}. */
    static String append(String base, String token) {
        return base + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    /** The unescaped reference tokens of {@code pointer}; the empty pointer (the whole document) has none. */
    static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON Pointer starts with '/': " + pointer);
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
