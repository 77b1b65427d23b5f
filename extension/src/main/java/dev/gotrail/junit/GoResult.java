package dev.gotrail.junit;

import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an untraced {@link GoCommand#run()}: the command line, working directory, exit
 * code ({@code -1} when it could not start or was killed), captured stdout and stderr, how long it
 * took and whether the timeout killed it (with its whole process tree).
 *
 * @param command  the full command line, the go binary first
 * @param dir      the working directory
 * @param exitCode the exit code, -1 when not started or timed out
 * @param stdout   captured standard output
 * @param stderr   captured standard error
 * @param duration wall time
 * @param timedOut true when the timeout killed the process tree
 * @param startError why the command could not be started, or null
 */
public record GoResult(List<String> command, Path dir, int exitCode, String stdout, String stderr, Duration duration,
        boolean timedOut, String startError) {

    public GoResult {
        command = List.copyOf(command);
        Objects.requireNonNull(dir, "dir");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        Objects.requireNonNull(duration, "duration");
    }

    static GoResult of(CommandResult r) {
        return new GoResult(r.command(), r.dir(), r.exitCode(), r.stdout(), r.stderr(), r.elapsed(), r.timedOut(), r.startError());
    }

    /** True when go started, finished in time and exited 0. */
    public boolean succeeded() {
        return startError == null && !timedOut && exitCode == 0;
    }

    /** One line for messages: the command, how it ended and the first stderr line. */
    public String describe() {
        String what = String.join(" ", command);
        if (startError != null) {
            return what + " could not be started: " + startError;
        }
        if (timedOut) {
            return what + " was killed (with its process tree) after " + duration.toMillis() + " ms";
        }
        String firstErr = stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return what + " exited with " + exitCode + (firstErr.isEmpty() ? "" : ": " + firstErr);
    }

    @Override
    public String toString() {
        return describe();
    }
}
