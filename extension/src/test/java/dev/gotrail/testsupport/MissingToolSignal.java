package dev.gotrail.testsupport;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Marks the exceptions that end a test because a tool is missing: {@link MissingToolAbort} (the
 * test is skipped) and, with {@code -Dgotrail.strict=true}, {@link MissingToolFailure} (it fails).
 * {@link MissingToolsListener} finds them in a test's result, also as the cause of another
 * exception, and counts them in the end-of-run summary.
 */
public interface MissingToolSignal {

    /** The tools the test needed and did not find; never empty. */
    List<MissingTool> missingTools();

    /**
     * Ends the current test for {@code missing}: throws {@link MissingToolFailure} when
     * {@code strict}, else {@link MissingToolAbort}. Never returns.
     *
     * @throws IllegalArgumentException if {@code missing} is empty
     */
    static RuntimeException raise(List<MissingTool> missing, boolean strict) {
        if (missing.isEmpty()) {
            throw new IllegalArgumentException("no missing tool to report");
        }
        if (strict) {
            throw new MissingToolFailure(message(missing, true), missing);
        }
        throw new MissingToolAbort(message(missing, false), missing);
    }

    /** One line per tool; strict messages start with {@code gotrail.strict=true: }, as CI logs are searched for it. */
    static String message(List<MissingTool> missing, boolean strict) {
        String text = missing.stream().map(MissingTool::message).collect(Collectors.joining("\n"));
        return strict ? "gotrail.strict=true: " + text : text;
    }
}
