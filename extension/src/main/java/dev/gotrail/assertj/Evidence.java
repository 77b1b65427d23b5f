package dev.gotrail.assertj;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Formats evidence for failure messages: indented, numbered trace lines, capped so messages stay readable. */
final class Evidence {

    static final String NL = System.lineSeparator();
    static final int MAX_LINES = 15;

    private Evidence() {
    }

    /** Each item on its own indented line; after {@code MAX_LINES}, a count of the rest. */
    static <T> String lines(Collection<T> items, Function<T, String> text) {
        if (items.isEmpty()) {
            return "  (none)";
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (T item : items) {
            if (shown == MAX_LINES) {
                sb.append(NL).append("  … and ").append(items.size() - MAX_LINES).append(" more");
                break;
            }
            if (shown > 0) {
                sb.append(NL);
            }
            sb.append("  ").append(text.apply(item));
            shown++;
        }
        return sb.toString();
    }

    static String lines(List<String> items) {
        return lines(items, s -> s);
    }
}
