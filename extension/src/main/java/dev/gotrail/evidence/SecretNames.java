package dev.gotrail.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which environment variable names look secret: their values are replaced by {@code ***}
 * in every evidence file. The built-in patterns are substrings matched case-insensitively;
 * {@code gotrail.redact} adds comma-separated patterns of its own.
 */
public final class SecretNames {

    /** Substrings of variable names whose values are never written to evidence. */
    public static final List<String> BUILT_IN = List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH");

    private final List<String> patterns;

    private SecretNames(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The built-in patterns plus the comma-separated {@code extra} ones (null or blank: none). */
    public static SecretNames withExtra(String extra) {
        List<String> all = new ArrayList<>(BUILT_IN);
        if (extra != null) {
            for (String p : extra.split(",")) {
                if (!p.isBlank()) {
                    all.add(p.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        return new SecretNames(all);
    }

    public boolean isSecret(String variableName) {
        String upper = variableName.toUpperCase(Locale.ROOT);
        for (String p : patterns) {
            if (upper.contains(p)) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }
}
