package dev.gotrail.cli;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import dev.gotrail.evidence.Redactor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code gotrail} command line: {@code doctor}, {@code trace}, {@code parse}, {@code ldd}, {@code buildinfo}, parsed
 * by picocli. Exit codes (docs/cli.md): 0 healthy, 1 problems found, 2 usage error, missing
 * prerequisite or an input that cannot be read.
 */
@Command(name = "gotrail", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Prove what a Go toolchain really did: diagnose it, trace it, parse traces, resolve shared libraries.",
        commandListHeading = "%nCommands:%n",
        footer = {"",
                "Every command prints a human report, or JSON with --json.",
                "'gotrail COMMAND --help' describes a command.",
                "Configuration: GOTRAIL_JAVA_OPTS=\"-Dgotrail.NAME=VALUE\" ./gotrail ...",
                "           or: java -Dgotrail.NAME=VALUE -jar gotrail-cli-VERSION.jar ...",
                "",
                "Exit codes: 0 healthy, 1 problems found,",
                "            2 usage error, missing prerequisite or unreadable input."})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(Arrays.asList(args), out, err));
    }

    /**
     * Runs one command line and returns its exit code; never calls {@code System.exit}. Everything
     * it prints passes through the redaction of {@link CliRedaction}.
     *
     * @param args the arguments after {@code gotrail}
     * @param out  where reports, help and {@code --version} go
     * @param err  where usage errors and diagnostics go
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, List.of());
    }

    /** Like {@link #run(List, PrintStream, PrintStream)} with some commands replaced by same-named ones (tests). */
    static int run(List<String> args, PrintStream out, PrintStream err, List<CliCommand> replacements) {
        Redactor redactor;
        try {
            // Every gotrail.* value is checked before any command starts: a bad one is exit 2 naming it,
            // never a check that fails half-way through with the reason only in the JSON.
            GotrailConfig.fromSystemProperties().validate();
            redactor = CliRedaction.redactor();
        } catch (InvalidConfigurationException e) {
            err.println("gotrail: " + e.getMessage());
            return CliCommand.USAGE;
        }
        PrintStream redactedOut = CliRedaction.wrap(out, redactor);
        PrintStream redactedErr = CliRedaction.wrap(err, redactor);
        // "gotrail --version" alone needs no command; "gotrail COMMAND ..." only that one (see commandLine)
        String invoked = args.equals(List.of("--version")) || args.equals(List.of("-V")) ? "" : args.isEmpty() ? null : args.get(0);
        CommandLine line = commandLine(redactedOut, redactedErr, replacements, invoked);
        try {
            return line.execute(args.toArray(String[]::new));
        } finally {
            line.getOut().flush();
            line.getErr().flush();
            CliRedaction.finish(redactedOut);
            CliRedaction.finish(redactedErr);
        }
    }

    /** The commands, in the order {@code gotrail --help} lists them. */
    private static List<CliCommand> commands(List<CliCommand> replacements) {
        List<CliCommand> commands = new ArrayList<>(List.of(
                new DoctorCommand(), new TraceCommand(), new ParseCommand(), new LddCommand(), new BuildinfoCommand(),
                new BaselineCommand(), new ImageCommand()));
        for (CliCommand replacement : replacements) {
            commands.replaceAll(c -> name(c).equals(name(replacement)) ? replacement : c);
        }
        return commands;
    }

    private static String name(CliCommand command) {
        return command.getClass().getAnnotation(Command.class).name();
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, List<CliCommand> replacements) {
        return commandLine(out, err, replacements, null);
    }

    /**
     * The command line; when {@code invoked} (the first argument) names a command exactly, only
     * that command is added: picocli builds every added command's model by reflection, a large
     * part of start-up (docs/internals/performance.md, "CLI start-up"); "" (a lone
     * {@code --version}) adds none. Help, completion and anything else (a typo needs every name for
     * its suggestions) get them all.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, List<CliCommand> replacements, String invoked) {
        CommandLine line = new CommandLine(new Main());
        List<CliCommand> all = commands(replacements);
        List<CliCommand> one = all.stream().filter(c -> name(c).equals(invoked)).toList();
        boolean everything = one.isEmpty() && !"".equals(invoked);
        for (CliCommand command : everything ? all : one) {
            line.addSubcommand(command.streams(out, err));
        }
        if (everything) {
            line.addSubcommand(new CommandLine.HelpCommand());
            line.addSubcommand(new AutoComplete.GenerateCompletion());
            // picocli hides generate-completion by default; gotrail documents it (docs/cli.md).
            line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        }
        // Settings below apply to the subcommands added above.
        line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setExpandAtFiles(false); // "@file" is a file name to gotrail, never an argument file
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler(Main::usageError);
        line.setExecutionExceptionHandler(Main::failure);
        line.getSubcommands().values().forEach(sub -> {
            if (sub.getCommand() instanceof TraceCommand) {
                // "gotrail trace go build -o x": everything from the first positional on is the command's.
                sub.setStopAtPositional(true);
            }
        });
        return line;
    }

    /** Usage error (picocli's or a command's): the message, picocli's typo suggestions, the command's usage; exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        // picocli words a map option's bad value "for option option '-e' (NAME=VALUE)"
        err.println(command.getCommandSpec().qualifiedName() + ": " + String.valueOf(e.getMessage()).replace("option option '", "option '"));
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            // picocli suggests only options sharing the typo's first two letters ("--jsn" -> --json), so
            // a transposition such as "--dri" gets nothing from it: suggest options within a small edit distance.
            List<String> close = closeOptions(e);
            if (!close.isEmpty()) {
                err.println("Possible solutions: " + String.join(", ", close));
            }
        }
        err.println();
        command.usage(err);
        return CliCommand.USAGE;
    }

    /**
     * The visible options of the command whose name is within {@link #editDistance} 1 (names of up to
     * 4 characters after the dashes) or 2 of an unknown option's name (its part before "="), nearest first.
     */
    static List<String> closeOptions(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty() || !u.getUnmatched().get(0).startsWith("-")) {
            return List.of();
        }
        String typed = u.getUnmatched().get(0).split("=", 2)[0];
        int allowed = typed.replaceFirst("^-+", "").length() <= 4 ? 1 : 2;
        List<String> names = new ArrayList<>();
        for (CommandLine.Model.OptionSpec option : e.getCommandLine().getCommandSpec().options()) {
            if (!option.hidden()) {
                names.addAll(Arrays.asList(option.names()));
            }
        }
        return names.stream().filter(n -> editDistance(typed, n) <= allowed)
                .sorted(java.util.Comparator.comparingInt(n -> editDistance(typed, n))).toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and transpositions of neighbours, each 1. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** An exception out of a command's {@code call()}: usage and configuration errors are exit 2 without a stack trace. */
    private static int failure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof UsageException) {
            err.println(name + ": " + e.getMessage());
            err.println();
            command.usage(err);
        } else if (e instanceof InvalidConfigurationException) {
            err.println(name + ": " + e.getMessage());
        } else {
            err.println(name + ": internal error: " + e);
            e.printStackTrace(err);
        }
        return CliCommand.USAGE;
    }

    /** The version of this build: the runnable jar's manifest, else the Maven project version the build wrote. */
    static String version() {
        String fromManifest = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through: a build without the resource still answers --version
        }
        return "unknown";
    }

    /** {@code gotrail --version}: the version, then the JVM and OS it runs on (for bug reports). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                    "gotrail " + version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
