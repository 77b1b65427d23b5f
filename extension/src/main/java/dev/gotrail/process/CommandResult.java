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
        String startError) {

    public CommandResult {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
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
            return what + " was killed after its timeout of " + elapsed.toSeconds() + "s";
        }
        String firstErr = stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return what + " exited with " + exitCode + (firstErr.isEmpty() ? "" : ": " + firstErr);
    }
}
