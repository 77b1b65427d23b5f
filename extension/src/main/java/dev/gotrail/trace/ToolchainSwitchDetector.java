package dev.gotrail.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GOTOOLCHAIN switch shows as a second successful exec of a different go binary on the same pid
 * (cmd/go switches with {@code syscall.Exec}), with {@code GOTOOLCHAIN_INTERNAL_SWITCH_*} in the new
 * environment; the target is a {@code goX.Y.Z} found on PATH or a toolchain under
 * {@code golang.org/toolchain@} in the module cache.
 */
final class ToolchainSwitchDetector {

    private ToolchainSwitchDetector() {
    }

    /** The first switch, with its cause ({@link SwitchCause}; without {@code files}, none). */
    static Optional<ToolchainSwitchEvidence> detect(TraceAnalysis a, List<TraceEvent> events, ConsultedFiles files) {
        Map<Integer, ExecCall> lastGo = new HashMap<>();
        for (ExecCall e : GoExecs.goExecs(a)) {
            ExecCall before = lastGo.put(e.pid(), e);
            boolean internal = e.envValue("GOTOOLCHAIN_INTERNAL_SWITCH_COUNT").isPresent()
                    || e.envValue("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION").isPresent();
            if (before != null && (!before.path().equals(e.path()) || internal)) {
                List<String> evidence = new ArrayList<>();
                evidence.add(before.evidence());
                evidence.add(e.evidence());
                e.envValue("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION").ifPresent(v ->
                        evidence.add("environment of the new go: GOTOOLCHAIN_INTERNAL_SWITCH_VERSION=" + v));
                e.envValue("GOTOOLCHAIN_INTERNAL_SWITCH_COUNT").ifPresent(v ->
                        evidence.add("environment of the new go: GOTOOLCHAIN_INTERNAL_SWITCH_COUNT=" + v));
                before.envValue("GOTOOLCHAIN").ifPresent(v -> evidence.add("environment of the first go: GOTOOLCHAIN=" + v));
                for (FileAccess f : a.accesses) {
                    if (f.line() > before.line() && f.line() < e.line() && f.pid() == e.pid()
                            && f.path().equals(e.path()) && !f.syscall().startsWith("execve")) {
                        evidence.add(f.evidence());
                        break;
                    }
                }
                String version = e.envValue("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION").orElse(versionOf(e.path()));
                if (files == null) {
                    return Optional.of(new ToolchainSwitchEvidence(before.path(), e.path(), version, evidence));
                }
                SwitchCause.Cause cause = SwitchCause.of(a, events, before, e, version, files);
                List<String> all = new ArrayList<>(evidence);
                all.addAll(cause.evidence());
                all.add(cause.summary());
                return Optional.of(new ToolchainSwitchEvidence(before.path(), e.path(), version, all, cause.setting(),
                        cause.moduleLine()));
            }
        }
        return Optional.empty();
    }

    /** go1.23.5 from {@code .../go1.23.5} or {@code .../golang.org/toolchain@v0.0.1-go1.23.5.linux-amd64/bin/go}. */
    static String versionOf(String path) {
        int i = path.lastIndexOf("go1.");
        if (i < 0) {
            return null;
        }
        int end = i + 4;
        while (end < path.length() && (Character.isDigit(path.charAt(end)) || path.charAt(end) == '.'
                || Character.isLetter(path.charAt(end)) && path.charAt(end) != 'l')) {
            end++;
        }
        String v = path.substring(i, end);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }
}
