package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.config.GotrailConfig.TracerChoice;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.ProcessChecks;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.tracer.TracerDetector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private int run(TraceCommand command, String... args) throws Exception {
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
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
        assertThat(errors.get(0)).contains("no command to trace").contains("usage: gotrail trace");
        assertThat(errors.get(2)).contains("-o needs a file name");
        assertThat(errors.get(3)).contains("unknown option --bogus");
    }
}
