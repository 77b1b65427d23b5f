package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** dtruss cannot run on Linux: its command line and its error messages (as macOS prints them) are checked. */
class DtrussTracerTest {

    private static final Path LOG = Path.of("/tmp/gotrail/dtruss.log");

    @Test
    void withoutRootTheCommandGoesThroughNonInteractiveSudoAndStderrGoesToTheLog() {
        CommandSpec go = CommandSpec.of("/opt/homebrew/bin/go", "build", "./...").withEnv("CGO_ENABLED", "0")
                .withTimeout(Duration.ofSeconds(30));

        CommandSpec traced = new DtrussTracer("/usr/bin/dtruss", true).wrap(go, LOG);

        assertThat(traced.command()).containsExactly("/bin/sh", "-c", DtrussTracer.REDIRECT_STDERR, "sh",
                LOG.toString(), "sudo", "-n", "/usr/bin/dtruss", "-f", "--", "/opt/homebrew/bin/go", "build", "./...");
        assertThat(traced.env().sets()).containsEntry("CGO_ENABLED", "0");
        assertThat(traced.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void asRootThereIsNoSudo() {
        CommandSpec traced = new DtrussTracer("/usr/bin/dtruss", false).wrap(CommandSpec.of("go", "version"), LOG);

        assertThat(traced.command()).doesNotContain("sudo").containsSequence("/usr/bin/dtruss", "-f", "--", "go", "version");
        assertThat(new DtrussTracer("/usr/bin/dtruss", false).format()).isEqualTo("dtruss");
    }

    @Test
    void theRedirectingShellReallyRunsTheCommandWithItsStderrInTheLog(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        // The wrapper is plain sh, so it can be proven here: /bin/sh -c SNIPPET sh LOG CMD... with a stand-in command.
        Path log = tmp.resolve("d.log");
        CommandResult r = CommandRunner.run(CommandSpec.of("/bin/sh", "-c", DtrussTracer.REDIRECT_STDERR, "sh",
                log.toString(), "/bin/sh", "-c", "echo out; echo 'SYSCALL(args) = 0' >&2; exit 4"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(java.nio.file.Files.readString(log)).isEqualTo("SYSCALL(args) = 0\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dtrace: failed to initialize dtrace: DTrace requires additional privileges|NEEDS_PRIVILEGES",
            "sudo: a password is required|NEEDS_PRIVILEGES",
            "sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper|NEEDS_PRIVILEGES",
            "dtrace: failed to execute /bin/sh: Operation not permitted|SIP_RESTRICTED",
            "dtrace: failed to execute /usr/local/go/bin/go: Operation not permitted|SIP_RESTRICTED",
            "sudo: /usr/bin/dtruss: command not found|NOT_INSTALLED"})
    void recognisesPrivilegeAndSipMessages(String message, TracerProblem.Cause cause) {
        String stderr = "dtrace: system integrity protection is on, some features will not be available\n\n" + message + "\n";

        TracerProblem problem = new DtrussTracer("/usr/bin/dtruss", true).recognise(stderr).orElseThrow();

        assertThat(problem.cause()).isEqualTo(cause);
        assertThat(problem.tracer()).isEqualTo("dtruss");
        if (cause != TracerProblem.Cause.NOT_INSTALLED) {
            assertThat(problem.evidence()).isEqualTo(message);
        }
        assertThat(problem.explain()).contains("fix:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "dtrace: system integrity protection is on, some features will not be available",
            "SYSCALL(args) \t\t = return\nopen(\"/usr/local/go/go.env\\0\", 0x1000000, 0x0)\t\t = 3 0",
            "open /x: Operation not permitted"})
    void warningsAndTraceLinesAreNotProblems(String stderr) {
        assertThat(new DtrussTracer("/usr/bin/dtruss", true).recognise(stderr)).isEmpty();
    }
}
