package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A syscall tracer: turns a command into the same command run under the tracer, writing its log
 * to a file, and recognises the tracer's own complaints (no permission to trace) in its stderr.
 * Implementations are immutable and thread-safe.
 */
public interface Tracer {

    /** The tracer's name as used in {@code gotrail.tracer}: {@code strace} or {@code dtruss}. */
    String name();

    /** The format of the log it writes, as the parsers name it: {@code strace} or {@code dtruss}. */
    String format();

    /**
     * The command that runs {@code command} under this tracer and writes the trace to {@code log}.
     * Working directory, environment changes and timeout are kept; the environment changes reach
     * the traced program.
     */
    CommandSpec wrap(CommandSpec command, Path log);

    /**
     * Looks for the tracer's own failure messages in a traced run's stderr (or log): ptrace
     * forbidden, missing privileges. Empty when the tracer worked.
     */
    Optional<TracerProblem> recognise(String tracerOutput);
}
