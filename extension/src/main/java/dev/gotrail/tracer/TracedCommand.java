package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandResult;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.TraceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one command under a tracer and parses what it wrote: the untraced {@link CommandResult}
 * (the command line as the user gave it, not the tracer's) and the {@link GoTrace}. A command
 * killed by its timeout still yields the trace collected until the kill.
 */
public final class TracedCommand {

    /**
     * The outcome of a traced run.
     *
     * @param result the command's result; {@link CommandResult#command()} is the untraced command line
     * @param trace  the parsed trace (partial when {@code result.timedOut()})
     */
    public record Outcome(CommandResult result, GoTrace trace) {

        /** True when the timeout killed the command (and its tracer). */
        public boolean timedOut() {
            return result.timedOut();
        }
    }

    private TracedCommand() {
    }

    /** Like {@link #run(Tracer, CommandSpec, Path, Consumer)} without a start listener. */
    public static Outcome run(Tracer tracer, CommandSpec command, Path log) {
        return run(tracer, command, log, started -> { });
    }

    /**
     * Runs {@code command} under {@code tracer}, the trace going to {@code log}.
     *
     * @throws TracerUnavailableException when the tracer could not trace (ptrace forbidden,
     *         privileges missing, tracer not installed), with cause and fix
     */
    public static Outcome run(Tracer tracer, CommandSpec command, Path log, Consumer<ProcessHandle> onStart) {
        CommandResult traced = CommandRunner.run(tracer.wrap(command, log), onStart);
        Optional<TracerProblem> problem = tracer.recognise(traced.stderr());
        if (problem.isEmpty() && !traced.started()) {
            problem = Optional.of(new TracerProblem(TracerProblem.Cause.NOT_INSTALLED, tracer.name(),
                    tracer.name() + " could not be started: " + traced.startError(),
                    "install " + tracer.name() + " or point gotrail." + tracer.name() + " at it; or set gotrail.tracer=none", ""));
        }
        if (problem.isPresent()) {
            throw new TracerUnavailableException(problem.get());
        }
        if (!Files.exists(log)) {
            throw new TracerUnavailableException(new TracerProblem(TracerProblem.Cause.UNSUPPORTED_PLATFORM, tracer.name(),
                    tracer.name() + " wrote no trace to " + log + ": " + traced.describe(),
                    "run the command by hand under " + tracer.name() + " to see why: " + String.join(" ", tracer.wrap(command, log).command()),
                    firstLine(traced.stderr())));
        }
        CommandResult result = new CommandResult(command.command(), traced.dir(), traced.environment(), traced.exitCode(),
                traced.stdout(), traced.stderr(), traced.timedOut(), traced.elapsed(), traced.startError(), traced.timeout());
        GoTrace trace = GoTrace.from(command.command(), result.exitCode(), result.stdout(), result.stderr(),
                TraceFormat.of(tracer.format()), log);
        return new Outcome(result, trace);
    }

    /**
     * Runs {@code launcher} — a sandbox that runs {@code inside} (docs/go-image.md) — under
     * {@code tracer} (the tracer outside, following into the sandbox). What is reported is the
     * command as run inside: the result's command line, working directory and environment are
     * {@code inside}'s ({@code insideEnvironment}: what it sees in the sandbox), and the trace is
     * {@link GoTrace#launched narrowed} to the process that exec'd {@code inside}'s program, so the
     * launcher's own setup calls are not taken as the command's.
     *
     * @param inside            the command as it runs inside (its dir a directory the sandbox binds at the same path, or null)
     * @param insideDir         the working directory inside, as the result reports it
     * @param insideEnvironment the environment the command sees inside
     * @param launcher          the sandbox's command line that runs {@code inside}
     * @throws TracerUnavailableException as {@link #run(Tracer, CommandSpec, Path, Consumer)}
     */
    public static Outcome runLaunched(Tracer tracer, CommandSpec inside, Path insideDir, java.util.Map<String, String> insideEnvironment,
            CommandSpec launcher, Path log) {
        Outcome outer = run(tracer, launcher, log, started -> { });
        CommandResult r = outer.result();
        CommandResult result = new CommandResult(inside.command(), insideDir, insideEnvironment, r.exitCode(), r.stdout(),
                r.stderr(), r.timedOut(), r.elapsed(), r.startError(), r.timeout());
        return new Outcome(result, outer.trace().launched(inside.command().get(0), inside.command()));
    }

    private static String firstLine(String s) {
        return s.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    }
}
