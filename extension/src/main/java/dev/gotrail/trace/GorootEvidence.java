package dev.gotrail.trace;

import dev.gotrail.toolchain.GorootSource;
import java.util.List;

/**
 * The GOROOT a traced go command really used, how it was chosen and the trace lines that prove it.
 *
 * @param path      the effective GOROOT, or null when the trace shows no go at all
 * @param source    which rule of cmd/go chose it
 * @param evidence  the trace lines (numbered, as {@link TraceEvent#describe()}) that establish the path
 * @param confirmations lines that confirm it: tool execs under {@code path/pkg/tool/}, {@code openat(path/go.env)}, reads under {@code path/src}
 */
public record GorootEvidence(String path, GorootSource source, List<String> evidence, List<String> confirmations) {

    public GorootEvidence {
        evidence = List.copyOf(evidence);
        confirmations = List.copyOf(confirmations);
    }

    /** True when at least one ground-truth line (tool exec, go.env, source read) agrees. */
    public boolean confirmed() {
        return !confirmations.isEmpty();
    }
}
