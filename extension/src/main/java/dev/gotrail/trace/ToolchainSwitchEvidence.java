package dev.gotrail.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GOTOOLCHAIN switch seen in a trace: one go re-executed another go (from PATH or the module
 * cache). (Toolchain discovery reports switches as {@link dev.gotrail.toolchain.ToolchainSwitch}.)
 *
 * @param from     the go binary that switched
 * @param to       the go binary it ran
 * @param version  the target version from {@code GOTOOLCHAIN_INTERNAL_SWITCH_VERSION} or the binary's name, or null
 * @param evidence the trace lines that show it
 */
public record ToolchainSwitchEvidence(String from, String to, String version, List<String> evidence) {

    public ToolchainSwitchEvidence {
        evidence = List.copyOf(evidence);
    }

    /** The one JSON shape of a switch seen in a trace: from, to, version, evidence. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("version", version);
        m.put("evidence", evidence);
        return m;
    }
}
