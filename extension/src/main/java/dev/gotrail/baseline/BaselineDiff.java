package dev.gotrail.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The structural diff of two JSON trees (as read by {@code dev.gotrail.json.JsonReader}): objects
 * are compared member by member, arrays element by element (extra elements at the end are added
 * or removed), anything else by value. {@link #apply} replays a diff, so
 * {@code apply(a, diff(a, b))} equals {@code b}.
 */
public final class BaselineDiff {

    private BaselineDiff() {
    }

    /** The changes that turn {@code before} into {@code after}, in document order; empty when they are equal. */
    public static List<BaselineChange> diff(Object before, Object after) {
        List<BaselineChange> changes = new ArrayList<>();
        diff("", before, after, changes);
        return changes;
    }

    private static void diff(String path, Object a, Object b, List<BaselineChange> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                String p = JsonPointer.append(path, String.valueOf(e.getKey()));
                if (mb.containsKey(e.getKey())) {
                    diff(p, e.getValue(), mb.get(e.getKey()), out);
                } else {
                    out.add(new BaselineChange(BaselineChange.Kind.REMOVED, p, e.getValue(), null));
                }
            }
            for (Map.Entry<?, ?> e : mb.entrySet()) {
                if (!ma.containsKey(e.getKey())) {
                    out.add(new BaselineChange(BaselineChange.Kind.ADDED, JsonPointer.append(path, String.valueOf(e.getKey())), null, e.getValue()));
                }
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            int common = Math.min(la.size(), lb.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, la.get(i), lb.get(i), out);
            }
            for (int i = common; i < la.size(); i++) {
                out.add(new BaselineChange(BaselineChange.Kind.REMOVED, path + "/" + i, la.get(i), null));
            }
            for (int i = common; i < lb.size(); i++) {
                out.add(new BaselineChange(BaselineChange.Kind.ADDED, path + "/" + i, null, lb.get(i)));
            }
        } else if (!Objects.equals(a, b)) {
            out.add(new BaselineChange(BaselineChange.Kind.CHANGED, path, a, b));
        }
    }

    /**
     * {@code document} with {@code changes} applied (the document is copied, not modified).
     *
     * @throws IllegalArgumentException when a change's path does not lead into the document
     */
    public static Object apply(Object document, List<BaselineChange> changes) {
        Object root = copy(document);
        List<BaselineChange> removals = new ArrayList<>();
        for (BaselineChange c : changes) {
            if (c.kind() == BaselineChange.Kind.REMOVED) {
                removals.add(c);
            } else {
                root = set(root, c.path(), copy(c.after()), c.kind() == BaselineChange.Kind.ADDED);
            }
        }
        // Array elements go from the end so that earlier indices stay valid.
        removals.sort(Comparator.comparing(BaselineChange::path, BaselineDiff::byTrailingIndexDescending));
        for (BaselineChange c : removals) {
            remove(root, c.path());
        }
        return root;
    }

    private static int byTrailingIndexDescending(String a, String b) {
        return Long.compare(trailingIndex(b), trailingIndex(a));
    }

    private static long trailingIndex(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.chars().allMatch(Character::isDigit) && !last.isEmpty() && last.length() < 18 ? Long.parseLong(last) : -1;
    }

    @SuppressWarnings("unchecked")
    private static Object set(Object root, String path, Object value, boolean add) {
        List<String> tokens = JsonPointer.tokens(path);
        if (tokens.isEmpty()) {
            return value;
        }
        Object parent = walk(root, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(last, value);
        } else if (parent instanceof List<?> l) {
            int i = index(last, path);
            if (add && i == l.size()) {
                ((List<Object>) l).add(value);
            } else if (i < l.size()) {
                ((List<Object>) l).set(i, value);
            } else {
                throw new IllegalArgumentException("index " + i + " is past the end of the array at " + path);
            }
        } else {
            throw new IllegalArgumentException("no object or array at the parent of " + path);
        }
        return root;
    }

    private static void remove(Object root, String path) {
        List<String> tokens = JsonPointer.tokens(path);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the whole document");
        }
        Object parent = walk(root, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            m.remove(last);
        } else if (parent instanceof List<?> l) {
            l.remove(index(last, path));
        } else {
            throw new IllegalArgumentException("no object or array at the parent of " + path);
        }
    }

    private static Object walk(Object node, List<String> tokens, String path) {
        for (String t : tokens) {
            if (node instanceof Map<?, ?> m && m.containsKey(t)) {
                node = m.get(t);
            } else if (node instanceof List<?> l) {
                int i = index(t, path);
                if (i >= l.size()) {
                    throw new IllegalArgumentException("index " + i + " is past the end of the array at " + path);
                }
                node = l.get(i);
            } else {
                throw new IllegalArgumentException("nothing at '" + t + "' on the way to " + path);
            }
        }
        return node;
    }

    private static int index(String token, String path) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + token + "' is not an array index in " + path);
        }
    }

    /** A deep copy of a JSON tree (maps and lists copied, leaves shared: they are immutable). */
    static Object copy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), copy(v)));
            return c;
        }
        if (node instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            l.forEach(v -> c.add(copy(v)));
            return c;
        }
        return node;
    }
}
