package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A GOTOOLCHAIN switch: the go binary that was invoked re-executed another toolchain (found on
 * PATH as {@code go1.23.5} or downloaded into the module cache as {@code golang.org/toolchain@…}).
 * Detected by comparing {@code go env} with the inherited environment against {@code go env} with
 * {@code GOTOOLCHAIN=local}.
 *
 * @param from        the local toolchain's version (the invoked binary), or {@link GoVersion#UNKNOWN}
 * @param to          the version that really ran
 * @param toGoroot    GOROOT of the toolchain that really ran
 * @param toBinary    the binary that really ran, or null when it could not be located
 * @param gotoolchain the GOTOOLCHAIN setting in effect ({@code go env GOTOOLCHAIN})
 * @param cause       why it switched: the GOTOOLCHAIN setting with its source, or the go.mod/go.work line
 * @param setting     the GOTOOLCHAIN setting with where it came from (environment, go/env file, $GOROOT/go.env), or null
 * @param moduleLine  the go.mod or go.work {@code go}/{@code toolchain} line that asked for the toolchain, or null
 *                    when GOTOOLCHAIN itself named it
 */
public record ToolchainSwitch(GoVersion from, GoVersion to, Path toGoroot, Path toBinary, String gotoolchain, String cause,
        GoSetting setting, GoSetting moduleLine) {

    /** A switch without the sources of its setting (built by hand). */
    public ToolchainSwitch(GoVersion from, GoVersion to, Path toGoroot, Path toBinary, String gotoolchain, String cause) {
        this(from, to, toGoroot, toBinary, gotoolchain, cause, null, null);
    }

    public ToolchainSwitch {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        gotoolchain = gotoolchain == null ? "" : gotoolchain;
        cause = cause == null ? "" : cause;
    }

    /** True when the toolchain that ran came from the module cache (downloaded), not from PATH. */
    public boolean fromModuleCache() {
        return toGoroot != null && toGoroot.toString().contains("golang.org/toolchain@");
    }
}
