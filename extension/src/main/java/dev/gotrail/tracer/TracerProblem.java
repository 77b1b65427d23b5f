package dev.gotrail.tracer;

import java.util.Objects;

/**
 * Why a tracer cannot trace here, with the cause in words, the concrete fix and the tracer output
 * line that proves it (empty when the problem was found without running the tracer).
 *
 * @param cause    the kind of problem
 * @param tracer   the tracer's name, e.g. {@code strace}
 * @param message  what is wrong, in one or two sentences
 * @param fix      what to do about it
 * @param evidence the tracer's own message that shows the problem, or ""
 */
public record TracerProblem(Cause cause, String tracer, String message, String fix, String evidence) {

    /** The kinds of problem gotrail recognises. */
    public enum Cause {
        /** The tracer binary is not installed (or {@code gotrail.strace} names no executable). */
        NOT_INSTALLED,
        /** The kernel refused ptrace: a container without CAP_SYS_PTRACE, seccomp, or Yama's ptrace_scope. */
        PTRACE_FORBIDDEN,
        /** DTrace needs root: dtruss was run without (passwordless) sudo. */
        NEEDS_PRIVILEGES,
        /** macOS System Integrity Protection refused to let DTrace trace the program. */
        SIP_RESTRICTED,
        /** No tracer exists for this operating system, or the one configured does not run here. */
        UNSUPPORTED_PLATFORM,
        /** Tracing was switched off with {@code gotrail.tracer=none}. */
        DISABLED
    }

    public TracerProblem {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        evidence = evidence == null ? "" : evidence;
    }

    /** The explanation for a test failure or the CLI: cause, the tracer's own words, the fix. */
    public String explain() {
        StringBuilder sb = new StringBuilder(message);
        if (!evidence.isEmpty()) {
            sb.append("\n  ").append(tracer).append(" said: ").append(evidence);
        }
        sb.append("\n  fix: ").append(fix);
        return sb.toString();
    }
}
