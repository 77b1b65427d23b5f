package dev.gotrail.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * gotrail's configuration parameters (docs/configuration.md), as plain values: no JUnit type appears here so
 * that every layer can read them. The JUnit adapter ({@code dev.gotrail.junit.JupiterConfig})
 * feeds JUnit's configuration parameters in and turns an invalid value into an
 * {@code ExtensionConfigurationException}; the CLI reads system properties.
 *
 * <p>An invalid value fails, when its getter is called, with the exception made by the
 * {@code invalid} factory given to {@link #of}: its message names the key, the value, the valid
 * choices and where to fix it.
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
    public static final String REDACT_VALUES = "gotrail.redact.values";
    public static final String IMAGE_CACHE = "gotrail.image.cache";
    public static final String SANDBOX = "gotrail.sandbox";

    /** What to do when no Go toolchain is found at all. */
    public enum Missing { FAIL, SKIP }

    /** Which tracer to use. */
    public enum TracerChoice { AUTO, STRACE, DTRUSS, NONE }

    /** How go runs inside a container image ({@code @GoImage}, {@code gotrail image --run}); docs/go-image.md. */
    public enum SandboxChoice { AUTO, BUBBLEWRAP, CHROOT, NONE }

    /** When to publish the evidence bundle. */
    public enum EvidenceMode { ON_FAILURE, ALWAYS, NEVER }

    private final Function<String, Optional<String>> source;
    private final Function<String, ? extends RuntimeException> invalid;
    /** Where a user fixes a bad value: JUnit's configuration files, or only -D (the CLI). */
    private final boolean systemPropertiesOnly;

    private GotrailConfig(Function<String, Optional<String>> source, Function<String, ? extends RuntimeException> invalid,
            boolean systemPropertiesOnly) {
        this.source = source;
        this.invalid = invalid;
        this.systemPropertiesOnly = systemPropertiesOnly;
    }

    /**
     * Configuration read from {@code source} (key to value, empty when unset); an invalid value
     * throws {@code invalid.apply(message)}.
     */
    public static GotrailConfig of(Function<String, Optional<String>> source,
            Function<String, ? extends RuntimeException> invalid) {
        return new GotrailConfig(source, invalid, false);
    }

    /** For the CLI and tools outside JUnit: system properties; invalid values throw {@link InvalidConfigurationException}. */
    public static GotrailConfig fromSystemProperties() {
        return new GotrailConfig(key -> Optional.ofNullable(System.getProperty(key)), InvalidConfigurationException::new, true);
    }

    /**
     * Reads every key once, so that an invalid value is reported before any work starts (the CLI
     * checks at start-up: a bad {@code gotrail.tracer} would otherwise surface as a failed check
     * half-way through {@code gotrail doctor}).
     *
     * @return this configuration
     * @throws RuntimeException (made by the {@code invalid} factory) for the first invalid value,
     *         naming the key, the value, the valid choices and where to fix it
     */
    public GotrailConfig validate() {
        tracer();
        missing();
        strict();
        evidence();
        timeout();
        redactValues();
        sandbox();
        return this;
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

    /**
     * {@code gotrail.image.cache}: where unpacked container images are kept (docs/configuration.md); unset:
     * {@code $XDG_CACHE_HOME/gotrail/images} when that variable is an absolute path, else
     * {@code ~/.cache/gotrail/images}. Shared safely by concurrent tests and JVMs.
     */
    public Path imageCache() {
        return value(IMAGE_CACHE).map(v -> Path.of(v).toAbsolutePath()).orElseGet(() -> {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("gotrail").resolve("images");
        });
    }

    /**
     * {@code gotrail.sandbox}: how go runs inside an image: {@code auto} (default: bubblewrap, else
     * chroot when running as root), {@code bubblewrap}, {@code chroot}, or {@code none} (no
     * dynamic answers from images).
     */
    public SandboxChoice sandbox() {
        return choice(SANDBOX, SandboxChoice.class, SandboxChoice.AUTO);
    }

    /** {@code gotrail.timeout}: default timeout of go commands (ISO-8601), {@code PT2M} unless set. */
    public Duration timeout() {
        return value(TIMEOUT).map(v -> parseDuration(TIMEOUT, v)).orElse(Duration.ofMinutes(2));
    }

    /** {@code gotrail.redact}: extra comma-separated patterns of secret environment variable names. */
    public String redact() {
        return value(REDACT).orElse("");
    }

    /**
     * {@code gotrail.redact.values}: extra patterns of secret values, masked wherever they appear
     * (docs/evidence.md, "Redaction"). Java regular expressions, one per line (in a properties file
     * end a line with {@code \n\} to continue on the next); alternatives within a line with
     * {@code |}. When a pattern has capturing groups only their text is masked, else the whole
     * match.
     *
     * @throws RuntimeException (made by the {@code invalid} factory) for a pattern that does not
     *         compile or that matches the empty string; the message names the key and the pattern
     */
    public List<Pattern> redactValues() {
        List<Pattern> patterns = new ArrayList<>();
        for (String line : value(REDACT_VALUES).orElse("").split("\\R")) {
            String p = line.strip();
            if (p.isEmpty()) {
                continue;
            }
            Pattern compiled;
            try {
                compiled = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw invalid(REDACT_VALUES, p, "a Java regular expression (" + e.getDescription() + " near index "
                        + e.getIndex() + ")");
            }
            if (compiled.matcher("").matches()) {
                throw invalid(REDACT_VALUES, p, "a pattern that does not match the empty string, e.g. corp_[a-z0-9]{32}");
            }
            patterns.add(compiled);
        }
        return patterns;
    }

    private Duration parseDuration(String where, String text) {
        return parseDuration(where, text, invalid, systemPropertiesOnly);
    }

    /**
     * Parses an ISO-8601 duration such as {@code PT30S}; a value that is not one, or not positive,
     * throws {@code invalid.apply(message)} with a message naming {@code where}.
     */
    public static Duration parseDuration(String where, String text, Function<String, ? extends RuntimeException> invalid) {
        return parseDuration(where, text, invalid, false);
    }

    private static Duration parseDuration(String where, String text, Function<String, ? extends RuntimeException> invalid,
            boolean systemPropertiesOnly) {
        try {
            Duration d = Duration.parse(text.strip());
            if (d.isNegative() || d.isZero()) {
                throw invalid.apply(message(where, text, "a positive ISO-8601 duration such as PT30S or PT2M", systemPropertiesOnly));
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid.apply(message(where, text, "an ISO-8601 duration such as PT30S or PT2M", systemPropertiesOnly));
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

    private RuntimeException invalid(String key, String value, String expected) {
        return invalid.apply(message(key, value, expected, systemPropertiesOnly));
    }

    private static String message(String key, String value, String expected, boolean systemPropertiesOnly) {
        String where = key.startsWith("gotrail.") && systemPropertiesOnly
                ? "; fix the -D" + key + "=… system property (for ./gotrail it comes from GOTRAIL_JAVA_OPTS)"
                : key.startsWith("gotrail.")
                ? "; fix it in src/test/resources/junit-platform.properties or the -D" + key + "=… system property"
                : "; fix the attribute " + key.replaceFirst(" on .*", "") + " (configuration files and -D properties do not set it)";
        return key + " is '" + value + "' but must be " + expected + where;
    }
}
