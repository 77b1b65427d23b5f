package dev.gotrail.loader;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric part of a symbol version such as {@code GLIBC_2.34} or {@code GLIBCXX_3.4.29}.
 * Versions compare numerically, component by component, so {@code 2.4 < 2.34};
 * {@link #toString()} gives the number only, e.g. {@code 2.34}.
 */
public final class SymbolVersion implements Comparable<SymbolVersion> {

    private static final Pattern NAMED = Pattern.compile("([A-Za-z][A-Za-z0-9]*?)_([0-9]+(?:\\.[0-9]+)*)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)*");

    private final String prefix;
    private final int[] parts;

    private SymbolVersion(String prefix, int[] parts) {
        this.prefix = prefix;
        this.parts = parts;
    }

    /** Parses a version name like {@code GLIBC_2.34}; empty for names without a number (GLIBC_PRIVATE). */
    public static Optional<SymbolVersion> parse(String versionName) {
        Matcher m = NAMED.matcher(versionName);
        if (!m.matches()) {
            return Optional.empty();
        }
        int[] parts = numbers(m.group(2));
        return parts == null ? Optional.empty() : Optional.of(new SymbolVersion(m.group(1), parts));
    }

    /** A bare number such as {@code "2.31"}, for comparisons: {@code map.maxVersion("GLIBC").get().compareTo(SymbolVersion.of("2.31"))}. */
    public static SymbolVersion of(String number) {
        if (!NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("not a version number: '" + number + "' (expected e.g. 2.31)");
        }
        int[] parts = numbers(number);
        if (parts == null) {
            throw new IllegalArgumentException("version number out of range: " + number);
        }
        return new SymbolVersion("", parts);
    }

    private static int[] numbers(String text) {
        String[] s = text.split("\\.");
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            try {
                out[i] = Integer.parseInt(s[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** The name part, e.g. {@code GLIBC}; empty for {@link #of(String)}. */
    public String prefix() {
        return prefix;
    }

    /** The full version name, e.g. {@code GLIBC_2.34}. */
    public String versionName() {
        return prefix.isEmpty() ? toString() : prefix + "_" + this;
    }

    public boolean isAtMost(String number) {
        return compareTo(of(number)) <= 0;
    }

    public boolean isAtLeast(String number) {
        return compareTo(of(number)) >= 0;
    }

    /** Numeric comparison of the version numbers; the prefix is not compared. */
    @Override
    public int compareTo(SymbolVersion o) {
        int n = Math.max(parts.length, o.parts.length);
        for (int i = 0; i < n; i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < o.parts.length ? o.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolVersion v && compareTo(v) == 0 && prefix.equals(v.prefix);
    }

    @Override
    public int hashCode() {
        int[] trimmed = parts;
        int len = trimmed.length;
        while (len > 1 && trimmed[len - 1] == 0) len--;
        return 31 * prefix.hashCode() + Arrays.hashCode(Arrays.copyOf(trimmed, len));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append('.');
            sb.append(parts[i]);
        }
        return sb.toString();
    }
}
