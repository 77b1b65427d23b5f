package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * One {@code gotrail} sub-command: a picocli {@code @Command} whose {@code @Option} and
 * {@code @Parameters} fields picocli fills before {@link #call()} runs. {@link Main} hands every
 * command the streams it prints to; {@code call()} returns the exit code (docs/cli.md).
 */
abstract class CliCommand implements Callable<Integer> {

    /** Exit code: healthy / nothing wrong. */
    static final int OK = 0;
    /** Exit code: problems found. */
    static final int PROBLEMS = 1;
    /** Exit code: usage error, missing prerequisite or an input that cannot be read. */
    static final int USAGE = 2;

    /** The footer every command's help ends with. */
    static final String EXIT_CODES_HEADING = "%nExit codes:%n";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Where the report goes. */
    PrintStream out = System.out;
    /** Where errors and the traced command's stderr go. */
    PrintStream err = System.err;

    /** Sets the streams this command prints to; called by {@link Main} before it runs. */
    final CliCommand streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    /**
     * An I/O error's message naming {@code file} once: {@code NoSuchFileException} and gotrail's
     * format errors already start with the path ({@code /x/app.tar: no such image file or
     * directory}); other messages get it in front.
     */
    static String naming(Object file, java.io.IOException e) {
        String message = String.valueOf(e.getMessage());
        String name = String.valueOf(file);
        String abs = java.nio.file.Path.of(name).toAbsolutePath().normalize().toString();
        return message.contains(name) || message.contains(abs) ? message : name + ": " + message;
    }

    /** Runs the command with the options picocli parsed; returns the exit code. */
    @Override
    public abstract Integer call() throws Exception;
}
