package dev.gotrail.toolchain;

import java.util.Objects;

/**
 * One problem or notable fact about a toolchain: a stable {@code id} (for example
 * {@code goroot-env-mismatch}), a severity, what was found and a concrete fix.
 */
public record Finding(String id, Severity severity, String message, String fix) {

    /** How much a finding matters. */
    public enum Severity {
        /** Worth knowing; nothing is broken. */
        INFO,
        /** Works now but is fragile or surprising. */
        WARNING,
        /** Builds will fail or use the wrong toolchain. */
        ERROR
    }

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }

    public boolean isProblem() {
        return severity != Severity.INFO;
    }

    @Override
    public String toString() {
        return severity + " [" + id + "] " + message + (fix.isEmpty() ? "" : " Fix: " + fix);
    }
}
