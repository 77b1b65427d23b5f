package dev.gotrail.trace;

import java.util.List;
import java.util.OptionalLong;

/**
 * One process (or thread) of the trace tree.
 *
 * @param parent   the pid whose clone/fork/vfork returned this pid, or 0 when unknown (the root)
 * @param execs    the successful and failed execs made by this pid, in order
 * @param exitCode {@code +++ exited with N +++} (or exit_group's argument), empty when not seen
 * @param killedBy the signal of {@code +++ killed by SIG... +++}, or null
 * @param children pids this one created
 */
public record ProcessInfo(int pid, int parent, List<ExecCall> execs, OptionalLong exitCode, String killedBy,
                          List<Integer> children) {

    public ProcessInfo {
        execs = List.copyOf(execs);
        children = List.copyOf(children);
    }

    /**
     * How the process ended, in the words of the process tree of docs/cli.md: {@code exited N}, {@code killed by SIGNAME},
     * or null when the log does not show its end.
     */
    public String exit() {
        if (killedBy != null) {
            return "killed by " + killedBy;
        }
        return exitCode.isPresent() ? "exited " + exitCode.getAsLong() : null;
    }

    /** The program this pid last exec'd successfully, or null. */
    public String program() {
        for (int i = execs.size() - 1; i >= 0; i--) {
            if (execs.get(i).succeeded()) {
                return execs.get(i).path();
            }
        }
        return null;
    }
}
