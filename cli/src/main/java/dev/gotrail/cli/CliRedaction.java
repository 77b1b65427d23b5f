package dev.gotrail.cli;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.RedactingOutputStream;
import dev.gotrail.evidence.Redactor;
import dev.gotrail.evidence.TraceEvidence;
import dev.gotrail.evidence.SecretNames;
import dev.gotrail.evidence.SecretValues;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What the command line prints and writes is redacted by the rules of the evidence files
 * (docs/evidence.md, "Redaction"): the built-in names plus {@code -Dgotrail.redact}, the built-in
 * value shapes plus {@code -Dgotrail.redact.values}, and the secret values of the CLI's own
 * environment, which is also the environment of a command it traces.
 */
final class CliRedaction {

    private CliRedaction() {
    }

    /**
     * The redactor of this run.
     *
     * @throws dev.gotrail.config.InvalidConfigurationException for an invalid {@code gotrail.redact.values}
     */
    static Redactor redactor() {
        GotrailConfig config = GotrailConfig.fromSystemProperties();
        return Redactor.of(SecretNames.withExtra(config.redact()), SecretValues.withExtra(config.redactValues()))
                .withSecretValuesFrom(System.getenv());
    }

    /** A print stream that redacts each line before it reaches {@code target}; {@link #finish} it at the end. */
    static PrintStream wrap(PrintStream target, Redactor redactor) {
        return new PrintStream(new RedactingOutputStream(target, redactor), true, StandardCharsets.UTF_8);
    }

    /** Passes on what {@link #wrap} still holds (a last line without a newline). */
    static void finish(PrintStream wrapped) {
        wrapped.close(); // closes the RedactingOutputStream, which flushes but leaves the target open
    }

    /** The environments of the trace's execve calls, as one map. */
    static Map<String, String> environmentOf(GoTrace trace) {
        return trace == null ? Map.of() : TraceEvidence.environmentOf(trace);
    }

    /** Replaces {@code log} by its redacted copy (a raw trace the CLI wrote). */
    static void redactInPlace(Path log, Redactor redactor) {
        try {
            Path tmp = Files.createTempFile(log.toAbsolutePath().getParent(), ".gotrail-redact-", ".log");
            try {
                redactor.copyRedacted(log, tmp);
                Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not redact the trace " + log + ": " + e.getMessage(), e);
        }
    }
}
