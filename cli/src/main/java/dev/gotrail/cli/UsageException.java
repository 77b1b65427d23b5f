package dev.gotrail.cli;

/** A command line the CLI cannot act on; exit code 2 with the message and the command's usage. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
