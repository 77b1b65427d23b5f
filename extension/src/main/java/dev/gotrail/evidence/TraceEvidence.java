package dev.gotrail.evidence;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A traced command as evidence: what ran, how it ended, the raw tracer log and the facts a reader
 * needs first. Built by the tracer (or {@link EvidenceRenderers}) from a {@code GoTrace}; kept as
 * plain text so the evidence files do not depend on the trace model.
 *
 * @param label          short name, e.g. {@code go env GOROOT}
 * @param command        the traced command line
 * @param exitCode       exit code of the traced command (-1: killed or unknown)
 * @param rawLog         the raw tracer log, or null when none was written
 * @param summary        human summary lines (effective GOROOT with its source, counts, switch)
 * @param processTree    one line per process, indented by depth: pid, exec'd binary, exit
 * @param failedAccesses one line per failed access: syscall, path, errno
 */
public record TraceEvidence(
        String label,
        List<String> command,
        int exitCode,
        Path rawLog,
        List<String> summary,
        List<String> processTree,
        List<String> failedAccesses) {

    public TraceEvidence {
        Objects.requireNonNull(label, "label");
        command = List.copyOf(command);
        summary = List.copyOf(summary);
        processTree = List.copyOf(processTree);
        failedAccesses = List.copyOf(failedAccesses);
    }
}
