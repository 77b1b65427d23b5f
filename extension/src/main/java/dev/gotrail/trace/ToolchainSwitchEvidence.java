package dev.gotrail.trace;

import dev.gotrail.toolchain.GoSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GOTOOLCHAIN switch seen in a trace: one go re-executed another go (from PATH or the module
 * cache). (Toolchain discovery reports switches as {@link dev.gotrail.toolchain.ToolchainSwitch},
 * with the same {@link GoSetting}s for what decided.)
 *
 * @param from       the go binary that switched
 * @param to         the go binary it ran
 * @param version    the target version from {@code GOTOOLCHAIN_INTERNAL_SWITCH_VERSION} or the binary's name, or null
 * @param evidence   the trace lines that show it: both execs, the switch variables, the PATH lookup of the target,
 *                   the exec or open that gave GOTOOLCHAIN and the open of the go.mod/go.work that asked for the target
 * @param setting    GOTOOLCHAIN with where it came from (environment, go/env file, {@code $GOROOT/go.env}); its value
 *                   is empty when the file's text is neither in the trace nor unchanged on disk; null when built by hand
 * @param moduleLine the go.mod/go.work {@code go} or {@code toolchain} line that asked for the target, or null when
 *                   the setting itself decided
 */
public record ToolchainSwitchEvidence(String from, String to, String version, List<String> evidence, GoSetting setting,
        GoSetting moduleLine) {

    public ToolchainSwitchEvidence {
        evidence = List.copyOf(evidence);
    }

    /** A switch without its cause. */
    public ToolchainSwitchEvidence(String from, String to, String version, List<String> evidence) {
        this(from, to, version, evidence, null, null);
    }

    /**
     * What decided the switch, as toolchain discovery says it: the module line when one asked for the
     * target, else the GOTOOLCHAIN setting; null when unknown.
     */
    public GoSetting decidedBy() {
        return moduleLine != null ? moduleLine : setting;
    }

    /** The one JSON shape of a switch seen in a trace: from, to, version, evidence, setting, moduleLine. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("version", version);
        m.put("evidence", evidence);
        m.put("setting", setting == null ? null : setting.toJsonMap());
        m.put("moduleLine", moduleLine == null ? null : moduleLine.toJsonMap());
        return m;
    }
}
