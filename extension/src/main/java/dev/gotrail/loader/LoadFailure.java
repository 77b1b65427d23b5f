package dev.gotrail.loader;

/**
 * glibc's {@code _dl_signal_error} while mapping one object: a candidate that stops the loader, or
 * (for preloads, which are never faked in trace mode) a name that cannot be found. Caught per
 * preload like {@code do_preload}'s {@code _dl_catch_error}; otherwise it ends the resolution.
 */
final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The candidate path or requested name the error names. */
    final String object;
    /** The error string alone, as a preload warning quotes it (e.g. {@code file too short}). */
    final String reason;
    /** The full message as printed for a needed library (with the errno text, if any). */
    final String fullMessage;

    LoadFailure(String object, String reason, String fullMessage) {
        super(object + ": " + fullMessage, null, false, false);
        this.object = object;
        this.reason = reason;
        this.fullMessage = fullMessage;
    }

    static LoadFailure rejected(String path, CandidateCheck check) {
        return new LoadFailure(path, check.message(), check.messageWithErrno());
    }
}
