package dev.gotrail.toolchain;

import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * No usable Go toolchain: either none was found ({@link #isMissing()}: nothing on PATH, the named
 * go does not exist) or the go that was found does not work (exits non-zero, prints garbage,
 * hangs). Lists every source consulted so messages and {@code gotrail doctor} can say where it
 * looked, plus well-known installs that PATH does not reach.
 *
 * @param reason             why there is no toolchain
 * @param requested          the go asked for ("" = the first go on PATH)
 * @param goBinary           the go binary that was tried, or null when none was found
 * @param consulted          every source consulted with what it said, in order
 * @param installsNotOnPath  go installs at well-known locations that PATH does not reach
 * @param knownLocations     the well-known locations that were looked at
 * @param findings           what went wrong, each with a fix (never empty)
 * @param lastCommand        the failed go command with its output, or null when none ran
 */
public record NoToolchain(
        Reason reason,
        String requested,
        Path goBinary,
        List<String> consulted,
        List<InstalledGo> installsNotOnPath,
        List<String> knownLocations,
        List<Finding> findings,
        CommandResult lastCommand) implements DiscoveryResult {

    /** Why there is no toolchain. */
    public enum Reason {
        /** No {@code go} in any PATH directory. */
        NOT_ON_PATH,
        /** The named go does not exist. */
        NO_SUCH_FILE,
        /** The named go exists but is a directory or not executable. */
        NOT_EXECUTABLE,
        /** go ran but exited non-zero. */
        FAILED,
        /** go ran but {@code go env -json} was not a JSON object. */
        INVALID_OUTPUT,
        /** go did not finish in time and was killed with its process tree. */
        TIMED_OUT
    }

    public NoToolchain {
        Objects.requireNonNull(reason, "reason");
        requested = requested == null ? "" : requested;
        consulted = List.copyOf(consulted);
        installsNotOnPath = List.copyOf(installsNotOnPath);
        knownLocations = List.copyOf(knownLocations);
        findings = List.copyOf(findings);
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("a NoToolchain needs at least one finding explaining it");
        }
    }

    @Override
    public Optional<GoToolchain> toolchain() {
        return Optional.empty();
    }

    /** True when nothing was found at all ({@code gotrail.missing=skip} may skip); false when a go was found but is broken. */
    public boolean isMissing() {
        return reason == Reason.NOT_ON_PATH || reason == Reason.NO_SUCH_FILE;
    }

    /** The concrete fix of the first finding. */
    public String fix() {
        return findings.get(0).fix();
    }

    /**
     * A multi-line explanation: what is wrong, every source consulted, installs not on PATH and
     * the fix. Fit for a test failure or the doctor's report.
     */
    public String message() {
        StringBuilder sb = new StringBuilder();
        sb.append(isMissing() ? "No Go toolchain found" : "The Go toolchain does not work")
                .append(requested.isEmpty() ? " (looked for the first go on PATH)" : " (requested go: " + requested + ")")
                .append(": ").append(findings.get(0).message());
        sb.append("\nSources consulted:");
        consulted.forEach(c -> sb.append("\n  - ").append(c));
        if (!installsNotOnPath.isEmpty()) {
            sb.append("\nInstalled but not on PATH:");
            installsNotOnPath.forEach(i -> sb.append("\n  - ").append(i));
        } else if (!knownLocations.isEmpty()) {
            sb.append("\nNo install at the well-known locations either: ").append(String.join(", ", knownLocations));
        }
        for (int i = 1; i < findings.size(); i++) {
            sb.append("\nAlso: ").append(findings.get(i));
        }
        sb.append("\nFix: ").append(fix());
        return sb.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
