package dev.gotrail.trace;

/** What a {@link TraceEvent} records. */
public enum EventKind {
    /** A system call (possibly assembled from an {@code <unfinished ...>} and a {@code resumed} line). */
    SYSCALL,
    /** A delivered signal: strace {@code --- SIGCHLD {...} ---}. */
    SIGNAL,
    /** A process or thread exited: {@code +++ exited with N +++}; {@link TraceEvent#retval()} holds N. */
    EXITED,
    /** A process was killed by a signal: {@code +++ killed by SIGSEGV (core dumped) +++}; name is the signal. */
    KILLED,
    /** {@code +++ superseded by execve in pid N +++}: thread N's execve replaced the thread group; retval holds N. */
    SUPERSEDED,
    /** A tracer notice such as {@code strace: Process N attached} or a {@code dtrace:} message. */
    NOTICE,
    /** An {@code -k} stack frame line belonging to the previous call. */
    STACK_FRAME,
    /** A line of a {@code strace -c} / dtruss {@code CALL COUNT} summary table (header, separator or row). */
    SUMMARY
}
