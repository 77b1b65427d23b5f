package dev.gotrail.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * gotrail's configuration parameters, read through JUnit (junit-platform.properties, system
 * properties, launcher) or, for the CLI, from system properties. Invalid values fail with an
 * {@link ExtensionConfigurationException} that names the key, the value and the valid choices.
 */
public final class GotrailConfig {

    public static final String GO = "gotrail.go";
    public static final String TRACER = "gotrail.tracer";
    public static final String STRACE = "gotrail.strace";
    public static final String MISSING = "gotrail.missing";
    public static final String STRICT = "gotrail.strict";
    public static final String EVIDENCE = "gotrail.evidence";
    public static final String EVIDENCE_DIR = "gotrail.evidence.dir";
    public static final String TIMEOUT = "gotrail.timeout";
    public static final String REDACT = "gotrail.redact";

    /** What to do when no Go toolchain is found at all. */
    public enum Missing { FAIL, SKIP }

    /** Which tracer to use. */
    public enum TracerChoice { AUTO, STRACE, DTRUSS, NONE }

    /** When to publish the evidence bundle. */
    public enum EvidenceMode { ON_FAILURE, ALWAYS, NEVER }

    private final Function<String, Optional<String>> source;

    private GotrailConfig(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public static GotrailConfig from(ExtensionContext context) {
        return new GotrailConfig(context::getConfigurationParameter);
    }

    /** For the CLI and tools outside JUnit: system properties. */
    public static GotrailConfig fromSystemProperties() {
        return new GotrailConfig(key -> Optional.ofNullable(System.getProperty(key)));
    }

    private Optional<String> value(String key) {
        return source.apply(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** {@code gotrail.go}: the go binary to use when an annotation names none. */
    public Optional<String> go() {
        return value(GO);
    }

    public TracerChoice tracer() {
        return choice(TRACER, TracerChoice.class, TracerChoice.AUTO);
    }

    /** {@code gotrail.strace}: path of the strace binary; default: strace on PATH. */
    public Optional<String> strace() {
        return value(STRACE);
    }

    public Missing missing() {
        return choice(MISSING, Missing.class, Missing.FAIL);
    }

    public boolean strict() {
        return value(STRICT).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw invalid(STRICT, v, "true or false");
        }).orElse(false);
    }

    public EvidenceMode evidence() {
        return choice(EVIDENCE, EvidenceMode.class, EvidenceMode.ON_FAILURE);
    }

    public Path evidenceDir() {
        return Path.of(value(EVIDENCE_DIR).orElse("target/gotrail")).toAbsolutePath();
    }

    /** {@code gotrail.timeout}: default timeout of go commands (ISO-8601), {@code PT2M} unless set. */
    public Duration timeout() {
        return value(TIMEOUT).map(v -> parseDuration(TIMEOUT, v)).orElse(Duration.ofMinutes(2));
    }

    /** {@code gotrail.redact}: extra comma-separated patterns of secret environment variable names. */
    public String redact() {
        return value(REDACT).orElse("");
    }

    /** Parses an ISO-8601 duration such as {@code PT30S}, naming {@code where} when it is invalid. */
    public static Duration parseDuration(String where, String text) {
        try {
            Duration d = Duration.parse(text.strip());
            if (d.isNegative() || d.isZero()) {
                throw invalid(where, text, "a positive ISO-8601 duration such as PT30S or PT2M");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(where, text, "an ISO-8601 duration such as PT30S or PT2M");
        }
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        Optional<String> v = value(key);
        if (v.isEmpty()) {
            return fallback;
        }
        String normalised = v.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalised)) {
                return e;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (choices.length() > 0) choices.append('|');
            choices.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw invalid(key, v.get(), choices.toString());
    }

    private static ExtensionConfigurationException invalid(String key, String value, String expected) {
        return new ExtensionConfigurationException(key + " is '" + value + "' but must be " + expected
                + "; fix it in src/test/resources/junit-platform.properties or the -D" + key + "=… system property");
    }
}
