package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.config.GotrailConfig.TracerChoice;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.StraceTasks;
import dev.gotrail.testsupport.ProcessChecks;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.tracer.TracerDetector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail trace} with the real strace and the real go 1.21. */
class TraceCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** {@code gotrail trace ARGS...} through {@link Main} with {@code command} as the trace command. */
    private int run(TraceCommand command, String... args) {
        List<String> all = new ArrayList<>(List.of("trace"));
        all.addAll(List.of(args));
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(command));
    }

    private static TraceCommand withStrace(String strace) {
        TracerDetector linux = new TracerDetector("Linux", TracerDetector::onPath, CommandRunner::run);
        return new TraceCommand(() -> linux.select(TracerChoice.STRACE, strace));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasTheParseKeysAndTheTraceKeys() throws Exception {
        String go = RealTools.go("1.21").toString();
        Path log = tmp.resolve("logs/go.log");

        int exit = run(withStrace(RealTools.strace().toString()), "--json", "-o", log.toString(), "--", go, "env", "GOROOT");

        assertThat(exit).as(err()).isZero();
        String json = out();
        for (String key : List.of("file", "format", "lines", "events", "unparsed", "syscalls", "failed", "processes", "execs",
                "command", "exitCode", "effectiveGoroot", "toolchainSwitch", "opened", "failedAccesses", "sharedObjects")) {
            assertThat(json).contains("\"" + key + "\":");
        }
        assertThat(json).startsWith("{").contains("\"file\": \"" + log + "\"").contains("\"format\": \"strace\"")
                .contains("\"exitCode\": 0").contains("\"toolchainSwitch\": null")
                .contains("\"path\": \"" + RealTools.goroot("1.21").toRealPath() + "\"")
                .contains("\"source\": \"EXE_DERIVED\"")
                .contains("\"stdout\": \"" + RealTools.goroot("1.21") + "\\n\"");
        assertThat(log).isNotEmptyFile();
    }

    @Test
    void theHumanReportShowsTheCommandsOutputAndTheGorootWithItsEvidence() throws Exception {
        String go = RealTools.go("1.21").toString();

        int exit = run(withStrace(RealTools.strace().toString()), "--", go, "env", "GOROOT");

        // Without -o the raw log is a kept temporary file named in the report.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("trace +(/\\S+\\.log) ").matcher(out());
        assertThat(m.find()).as(out()).isTrue();
        assertThat(Path.of(m.group(1))).isNotEmptyFile();
        // processes and threads counted apart, as the raw log shows them: one go is 1 process with its threads
        StraceTasks truth = StraceTasks.of(Path.of(m.group(1)));
        assertThat(truth.processes()).isEqualTo(1);
        assertThat(out()).contains(" events, " + truth.words() + ", ");
        Files.delete(Path.of(m.group(1)));
        assertThat(exit).isZero();
        String goroot = RealTools.goroot("1.21").toRealPath().toString();
        assertThat(out()).startsWith(RealTools.goroot("1.21") + "\n")
                .contains("gotrail trace: " + go + " env GOROOT")
                .containsPattern("GOROOT +" + goroot + " \\(EXE_DERIVED\\)")
                .contains("readlinkat(AT_FDCWD, \"/proc/self/exe\"")
                .containsPattern("switch +none")
                .containsPattern("exit code +0");
    }

    @Test
    void aFailingCommandExitsWithOneAndShowsItsFailedAccesses() throws Exception {
        String missing = tmp.resolve("missing").toString();

        int human = run(withStrace(RealTools.strace().toString()), "-o", tmp.resolve("h.log").toString(), "--", "/bin/cat", missing);
        String report = out();
        out.reset();
        int json = run(withStrace(RealTools.strace().toString()), "--json", "-o", tmp.resolve("j.log").toString(), "--", "/bin/cat", missing);

        assertThat(human).isEqualTo(1);
        assertThat(json).isEqualTo(1);
        assertThat(err()).contains("No such file or directory");
        assertThat(report).containsPattern("exit code +1").containsPattern("failed +\\d+ accesses \\{ENOENT=\\d+\\}")
                .contains("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(out()).contains("\"path\": \"" + missing + "\",\n      \"syscall\": \"openat\",\n      \"errno\": \"ENOENT\"");
    }

    @Test
    void ptraceForbiddenExitsWithTwoAndExplainsCauseAndFix() throws Exception {
        String strace = RealTools.strace().toString();
        Path nested = tmp.resolve("strace-under-strace");
        ProcessChecks.executableScript(nested, "#!/bin/sh\nexec " + strace + " -f -q -o /dev/null " + strace + " \"$@\"\n");

        int exit = run(withStrace(nested.toString()), "-o", tmp.resolve("n.log").toString(), "--", "/bin/true");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("cannot trace").contains("ptrace is forbidden").contains("--cap-add SYS_PTRACE");
        assertThat(out()).isEmpty();
    }

    @Test
    void noStraceExitsWithTwoAndSaysHowToInstallIt() throws Exception {
        TracerDetector bare = new TracerDetector("Linux", name -> java.util.Optional.empty(), CommandRunner::run);

        int exit = run(new TraceCommand(() -> bare.select(TracerChoice.AUTO, null)), "-o", tmp.resolve("b.log").toString(), "--", "/bin/true");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("strace is not installed").contains("apt-get install strace");
    }

    @Test
    void usageErrorsGoThroughMainWithExitTwo() {
        List<String> errors = new ArrayList<>();
        for (List<String> args : List.of(List.of("trace"), List.of("trace", "--json", "--"), List.of("trace", "-o"),
                List.of("trace", "--bogus", "--", "true"))) {
            CliRun run = CliRun.gotrail(args);
            assertThat(run.exit()).as(args.toString()).isEqualTo(2);
            errors.add(run.err());
        }
        assertThat(errors.get(0)).contains("gotrail trace: no command to trace").contains("Usage: gotrail trace");
        assertThat(errors.get(2)).contains("Missing required parameter for option '--output' (LOG)");
        assertThat(errors.get(3)).contains("Unknown option: '--bogus'");
    }

    /**
     * A CI job token in the traced command's environment, echoed and used in a path: the log, the
     * JSON and the command's output show {@code ***}; {@code --no-redact} keeps the raw log. Runs
     * the CLI in a child JVM, the only way to give it an environment variable.
     */
    @Test
    void theLogAndTheReportAreRedactedUnlessNoRedactIsGiven() throws Exception {
        String token = "glcbt-64-s3cr3tT0kenValue42";
        String script = "echo token=$CI_JOB_TOKEN; cat /nonexistent/$CI_JOB_TOKEN";
        Path redactedLog = tmp.resolve("redacted.log");
        Path rawLog = tmp.resolve("raw.log");

        CommandResult redacted = childJvm(token, "trace", "--json", "-o", redactedLog.toString(), "--", "/bin/sh", "-c", script);
        CommandResult raw = childJvm(token, "trace", "--no-redact", "-o", rawLog.toString(), "--", "/bin/sh", "-c", script);

        assertThat(redacted.exitCode()).as(redacted.stderr()).isEqualTo(1); // cat failed
        assertThat(Files.readString(redactedLog, StandardCharsets.ISO_8859_1)).doesNotContain(token)
                .contains("\"CI_JOB_TOKEN=***\"")          // the execve environment, by name
                .contains("\"/nonexistent/***\"");          // the failed open, by value
        assertThat(redacted.stdout()).doesNotContain(token).contains("\"stdout\": \"token=***\\n\"")
                .contains("\"file\": \"" + redactedLog + "\"");
        assertThat(redacted.stderr()).doesNotContain(token);

        assertThat(raw.exitCode()).as(raw.stderr()).isEqualTo(1);
        assertThat(Files.readString(rawLog, StandardCharsets.ISO_8859_1)).contains("CI_JOB_TOKEN=" + token)
                .contains("/nonexistent/" + token);
        // --no-redact is about the log only: what gotrail prints is redacted in any case (SPEC §5)
        assertThat(raw.stdout()).doesNotContain(token).contains("token=***");
    }

    private static CommandResult childJvm(String token, String... args) {
        RealTools.strace();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return CommandRunner.run(CommandSpec.of(cmd).withEnv("CI_JOB_TOKEN", token).withTimeout(Duration.ofMinutes(3)));
    }

    @Test
    void aCommandThatCannotBeStartedOrALogThatCannotBeWrittenIsExitTwo() throws Exception {
        String strace = RealTools.strace().toString();

        assertThat(run(withStrace(strace), "--", tmp.resolve("no-such-program").toString())).isEqualTo(2);
        assertThat(err()).contains("gotrail trace: " + tmp.resolve("no-such-program") + ": no such file");
        err.reset();
        assertThat(run(withStrace(strace), "no-such-program-on-path-xyz")).isEqualTo(2);
        assertThat(err()).contains("no-such-program-on-path-xyz: not found on PATH").doesNotContain("Did you mean");
        err.reset();
        assertThat(run(withStrace(strace), "-o", tmp.toString(), "--", "/bin/true")).isEqualTo(2);
        assertThat(err()).contains("gotrail trace: cannot write " + tmp);
        assertThat(out()).isEmpty();
    }

    /**
     * strace users write {@code -o /dev/stdout} or a FIFO: such a LOG cannot be read back, so the
     * trace is parsed from a temporary file and copied there at the end (it used to hang re-reading
     * the stream). A LOG in /proc cannot be written: exit 2 naming it, not an internal error.
     */
    @Test
    void aLogThatIsAStreamGetsTheTraceCopiedAndAPseudoFileIsExitTwo() throws Exception {
        Path fifo = tmp.resolve("trace.fifo");
        CommandResult mkfifo = CommandRunner.run(CommandSpec.of("mkfifo", fifo.toString()));
        assertThat(mkfifo.succeeded()).as(mkfifo.describe()).isTrue();
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo, StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        int exit = run(withStrace(RealTools.strace().toString()), "-o", fifo.toString(), "--", "/bin/true");

        assertThat(exit).as(err()).isZero();
        assertThat(read.get(2, java.util.concurrent.TimeUnit.MINUTES)).contains("execve(\"/bin/true\"");
        assertThat(out()).containsPattern("trace +" + java.util.regex.Pattern.quote(fifo.toString()) + " \\(strace");

        out.reset();
        assertThat(run(withStrace(RealTools.strace().toString()), "-o", "/proc/version", "--", "/bin/true")).isEqualTo(2);
        assertThat(err()).contains("gotrail trace: cannot write /proc/version").doesNotContain("internal error");
    }

    @Test
    void optionsEndAtTheCommand() throws Exception {
        Path log = tmp.resolve("o.log");
        // "-o" after the command is the command's (here: ls's), not gotrail's
        int exit = run(withStrace(RealTools.strace().toString()), "-o", log.toString(), "/bin/ls", "-o", tmp.toString());
        assertThat(exit).as(err()).isZero();
        assertThat(out()).contains("gotrail trace: /bin/ls -o " + tmp);
        assertThat(log).isNotEmptyFile();
    }

    /** A mistyped command gets the nearest executables of PATH, go first among the equally near (trial finding G4). */
    @Test
    void aCommandNotOnPathGetsTheNearestNamesOnPath() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        for (Path p : List.of(bin.resolve("gofmt"), bin.resolve("gpg"), other.resolve("cp"), other.resolve("go"), bin.resolve("gs"))) {
            Files.writeString(p, "#!/bin/sh\n");
            p.toFile().setExecutable(!p.endsWith("gs")); // gs is no executable: never suggested
        }
        Files.createDirectories(bin.resolve("gq")); // a directory: never suggested
        String path = bin + ":" + tmp.resolve("missing") + ":" + other;

        assertThat(TraceCommand.nearestOnPath("gp", path)).containsExactly("go", "gpg", "cp");
        assertThat(TraceCommand.nearestOnPath("og", path)).startsWith("go"); // a transposition is one edit
        assertThat(TraceCommand.nearestOnPath("gofmtt", path)).containsExactly("gofmt");
        assertThat(TraceCommand.nearestOnPath("zzzzzz", path)).isEmpty();

        // the real PATH, where go is
        RealTools.onPath("go", "golang-go");
        assertThat(run(withStrace(RealTools.strace().toString()), "gp", "version")).isEqualTo(2);
        assertThat(err()).contains("gotrail trace: gp: not found on PATH" + System.lineSeparator() + "Did you mean: go");
    }
}
