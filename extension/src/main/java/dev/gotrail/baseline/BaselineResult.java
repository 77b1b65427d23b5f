package dev.gotrail.baseline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Baseline#check}.
 *
 * @param status    what happened
 * @param file      the baseline file
 * @param changes   the drift found (empty when none, or when the file was missing)
 * @param candidate where the candidate was written for review (failed checks only)
 * @param message   the report: what happened, the diff one change a line, what to do next
 */
public record BaselineResult(Status status, Path file, List<BaselineChange> changes, Optional<Path> candidate, String message) {

    /** What a check did. */
    public enum Status {
        /** The facts match the baseline. */
        MATCHED(true),
        /** There was no baseline; it was created (outside CI). */
        CREATED(true),
        /** The facts drifted and the baseline was rewritten ({@code gotrail.baseline=update}, outside CI). */
        UPDATED(true),
        /** The facts drifted from the baseline; the candidate was written for review. */
        DRIFTED(false),
        /** There is no baseline and CI is set: nothing was created but the candidate. */
        MISSING(false),
        /** {@code gotrail.baseline=update} while CI is set: refused; the file was left as it is. */
        UPDATE_REFUSED(false);

        private final boolean passed;

        Status(boolean passed) {
            this.passed = passed;
        }

        /** True for the statuses that pass a test. */
        public boolean passed() {
            return passed;
        }
    }

    public BaselineResult {
        changes = List.copyOf(changes);
    }

    /** True when the check passes (matched, created or updated). */
    public boolean passed() {
        return status.passed();
    }

    @Override
    public String toString() {
        return message;
    }
}
