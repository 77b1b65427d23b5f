package dev.gotrail.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the {@code gotrail} command line, with its exit code and captured output. */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code gotrail ARGS...} through {@link Main#run}, never calling System.exit. */
    public static CliRun gotrail(String... args) {
        return gotrail(List.of(args));
    }

    public static CliRun gotrail(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
