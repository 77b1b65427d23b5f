package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one place that decides whether gotrail skips (aborts) or fails a test it cannot run as
 * declared. Two kinds of reason exist:
 * <ul>
 *   <li><b>missing</b> — this machine lacks a prerequisite: no Go toolchain at all, no usable
 *       tracer ({@code gotrail.tracer=none}, strace not installed, ptrace denied). Fails by
 *       default; {@code gotrail.missing=skip} aborts instead.</li>
 *   <li><b>assumption</b> — a declared assumption does not hold ({@code @AssumeSharedLibs}).
 *       Aborts by default.</li>
 *   <li><b>no sandbox</b> — go would run inside a {@code @GoImage} image and no sandbox is usable
 *       ({@link #noSandbox}). Aborts by default.</li>
 * </ul>
 * With {@code gotrail.strict=true} nothing gotrail would skip passes silently: every abort above
 * becomes an {@link AssertionFailedError} whose message keeps the original reason and says that
 * strict mode turned the skip into a failure ({@link #STRICT}). The table in docs/configuration.md
 * is this class in prose.
 */
final class SkipPolicy {

    /** The sentence every strict-mode failure ends with. */
    static final String STRICT = "strict mode (gotrail.strict=true) turned this skip into a failure";

    private SkipPolicy() {
    }

    /**
     * Ends a test for a prerequisite this machine lacks: an abort with {@code gotrail.missing=skip}
     * (a failure under strict mode), else a failure that names the skip option.
     *
     * @param reason what is missing, its cause and its fix
     * @param cause  the underlying exception, or null
     * @return never: it always throws (the return type lets callers write {@code throw SkipPolicy.missing(…)})
     */
    static RuntimeException missing(GotrailConfig config, String reason, Throwable cause) {
        boolean skip = config.missing() == GotrailConfig.Missing.SKIP;
        if (config.strict()) {
            String why = skip ? "\nSkipped because gotrail.missing=skip, but " + STRICT + "."
                    : "\nFailing because gotrail.strict=true (gotrail.missing=skip would not skip it either).";
            throw new AssertionFailedError(reason + why, cause);
        }
        if (skip) {
            throw new TestAbortedException(reason + "\nSkipped because gotrail.missing=skip.", cause);
        }
        throw new AssertionFailedError(reason + "\nTo skip such tests instead of failing them, set gotrail.missing=skip.", cause);
    }

    /**
     * Ends a test that would run go inside a {@code @GoImage} image when no sandbox can run it here
     * (bubblewrap missing or without namespaces, not root, {@code gotrail.sandbox=none}): an abort
     * naming cause and fix — the image's static answers do not need a sandbox, so only the dynamic
     * part of the suite is lost — and a failure under strict mode.
     *
     * @return never: it always throws
     */
    static RuntimeException noSandbox(GotrailConfig config, String reason) {
        if (config.strict()) {
            throw new AssertionFailedError(reason + "\nNo sandbox to run go inside the image; " + STRICT + ".");
        }
        throw new TestAbortedException(reason);
    }

    /**
     * Ends a test whose assumption does not hold: an abort, or a failure under strict mode.
     *
     * @return never: it always throws
     */
    static RuntimeException assumptionNotMet(GotrailConfig config, String reason) {
        if (config.strict()) {
            throw new AssertionFailedError(reason + "\nThe assumption does not hold; " + STRICT + ".");
        }
        throw new TestAbortedException(reason);
    }
}
