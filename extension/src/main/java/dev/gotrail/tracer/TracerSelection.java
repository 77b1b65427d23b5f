package dev.gotrail.tracer;

import java.util.Optional;

/**
 * The outcome of {@link TracerDetector#select}: a tracer that works here, or the problem that
 * stops tracing (with cause and fix). Exactly one of the two is present.
 */
public final class TracerSelection {

    private final Tracer tracer;
    private final TracerProblem problem;

    private TracerSelection(Tracer tracer, TracerProblem problem) {
        this.tracer = tracer;
        this.problem = problem;
    }

    public static TracerSelection available(Tracer tracer) {
        return new TracerSelection(java.util.Objects.requireNonNull(tracer), null);
    }

    public static TracerSelection unavailable(TracerProblem problem) {
        return new TracerSelection(null, java.util.Objects.requireNonNull(problem));
    }

    public boolean isAvailable() {
        return tracer != null;
    }

    /** The working tracer, if any. */
    public Optional<Tracer> tracer() {
        return Optional.ofNullable(tracer);
    }

    /** Why there is no tracer, if there is none. */
    public Optional<TracerProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The tracer, or a {@link TracerUnavailableException} that explains cause and fix. */
    public Tracer require() {
        if (tracer == null) {
            throw new TracerUnavailableException(problem);
        }
        return tracer;
    }

    @Override
    public String toString() {
        return tracer != null ? "available: " + tracer : "unavailable: " + problem.message();
    }
}
