package dev.gotrail.tracer;

/**
 * Tracing was requested but cannot happen here; the message names the cause and the fix
 * ({@link TracerProblem#explain()}).
 */
public final class TracerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TracerProblem problem;

    public TracerUnavailableException(TracerProblem problem) {
        super(problem.explain());
        this.problem = problem;
    }

    public TracerProblem problem() {
        return problem;
    }
}
