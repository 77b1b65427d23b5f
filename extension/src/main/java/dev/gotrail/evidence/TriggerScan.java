package dev.gotrail.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A single pass over a text that says whether any of a set of literal strings occurs in it: part
 * of the cheap pre-check that lets most trace lines through redaction untouched. The strings are
 * indexed by their first two characters (ASCII), so a position whose pair starts no string costs
 * one array look-up; each string is compared exactly or ignoring ASCII case. Immutable.
 */
final class TriggerScan {

    /** One literal to look for. */
    record Trigger(String text, boolean ignoreCase) {
    }

    private final String[][] byPair = new String[128 * 128][];
    private final boolean[][] ignoreCaseByPair = new boolean[128 * 128][];
    // triggers that cannot be indexed by an ASCII pair (one character long, or not ASCII): searched whole
    private final List<Trigger> others = new ArrayList<>();
    private final boolean always;

    /** @param always when true, {@link #anyIn} answers true for every non-empty text (a rule without triggers) */
    TriggerScan(List<Trigger> triggers, boolean always) {
        this.always = always;
        List<List<Trigger>> table = new ArrayList<>();
        for (int i = 0; i < 128 * 128; i++) {
            table.add(null);
        }
        for (Trigger t : triggers) {
            String s = t.text();
            if (s.length() < 2 || s.charAt(0) >= 128 || s.charAt(1) >= 128) {
                if (!s.isEmpty()) {
                    others.add(t);
                }
                continue;
            }
            for (char a : variants(s.charAt(0), t.ignoreCase())) {
                for (char b : variants(s.charAt(1), t.ignoreCase())) {
                    int key = a << 7 | b;
                    if (table.get(key) == null) {
                        table.set(key, new ArrayList<>());
                    }
                    table.get(key).add(t);
                }
            }
        }
        for (int i = 0; i < table.size(); i++) {
            List<Trigger> ts = table.get(i);
            if (ts != null) {
                byPair[i] = ts.stream().map(Trigger::text).toArray(String[]::new);
                ignoreCaseByPair[i] = new boolean[ts.size()];
                for (int k = 0; k < ts.size(); k++) {
                    ignoreCaseByPair[i][k] = ts.get(k).ignoreCase();
                }
            }
        }
    }

    private static char[] variants(char c, boolean ignoreCase) {
        char lower = Character.toLowerCase(c);
        char upper = Character.toUpperCase(c);
        return !ignoreCase || lower == upper || lower >= 128 || upper >= 128 ? new char[] {c} : new char[] {lower, upper};
    }

    /** True when one of the triggers occurs in {@code text}. */
    boolean anyIn(String text) {
        if (always && !text.isEmpty()) {
            return true;
        }
        int last = text.length() - 1;
        for (int i = 0; i < last; i++) {
            char a = text.charAt(i);
            char b = text.charAt(i + 1);
            if (a >= 128 || b >= 128) {
                continue;
            }
            String[] candidates = byPair[a << 7 | b];
            if (candidates == null) {
                continue;
            }
            boolean[] ignoreCase = ignoreCaseByPair[a << 7 | b];
            for (int k = 0; k < candidates.length; k++) {
                String t = candidates[k];
                if (text.regionMatches(ignoreCase[k], i, t, 0, t.length())) {
                    return true;
                }
            }
        }
        for (Trigger t : others) {
            if (t.ignoreCase() ? text.toUpperCase(Locale.ROOT).contains(t.text().toUpperCase(Locale.ROOT)) : text.contains(t.text())) {
                return true;
            }
        }
        return false;
    }
}
