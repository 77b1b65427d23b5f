package dev.gotrail.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts the user declared volatile: JSON Pointer patterns (RFC 6901 spelling) in which a
 * reference token {@code *} stands for any one token. A pattern matches a path and everything
 * under it, so {@code /targets/*}{@code /toolchain/findings} ignores every toolchain's findings.
 * Ignored facts are neither recorded nor compared.
 */
final class BaselineIgnores {

    private final List<List<String>> patterns = new ArrayList<>();

    BaselineIgnores(List<String> patterns) {
        for (String p : patterns) {
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("an ignore pattern is a JSON Pointer starting with '/': " + p);
            }
            this.patterns.add(JsonPointer.tokens(p));
        }
    }

    boolean matches(List<String> tokens) {
        for (List<String> p : patterns) {
            if (p.size() <= tokens.size() && prefixMatches(p, tokens)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixMatches(List<String> pattern, List<String> tokens) {
        for (int i = 0; i < pattern.size(); i++) {
            if (!pattern.get(i).equals("*") && !pattern.get(i).equals(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A copy of {@code document} without the ignored members and elements. */
    Object prune(Object document) {
        return patterns.isEmpty() ? document : prune(document, new ArrayList<>());
    }

    private Object prune(Object node, List<String> at) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                at.add(String.valueOf(e.getKey()));
                if (!matches(at)) {
                    out.put(String.valueOf(e.getKey()), prune(e.getValue(), at));
                }
                at.remove(at.size() - 1);
            }
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                at.add(Integer.toString(i));
                if (!matches(at)) {
                    out.add(prune(l.get(i), at));
                }
                at.remove(at.size() - 1);
            }
            return out;
        }
        return node;
    }
}
