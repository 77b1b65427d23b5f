package dev.gotrail.trace;

import java.util.List;
import java.util.Optional;

/**
 * One {@code execve}/{@code execveat} (or dtruss {@code execve}/{@code posix_spawn}), also one the log
 * ends in before it returned ({@link #unfinished()}).
 *
 * @param argv the argument vector; empty when the trace abbreviated it
 * @param env  the environment as {@code KEY=VALUE} strings; empty unless traced with {@code -v}
 */
public record ExecCall(int pid, String path, List<String> argv, List<String> env, long result, String errno, long line,
                       String evidence) {

    public ExecCall {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }

    public boolean succeeded() {
        return errno == null && result == 0;
    }

    /** The call never returned in the log (left {@code <unfinished ...>} at its end): {@link #result()} is {@link TraceEvent#UNKNOWN}. */
    public boolean unfinished() {
        return errno == null && result == TraceEvent.UNKNOWN;
    }

    /** The value of {@code name} in the exec'd environment, if the trace shows it. */
    public Optional<String> envValue(String name) {
        String prefix = name + "=";
        for (int i = env.size() - 1; i >= 0; i--) {
            if (env.get(i).startsWith(prefix)) {
                return Optional.of(env.get(i).substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
