package dev.gotrail.assertj;

import dev.gotrail.evidence.Redactor;
import dev.gotrail.evidence.TraceEvidence;
import dev.gotrail.trace.GoTrace;
import java.util.Map;

/**
 * Redacts failure messages before AssertJ throws them: they quote evidence (trace lines with
 * execve environments, stderr, go env) and end up in consoles and CI reports. The rules are
 * those of the evidence files (docs/evidence.md, "Redaction"): the built-in names and value
 * shapes, the secret values of this JVM's environment and of the environments the evidence
 * shows. The assertions see no JUnit configuration, so {@code gotrail.redact} and
 * {@code gotrail.redact.values} are not applied here.
 */
final class Redaction {

    private Redaction() {
    }

    /** {@code String.format(format, args)}, redacted. */
    static String message(Map<String, String> environment, String format, Object... args) {
        return Redactor.defaults().withSecretValuesFrom(environment).redactPrinted(String.format(format, args));
    }

    /** The environments of the trace's execve calls, as one map. */
    static Map<String, String> environmentOf(GoTrace trace) {
        return trace == null ? Map.of() : TraceEvidence.environmentOf(trace);
    }
}
