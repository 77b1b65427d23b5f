package dev.gotrail.junit;

import dev.gotrail.trace.GoTrace;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code go} calls made through the shim directory of {@link TraceGoOnPath} while the current
 * test ran, as far as they have finished; injected into tests and lifecycle methods under that
 * annotation. Each method looks again, so calls made since the last look are included. Their
 * stdout and stderr are empty in the trace: they went to the caller.
 */
public final class GoCallsOnPath {

    /**
     * A call whose test could not be decided: several tests of this JVM were running when it
     * started.
     *
     * @param trace      what it did
     * @param candidates the display names of the tests running at its start, this one included
     */
    public record Undecided(GoTrace trace, List<String> candidates) {
        public Undecided {
            Objects.requireNonNull(trace, "trace");
            candidates = List.copyOf(candidates);
        }
    }

    private final Supplier<TraceGoOnPathExtension.Attributed> calls;

    GoCallsOnPath(Supplier<TraceGoOnPathExtension.Attributed> calls) {
        this.calls = calls;
    }

    /** The finished calls attributed to this test alone, in call order. */
    public List<GoTrace> traces() {
        return calls.get().mine();
    }

    /** The finished calls that started while this test and others of this JVM were running, in call order. */
    public List<Undecided> undecided() {
        return calls.get().undecided();
    }
}
