package dev.gotrail.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one command: exit code (or -1 when it could not start or was killed), captured
 * stdout and stderr (bounded, see {@link CommandRunner#MAX_CAPTURE_BYTES}), whether the timeout
 * killed it and how long it took.
 *
 * @param startError why the command could not be started, or null
 * @param timeout    the timeout in force for the command (its {@link CommandSpec#timeout()}), or
 *                   null when unknown; what every message about a kill quotes
 */
public record CommandResult(
        List<String> command,
        Path dir,
        Map<String, String> environment,
        int exitCode,
        String stdout,
        String stderr,
        boolean timedOut,
        Duration elapsed,
        String startError,
        Duration timeout) {

    public CommandResult {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A result whose timeout is not known. */
    public CommandResult(List<String> command, Path dir, Map<String, String> environment, int exitCode, String stdout,
            String stderr, boolean timedOut, Duration elapsed, String startError) {
        this(command, dir, environment, exitCode, stdout, stderr, timedOut, elapsed, startError, null);
    }

    /**
     * How a kill by the timeout is told everywhere (messages, commands.txt, the digest, the HTML
     * page): {@code killed after its timeout of PT4S}, the timeout in force, as configured.
     */
    public String killedAfterTimeout() {
        return "killed after its timeout of " + (timeout == null ? "(unknown)" : timeout);
    }

    public boolean started() {
        return startError == null;
    }

    public boolean succeeded() {
        return started() && !timedOut && exitCode == 0;
    }

    /** One line for messages: the command, its exit and the first stderr line. */
    public String describe() {
        String what = String.join(" ", command);
        if (!started()) {
            return what + " could not be started: " + startError;
        }
        if (timedOut) {
            return what + " was " + killedAfterTimeout();
        }
        String firstErr = stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return what + " exited with " + exitCode + (firstErr.isEmpty() ? "" : ": " + firstErr);
    }
}
