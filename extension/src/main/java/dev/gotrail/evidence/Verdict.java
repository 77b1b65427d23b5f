package dev.gotrail.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * How the test ended, as the evidence files tell it.
 *
 * @param failed  true when the test failed
 * @param failure the failure (or the abort reason when not failed), or null
 */
public record Verdict(boolean failed, Throwable failure) {

    public static Verdict passed() {
        return new Verdict(false, null);
    }

    public static Verdict failedWith(Throwable failure) {
        return new Verdict(true, failure);
    }

    /** The test was aborted (an assumption did not hold): not a failure, but its reason is evidence. */
    public static Verdict abortedWith(Throwable reason) {
        return new Verdict(false, reason);
    }

    public String word() {
        return failed ? "FAILED" : failure != null ? "ABORTED" : "PASSED";
    }

    /** The first {@code max} non-blank lines of the failure message (type name when it has none). */
    public List<String> messageLines(int max) {
        return lines(max, String::strip);
    }

    /**
     * The first {@code max} lines of the failure message as written, indentation kept, blank
     * lines left out (type name when it has none); for layouts that read the message's structure.
     */
    public List<String> rawMessageLines(int max) {
        return lines(max, String::stripTrailing);
    }

    private List<String> lines(int max, java.util.function.UnaryOperator<String> shape) {
        List<String> lines = new ArrayList<>();
        if (failure == null) {
            return lines;
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            lines.add(failure.getClass().getName());
            return lines;
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && lines.size() < max) {
                lines.add(shape.apply(line));
            }
        }
        return lines;
    }

    /** The whole failure (or abort) message; empty when passed. */
    public String message() {
        if (failure == null) {
            return "";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : message;
    }
}
