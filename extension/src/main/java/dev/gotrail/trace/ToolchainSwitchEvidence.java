package dev.gotrail.trace;

import java.util.List;

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
}
