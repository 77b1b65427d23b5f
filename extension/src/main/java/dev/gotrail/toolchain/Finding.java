package dev.gotrail.toolchain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem or notable fact about a toolchain: a stable {@link FindingId} (spelled, for example,
 * {@code goroot-env-other-version}), a severity, what was found and a concrete fix.
 */
public record Finding(FindingId id, Severity severity, String message, String fix) {

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

    /**
     * The finding's one JSON shape (docs/doctor.md, {@code findings} entries): {@code id} (the
     * stable spelling), {@code severity}, {@code message}, {@code fix}.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.id());
        m.put("severity", severity.name());
        m.put("message", message);
        m.put("fix", fix);
        return m;
    }

    @Override
    public String toString() {
        return severity + " [" + id + "] " + message + (fix.isEmpty() ? "" : " Fix: " + fix);
    }
}
