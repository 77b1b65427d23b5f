package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself (picocli): help, version, usage errors with suggestions, shell completion. */
class MainTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"doctor", "trace", "parse", "ldd"})
    void everyCommandHasItsOwnHelpOnStdoutWithExitZero(String command) {
        CliRun run = CliRun.gotrail(command, "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: gotrail " + command + " ")
                .contains("-h, --help", "--json", "Exit codes:", "  0   ", "  2   ");
    }

    @Test
    void helpNamesTheOptionsOfEachCommand() {
        assertThat(CliRun.gotrail("doctor", "--help").out()).contains("--go=PATH", "--all");
        assertThat(CliRun.gotrail("trace", "--help").out()).contains("-o, --output=LOG", "--no-redact", "COMMAND");
        assertThat(CliRun.gotrail("parse", "--help").out()).contains("--format=FORMAT", "FILE...");
        assertThat(CliRun.gotrail("ldd", "--help").out()).contains("--root=DIR", "-e=NAME=VALUE", "BINARY...");
        // picocli's help command says the same as --help
        assertThat(CliRun.gotrail("help", "ldd").out()).isEqualTo(CliRun.gotrail("ldd", "--help").out());
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun run = CliRun.gotrail("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: gotrail ").contains("Commands:")
                .containsPattern("\n  doctor +Diagnose")
                .containsPattern("\n  trace +Run a command under the tracer")
                .containsPattern("\n  parse +Parse existing")
                .containsPattern("\n  ldd +Resolve shared libraries")
                .containsPattern("\n  generate-completion +");
    }

    /**
     * picocli starts a new line at each element of a description and wraps each element at its
     * width: an element that is a fragment of a sentence leaves a ragged line. So every element of
     * a multi-element description is a whole paragraph, ending in "."; and the first line of a
     * command's description, its summary in {@code gotrail --help}, is a whole sentence.
     */
    @Test
    void everyDescriptionElementIsAWholeParagraph() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine line = Main.commandLine(sink, sink, List.of());
        for (CommandLine sub : line.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            String name = spec.name();
            if (!(sub.getCommand() instanceof CliCommand)) {
                continue; // picocli's help and generate-completion
            }
            assertThat(spec.usageMessage().description()).as(name).allSatisfy(p -> assertThat(p.strip()).as(name).endsWith("."));
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                if (a.description().length > 1) {
                    assertThat(a.description()).as(name + " " + a.paramLabel())
                            .allSatisfy(p -> assertThat(p.strip()).as(name + " " + a.paramLabel()).endsWith("."));
                }
            }
        }
        CliRun help = CliRun.gotrail("--help");
        String commands = help.out().substring(help.out().indexOf("Commands:") + "Commands:".length(), help.out().indexOf("Every command"));
        assertThat(commands.lines()).as("gotrail --help").noneSatisfy(l -> assertThat(l.strip()).endsWith(":"))
                .anySatisfy(l -> assertThat(l).contains("image", "What a Go toolchain image holds"));
        for (String command : List.of("ldd", "image", "baseline")) {
            assertThat(CliRun.gotrail(command, "--help").out().lines()).as(command).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        }
    }

    @Test
    void noCommandIsAUsageErrorWithTheHelp() {
        CliRun run = CliRun.gotrail();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("gotrail: Missing required subcommand").contains("Usage: gotrail ");
    }

    @Test
    void versionIsTheBuildsVersion() {
        CliRun run = CliRun.gotrail("--version");

        assertThat(run.exit()).isZero();
        // Written by the build from the Maven project version (version.properties, resource filtering)
        assertThat(run.out()).startsWith("gotrail " + System.getProperty("gotrail.cli.version", expectedVersion()) + "\n")
                .doesNotContain("${").contains("Java " + System.getProperty("java.version"));
    }

    /** The project version from the module's pom (tests run from the cli/ directory). */
    private static String expectedVersion() {
        try {
            String pom = Files.readString(Path.of("pom.xml"));
            int parent = pom.indexOf("<parent>");
            int start = pom.indexOf("<version>", parent) + "<version>".length();
            return pom.substring(start, pom.indexOf("</version>", start));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnknownOptionExitsTwoWithASuggestionAndTheUsage() {
        CliRun run = CliRun.gotrail("ldd", "--jsn", "/bin/true");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("gotrail ldd: Unknown option: '--jsn'")
                .contains("Possible solutions: --json")
                .contains("Usage: gotrail ldd ");
    }

    @Test
    void aTransposedOptionOfASubcommandGetsASuggestion() {
        CliRun run = CliRun.gotrail("doctor", "--dri", "x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("gotrail doctor: Unknown option").contains("'--dri'")
                .contains("Possible solutions: --dir").contains("Usage: gotrail doctor ");
        assertThat(CliRun.gotrail("ldd", "--imgae=a.tar", "x").err()).contains("Possible solutions: --image");
        // nothing close: no suggestion line at all
        assertThat(CliRun.gotrail("doctor", "--frobnicate").err()).doesNotContain("Possible solutions");
        assertThat(Main.editDistance("--dri", "--dir")).isEqualTo(1);
        CliRun noDir = CliRun.gotrail(java.util.List.of("doctor", "--dir", "/no/such/dir"));
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("--dir /no/such/dir: no such directory");
        CliRun aFile = CliRun.gotrail(java.util.List.of("doctor", "--dir", "/etc/passwd"));
        assertThat(aFile.err()).contains("--dir /etc/passwd: is not a directory");
        assertThat(Main.editDistance("--jsn", "--json")).isEqualTo(1);
        assertThat(Main.editDistance("--all", "--dir")).isEqualTo(3);
    }

    @Test
    void anUnknownCommandExitsTwoWithASuggestion() {
        CliRun run = CliRun.gotrail("doctr");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'doctr'").contains("Did you mean: gotrail doctor");
    }

    @Test
    void aMissingOptionValueAndABadValueAreUsageErrors() {
        CliRun noValue = CliRun.gotrail("doctor", "--go");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).contains("Missing required parameter for option '--go' (PATH)").contains("Usage: gotrail doctor");

        CliRun badFormat = CliRun.gotrail("parse", "--format", "ktrace", "x.log");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("unknown trace format 'ktrace'; use strace, dtruss or auto");
    }

    @Test
    void anArgumentStartingWithAtIsAFileNameNotAnArgumentFile() throws Exception {
        Path log = tmp.resolve("@trace.log");
        Files.writeString(log, "1234 exit_group(0) = ?\n1234 +++ exited with 0 +++\n");

        CliRun run = CliRun.gotrail("parse", log.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("@trace.log (strace): 2 lines");
    }

    /**
     * Every command checks every gotrail.* value before it starts: the doctor used to run with a bad
     * gotrail.tracer (two FAILED checks, the reason only in --json, exit 1) and to ignore a bad
     * gotrail.timeout. The fix names -D and GOTRAIL_JAVA_OPTS, not JUnit's configuration file.
     */
    @Test
    void anInvalidConfigurationValueIsExitTwoWithoutAStackTrace() {
        for (List<String> run : List.of(List.of("-Dgotrail.tracer=ptrace", "trace", "--", "/bin/true"),
                List.of("-Dgotrail.tracer=strce", "doctor"), List.of("-Dgotrail.timeout=10s", "doctor"))) {
            CommandResult r = java(run.toArray(String[]::new));

            assertThat(r.exitCode()).as(run + "\n" + r.stdout() + r.stderr()).isEqualTo(2);
            String key = run.get(0).substring(2, run.get(0).indexOf('='));
            assertThat(r.stderr()).as(run.toString()).startsWith("gotrail: " + key + " is '")
                    .contains("GOTRAIL_JAVA_OPTS").doesNotContain("junit-platform.properties").doesNotContain("\tat ");
            assertThat(r.stdout()).as(run.toString()).isEmpty();
        }
    }

    @Test
    void bashCompletionIsGeneratedForEveryCommandAndOption() throws Exception {
        CliRun run = CliRun.gotrail("generate-completion");

        assertThat(run.exit()).isZero();
        String script = run.out();
        assertThat(script).contains("complete -F _complete_gotrail", "doctor", "trace", "parse", "ldd",
                "--no-redact", "--root", "--all", "(\"strace\" \"dtruss\" \"auto\")");
        // The script is valid bash: source it and ask it to complete "gotrail ld".
        Path file = tmp.resolve("gotrail_completion");
        Files.writeString(file, script);
        CommandResult r = CommandRunner.run(CommandSpec.of("bash", "-c",
                "source " + file + " && COMP_WORDS=(gotrail ld) && COMP_CWORD=1 && COMP_LINE='gotrail ld' && COMP_POINT=10"
                        + " && _complete_gotrail && echo \"${COMPREPLY[@]}\"").withTimeout(Duration.ofSeconds(30)));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("ldd");
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatCommandsModel() {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

        assertThat(Main.commandLine(sink, sink, List.of(), "ldd").getSubcommands()).containsOnlyKeys("ldd");
        assertThat(Main.commandLine(sink, sink, List.of(), "").getSubcommands()).as("a lone --version").isEmpty();
        assertThat(Main.commandLine(sink, sink, List.of(), "--help").getSubcommands())
                .containsKeys("doctor", "trace", "parse", "ldd", "buildinfo", "baseline", "image", "help", "generate-completion");
        assertThat(Main.commandLine(sink, sink, List.of(), "lld").getSubcommands()).as("a typo: every name for the suggestions")
                .containsKeys("ldd", "help");
        // what the user sees is the same either way
        assertThat(CliRun.gotrail("ldd", "--help").out()).isEqualTo(CliRun.gotrail("help", "ldd").out());
        assertThat(CliRun.gotrail("--version").out()).startsWith("gotrail ");
        CliRun typo = CliRun.gotrail("lld", "/usr/bin/ls");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean", "ldd");
        CliRun trace = CliRun.gotrail("trace", "--help");
        assertThat(trace.exit()).isZero();
        assertThat(trace.out()).contains("COMMAND");
    }

    /** The CLI in a child JVM (for system properties the test JVM must not share). */
    static CommandResult java(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        int split = 0;
        while (split < args.length && args[split].startsWith("-D")) {
            cmd.add(args[split++]);
        }
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args).subList(split, args.length));
        return CommandRunner.run(CommandSpec.of(cmd).withTimeout(Duration.ofMinutes(2)));
    }
}
