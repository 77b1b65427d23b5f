package dev.gotrail.testsupport;

import java.util.Objects;

/**
 * One tool a test needed and did not find.
 *
 * @param tool    the tool's name as the summary lists it, e.g. {@code go 1.21}, {@code strace}
 * @param install the command that installs it alone, e.g. {@code apt-get install strace}; empty
 *                when no package installs it (the shared trace corpus)
 * @param detail  where it was looked for, e.g. {@code /usr/lib/go-1.21/bin/go does not exist}
 */
public record MissingTool(String tool, String install, String detail) {

    /** The command that installs every tool the suite runs. */
    public static final String INSTALL_ALL = "bash .ci/install-tools";

    public MissingTool {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(detail, "detail");
    }

    /** E.g. {@code strace is missing (strace is not on PATH); install it with: apt-get install strace (or run bash .ci/install-tools)}. */
    public String message() {
        String where = detail.isEmpty() ? "" : " (" + detail + ")";
        return install.isEmpty() ? tool + " is missing" + where
                : tool + " is missing" + where + "; install it with: " + install + " (or run " + INSTALL_ALL + ")";
    }
}
