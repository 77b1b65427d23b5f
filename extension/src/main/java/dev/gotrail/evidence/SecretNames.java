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

    /**
     * Whether {@code name=value} in free text (a program's output, a log line, a command line) is an
     * assignment to a secret. An environment-style name (no lower-case letter: {@code GITHUB_TOKEN},
     * {@code APIKEY}) is judged by {@link #isSecret}. A name with lower-case letters is a word of a
     * config file or a flag list, so a pattern must be one of its {@code _ - .}-separated parts, or
     * begin or end one: {@code db_password}, {@code apiKey}, {@code aws_secret_access_key} are secret;
     * {@code x509keypairleaf} (a GODEBUG setting) and {@code monkeys} are not.
     */
    public boolean isSecretAssignment(String name) {
        if (name.chars().noneMatch(Character::isLowerCase)) {
            return isSecret(name);
        }
        for (String part : name.toUpperCase(Locale.ROOT).split("[_.\\-]+")) {
            for (String p : patterns) {
                if (!part.isEmpty() && (part.startsWith(p) || part.endsWith(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }
}
