package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * dtruss (macOS). DTrace needs root, so unless the JVM already runs as root the command goes
 * through {@code sudo -n} (non-interactive: a missing sudoers rule fails at once instead of
 * hanging on a password prompt). dtruss prints its trace on stderr and has no {@code -o}, so a
 * {@code /bin/sh} wrapper sends that stderr to the log file; the traced program's own stderr ends
 * up in the same file, interleaved, which the dtruss parser tolerates.
 *
 * <p>Flags: {@code -f} follows children (go build's compile, link, cgo). dtruss joins its
 * command's arguments with spaces ({@code $*}), so arguments containing spaces do not survive.
 */
public final class DtrussTracer implements Tracer {

    /** dtruss's flags before the command. */
    public static final List<String> FLAGS = List.of("-f");

    /** The shell snippet that runs "$@" with its stderr sent to the log named by $1. */
    static final String REDIRECT_STDERR = "log=$1; shift; exec \"$@\" 2>\"$log\"";

    private final String dtruss;
    private final boolean sudo;

    /**
     * @param dtruss the dtruss binary, usually {@code /usr/bin/dtruss}
     * @param sudo   whether to prefix {@code sudo -n}; false when the JVM runs as root
     */
    public DtrussTracer(String dtruss, boolean sudo) {
        this.dtruss = Objects.requireNonNull(dtruss, "dtruss");
        this.sudo = sudo;
    }

    /** /usr/bin/dtruss, through sudo unless this JVM runs as root. */
    public DtrussTracer() {
        this("/usr/bin/dtruss", !"root".equals(System.getProperty("user.name")));
    }

    @Override
    public String name() {
        return "dtruss";
    }

    @Override
    public String format() {
        return "dtruss";
    }

    @Override
    public CommandSpec wrap(CommandSpec command, Path log) {
        List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", REDIRECT_STDERR, "sh",
                log.toAbsolutePath().toString()));
        if (sudo) {
            line.add("sudo");
            line.add("-n");
        }
        line.add(dtruss);
        line.addAll(FLAGS);
        line.add("--");
        line.addAll(command.command());
        return command.withCommand(line);
    }

    @Override
    public Optional<TracerProblem> recognise(String tracerOutput) {
        for (String raw : (tracerOutput == null ? "" : tracerOutput).split("\n")) {
            String line = raw.strip();
            if (line.contains("DTrace requires additional privileges")
                    || line.startsWith("sudo:") && (line.contains("password is required")
                            || line.contains("terminal is required") || line.contains("no tty present"))) {
                return Optional.of(new TracerProblem(TracerProblem.Cause.NEEDS_PRIVILEGES, "dtruss",
                        "dtruss needs root: DTrace cannot start without it and sudo could not run it without a password",
                        "allow passwordless sudo for dtruss (sudoers: 'youruser ALL=(root) NOPASSWD: /usr/bin/dtruss'), "
                                + "or run the build as root; or set gotrail.tracer=none to run untraced",
                        line));
            }
            if (line.startsWith("dtrace: failed to execute") && line.contains("Operation not permitted")) {
                return Optional.of(new TracerProblem(TracerProblem.Cause.SIP_RESTRICTED, "dtruss",
                        "System Integrity Protection stops DTrace from tracing this program "
                                + "(protected or hardened-runtime binaries, e.g. /bin/sh, cannot be traced)",
                        "trace a go binary outside the SIP-protected system paths (e.g. from go.dev or Homebrew, not "
                                + "via /usr/bin or /bin/sh), or allow DTrace from Recovery mode with "
                                + "'csrutil enable --without dtrace'; or set gotrail.tracer=none",
                        line));
            }
            if (line.startsWith("sudo:") && line.contains("command not found")) {
                return Optional.of(notInstalled(dtruss));
            }
        }
        return Optional.empty();
    }

    /** The problem for a missing dtruss (it ships with macOS at /usr/bin/dtruss). */
    public static TracerProblem notInstalled(String dtruss) {
        return new TracerProblem(TracerProblem.Cause.NOT_INSTALLED, "dtruss",
                dtruss + " does not exist; dtruss ships with macOS (and DTrace-enabled systems only)",
                "on macOS use /usr/bin/dtruss; elsewhere use gotrail.tracer=strace (Linux) or none", "");
    }

    @Override
    public String toString() {
        return (sudo ? "sudo -n " : "") + dtruss + " " + String.join(" ", FLAGS);
    }
}
