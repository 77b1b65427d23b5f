package dev.gotrail.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normalises the values that differ between runs and machines although nothing drifted: a path
 * under a temporary directory ({@code java.io.tmpdir}, {@code /tmp}, {@code /var/tmp}, their real
 * paths) loses the per-run directory JUnit's {@code @TempDir} or {@code mktemp} made there and
 * becomes {@code $TMPDIR/rest}; a path under the user's home becomes {@code $HOME/rest}. Applied
 * to member names and string values alike. (Build ids, timestamps and hashes are not normalised
 * here because the fact sources never record them.)
 */
final class VolatileValues {

    private final List<String> tempRoots;
    private final List<String> homes;

    private VolatileValues(List<String> tempRoots, List<String> homes) {
        this.tempRoots = tempRoots;
        this.homes = homes;
    }

    static VolatileValues ofThisMachine() {
        Set<String> temp = new LinkedHashSet<>();
        for (String t : new String[] {System.getProperty("java.io.tmpdir"), System.getenv("TMPDIR"), "/tmp", "/var/tmp"}) {
            addWithRealPath(temp, t);
        }
        Set<String> home = new LinkedHashSet<>();
        addWithRealPath(home, System.getProperty("user.home"));
        home.remove("/");
        temp.remove("/");
        return new VolatileValues(List.copyOf(temp), List.copyOf(home));
    }

    private static void addWithRealPath(Set<String> into, String dir) {
        if (dir == null || dir.isBlank()) {
            return;
        }
        String d = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        into.add(d);
        try {
            into.add(Path.of(d).toRealPath().toString());
        } catch (IOException | RuntimeException e) {
            // a directory that does not exist cannot hold anything to normalise
        }
        if (Files.isSymbolicLink(Path.of(d))) {
            into.add(d);
        }
    }

    Object normalise(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(string(String.valueOf(k)), normalise(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(normalise(v)));
            return out;
        }
        return node instanceof String s ? string(s) : node;
    }

    String string(String s) {
        String r = s;
        for (String t : tempRoots) {
            r = replaceTemp(r, t);
        }
        for (String h : homes) {
            r = replaceUnder(r, h, "$HOME");
        }
        return r;
    }

    /** {@code root/<run dir>/rest} becomes {@code $TMPDIR/rest} wherever it occurs in {@code s}. */
    private static String replaceTemp(String s, String root) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = s.indexOf(root + "/", from)) >= 0) {
            if (at > 0 && !boundary(s.charAt(at - 1))) {
                out.append(s, from, at + root.length() + 1);
                from = at + root.length() + 1;
                continue;
            }
            out.append(s, from, at).append("$TMPDIR");
            int runDir = at + root.length() + 1;
            int end = runDir;
            while (end < s.length() && s.charAt(end) != '/' && !boundary(s.charAt(end))) {
                end++;
            }
            from = end; // drops the per-run directory; keeps "/rest"
        }
        return out.append(s, from, s.length()).toString();
    }

    private static String replaceUnder(String s, String root, String name) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = s.indexOf(root, from)) >= 0) {
            int end = at + root.length();
            boolean startsOk = at == 0 || boundary(s.charAt(at - 1));
            boolean endsOk = end == s.length() || s.charAt(end) == '/' || boundary(s.charAt(end));
            out.append(s, from, at).append(startsOk && endsOk ? name : root);
            from = end;
        }
        return out.append(s, from, s.length()).toString();
    }

    /** Characters that can stand before a path in a value: start, whitespace, '=', ':', quotes, ','. */
    private static boolean boundary(char c) {
        return Character.isWhitespace(c) || c == '=' || c == ':' || c == '"' || c == '\'' || c == ',' || c == ';';
    }
}
