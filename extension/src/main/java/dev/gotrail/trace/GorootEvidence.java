package dev.gotrail.trace;

import dev.gotrail.toolchain.GorootSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GOROOT a traced go command really used, how it was chosen and the trace lines that prove it.
 *
 * @param path      the effective GOROOT, or null when the trace shows no go at all
 * @param source    which rule of cmd/go chose it, or null when unknown: the log ends (cut, tracer
 *                  killed) before the lines that decide it ({@link GoTrace#incomplete()}); the last
 *                  evidence line then says so
 * @param evidence  the trace lines (numbered, as {@link TraceEvent#describe()}) that establish the path
 * @param confirmations lines that confirm it: tool execs under {@code path/pkg/tool/}, {@code openat(path/go.env)}, reads under {@code path/src}
 */
public record GorootEvidence(String path, GorootSource source, List<String> evidence, List<String> confirmations) {

    public GorootEvidence {
        evidence = List.copyOf(evidence);
        confirmations = List.copyOf(confirmations);
    }

    /**
     * The one JSON shape of an effective GOROOT (the trace's {@code effectiveGoroot}, the doctor's
     * {@code gorootFromTrace}): path, source, evidence, confirmations.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("source", source == null ? null : source.name());
        m.put("evidence", evidence);
        m.put("confirmations", confirmations);
        return m;
    }

    /** False when the log ends before the lines that decide the source (then {@link #source()} is null). */
    public boolean known() {
        return source != null;
    }

    /** True when at least one ground-truth line (tool exec, go.env, source read) agrees. */
    public boolean confirmed() {
        return !confirmations.isEmpty();
    }
}
