package dev.gotrail.trace;

/**
 * How many processes and threads a trace shows, counted apart: strace prints every task id in its
 * pid column, but a task created by {@code clone}/{@code clone3} with {@code CLONE_THREAD} (clone(2))
 * is a thread of its creator's process, not a process. Every other task seen — the first one, those
 * created by {@code fork}/{@code vfork} or a clone without {@code CLONE_THREAD}, those attached — is
 * a process (a thread group). One go command is typically 1 process and a handful of runtime threads.
 *
 * @param processes thread groups (tasks not created with {@code CLONE_THREAD}), at least 0
 * @param threads   tasks created with {@code CLONE_THREAD}, at least 0
 */
public record ProcessCounts(int processes, int threads) {

    public ProcessCounts {
        if (processes < 0 || threads < 0) {
            throw new IllegalArgumentException("negative count: " + processes + " processes, " + threads + " threads");
        }
    }

    /** {@code 1 process, 5 threads}; {@code 2 processes, 1 thread}; {@code 0 processes, 0 threads}. */
    @Override
    public String toString() {
        return counted(processes, "process", "processes") + ", " + counted(threads, "thread", "threads");
    }

    static String counted(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
