package dev.gotrail.tracer;

import dev.gotrail.testsupport.ProcessChecks;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void environmentAdditionsAndRemovalsReachTheCommand() {
        CommandResult r = CommandRunner.run(CommandSpec.of("/bin/sh", "-c", "echo \"$GOTRAIL_A|${HOME-unset}|$PATH\"")
                .withEnv("GOTRAIL_A", "value with spaces")
                .withoutEnv("HOME"));

        assertThat(r.succeeded()).as(r.describe()).isTrue();
        assertThat(r.stdout().strip()).startsWith("value with spaces|unset|").endsWith(System.getenv("PATH"));
        assertThat(r.environment()).containsEntry("GOTRAIL_A", "value with spaces").doesNotContainKey("HOME");
    }

    @Test
    void setAfterUnsetWinsAndUnsetAfterSetWins() {
        CommandSpec spec = CommandSpec.of("/bin/true").withoutEnv("X1").withEnv("X1", "a").withEnv("X2", "b").withoutEnv("X2");

        assertThat(spec.effectiveEnvironment()).containsEntry("X1", "a").doesNotContainKey("X2");
    }

    @Test
    void runsInTheWorkingDirectoryAndCapturesBothStreamsAndTheExitCode() throws IOException {
        CommandResult r = CommandRunner.run(CommandSpec.of("/bin/sh", "-c", "pwd; echo oops >&2; exit 3").withDir(tmp));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout().strip()).isEqualTo(tmp.toRealPath().toString());
        assertThat(r.stderr().strip()).isEqualTo("oops");
        assertThat(r.describe()).contains("exited with 3: oops");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void aMissingWorkingDirectoryOrProgramIsAStartErrorNotAnException() {
        CommandResult noDir = CommandRunner.run(CommandSpec.of("/bin/true").withDir(tmp.resolve("nope")));
        CommandResult noProgram = CommandRunner.run(CommandSpec.of(tmp.resolve("no-such-go").toString()));

        assertThat(noDir.started()).isFalse();
        assertThat(noDir.startError()).contains("nope").contains("does not exist");
        assertThat(noProgram.started()).isFalse();
        assertThat(noProgram.describe()).contains("no-such-go does not exist");
    }

    @Test
    void aTimeoutKillsTheTracerAndEveryTraceeSoNothingIsLeftBehind() throws Exception {
        Path strace = RealTools.strace();
        Path pids = tmp.resolve("pids");
        // Two background sleepers and the shell itself, all traced; the shell writes their pids down.
        String script = "sleep 300 & echo $! > " + pids + "; sleep 300 & echo $! >> " + pids
                + "; echo $$ >> " + pids + "; wait";
        CommandSpec traced = new StraceTracer(strace.toString())
                .wrap(CommandSpec.of("/bin/sh", "-c", script).withTimeout(Duration.ofSeconds(4)), tmp.resolve("trace.log"));
        AtomicReference<ProcessHandle> tracer = new AtomicReference<>();

        CommandResult r = CommandRunner.run(traced, tracer::set);

        assertThat(r.timedOut()).as(r.describe()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        List<Long> tracees = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
        assertThat(tracees).as("the shell wrote its pid and both sleepers' before the timeout").hasSize(3);
        ProcessChecks.assertGone(tracer.get().pid());
        for (long pid : tracees) {
            ProcessChecks.assertGone(pid);
        }
        // What was collected before the kill survives: the log holds the shell's start and both forks.
        assertThat(Files.readString(tmp.resolve("trace.log"))).contains("execve(\"/bin/sh\"")
                .contains("= " + tracees.get(0)).contains("= " + tracees.get(1));
    }

    @Test
    void aBackgroundChildHoldingThePipesDoesNotKeepTheRunnerWaitingForever() throws Exception {
        CommandResult r = CommandRunner.run(CommandSpec.of("/bin/sh", "-c", "sleep 120 & echo $!").withTimeout(Duration.ofMinutes(1)));
        long sleeper = Long.parseLong(r.stdout().lines().findFirst().orElseThrow().strip());
        try {
            assertThat(r.exitCode()).isZero();
            assertThat(r.timedOut()).isFalse();
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(60));
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
