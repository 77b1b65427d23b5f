package dev.gotrail.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code gotrail} command line: {@code doctor}, {@code trace}, {@code parse}, {@code ldd}, {@code buildinfo}.
 * Exit codes: 0 healthy, 1 problems found, 2 usage error or missing prerequisite.
 */
public final class Main {

    private static final List<CliCommand> COMMANDS = List.of(
            new DoctorCommand(), new TraceCommand(), new ParseCommand(), new LddCommand(), new BuildinfoCommand());

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(Arrays.asList(args), out, err));
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            printHelp(args.isEmpty() ? err : out);
            return args.isEmpty() ? CliCommand.USAGE : CliCommand.OK;
        }
        String name = args.get(0);
        for (CliCommand command : COMMANDS) {
            if (command.name().equals(name)) {
                List<String> rest = args.subList(1, args.size());
                if (rest.contains("--help") && !rest.contains("--")) {
                    out.println(command.usage());
                    return CliCommand.OK;
                }
                try {
                    return command.run(rest, out, err);
                } catch (UsageException e) {
                    err.println("gotrail " + name + ": " + e.getMessage());
                    err.println(command.usage());
                    return CliCommand.USAGE;
                } catch (Exception e) {
                    err.println("gotrail " + name + ": internal error: " + e);
                    e.printStackTrace(err);
                    return CliCommand.USAGE;
                }
            }
        }
        err.println("gotrail: unknown command '" + name + "'");
        printHelp(err);
        return CliCommand.USAGE;
    }

    private static void printHelp(PrintStream to) {
        to.println("usage: gotrail <command> [options]");
        to.println();
        for (CliCommand c : COMMANDS) {
            to.printf("  %-8s %s%n", c.name(), c.summary());
        }
        to.println();
        to.println("Every command prints a human report; --json prints JSON. Exit codes: 0 healthy, 1 problems found, 2 usage error or missing prerequisite.");
    }
}
