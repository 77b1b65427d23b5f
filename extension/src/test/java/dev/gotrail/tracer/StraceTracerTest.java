package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StraceTracerTest {

    @TempDir
    Path tmp;

    @Test
    void wrapsTheCommandKeepingDirEnvironmentAndTimeout() {
        CommandSpec go = CommandSpec.of("go", "env", "GOROOT").withDir(tmp).withEnv("GOFLAGS", "-mod=mod")
                .withoutEnv("GOROOT").withTimeout(Duration.ofSeconds(7));

        CommandSpec traced = new StraceTracer("/opt/strace").wrap(go, tmp.resolve("t.log"));

        assertThat(traced.command()).startsWith("/opt/strace", "-f")
                .endsWith("-o", tmp.resolve("t.log").toString(), "--", "go", "env", "GOROOT")
                .containsSequence("-e", "trace=" + StraceTracer.SYSCALLS)
                .containsSequence("-s", "4096");
        assertThat(traced.dir()).isEqualTo(tmp);
        assertThat(traced.env().sets()).containsEntry("GOFLAGS", "-mod=mod");
        assertThat(traced.env().unsets()).containsExactly("GOROOT");
        assertThat(traced.timeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aRealTraceOfGoHasCompleteExecveEnvironmentsFullPathsAndOnlyTheChosenSyscalls() throws Exception {
        Path go = RealTools.go("1.21");
        Path strace = RealTools.strace();
        // A directory name far longer than strace's default 32-byte string limit.
        Path deep = Files.createDirectories(tmp.resolve("a-directory-name-well-beyond-thirty-two-bytes-of-path".repeat(2)));
        Path log = tmp.resolve("go.log");
        CommandSpec cmd = CommandSpec.of(go.toString(), "env", "GOROOT", "GOMOD").withDir(deep)
                .withEnv("GOROOT", RealTools.goroot("1.21").toString())
                .withEnv("GOTRAIL_MARKER", "x".repeat(300))
                .withEnv("GOTOOLCHAIN", "local");

        CommandResult r = CommandRunner.run(new StraceTracer(strace.toString()).wrap(cmd, log));

        assertThat(r.succeeded()).as(r.describe()).isTrue();
        assertThat(r.stdout().lines().findFirst()).contains(RealTools.goroot("1.21").toString());
        String trace = Files.readString(log);
        String execve = trace.lines().filter(l -> l.contains("execve(\"" + go)).findFirst().orElseThrow();
        // abbrev=!execve: the environment is listed in full, long values uncut.
        assertThat(execve).contains("\"GOROOT=" + RealTools.goroot("1.21") + "\"")
                .contains("\"GOTRAIL_MARKER=" + "x".repeat(300) + "\"")
                .doesNotContain("vars */");
        assertThat(trace).contains("\"" + deep.resolve("go.mod") + "\"") // go.mod looked up in the (long) working directory
                .contains("openat(AT_FDCWD, \"" + RealTools.goroot("1.21") + "/go.env\"").contains("+++ exited with 0 +++");
        // The filter: no futex/read/write noise, and stat structures stay abbreviated.
        assertThat(trace.lines()).noneMatch(l -> l.matches("^\\d+ +(futex|read|write|epoll_pwait|rt_sigaction)\\(.*"));
        assertThat(trace).doesNotContain("st_atime_nsec");
    }

    @Test
    void aDynamicallyLinkedProgramShowsItsSharedObjectsOpenedAndMapped() throws Exception {
        Path log = tmp.resolve("sh.log");

        CommandResult r = CommandRunner.run(new StraceTracer(RealTools.strace().toString())
                .wrap(CommandSpec.of("/bin/sh", "-c", "exit 0"), log));

        assertThat(r.succeeded()).as(r.describe()).isTrue();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).anyMatch(l -> l.matches(".*openat\\(AT_FDCWD, \"[^\"]*/libc\\.so\\.6\", O_RDONLY\\|O_CLOEXEC\\) = 3$"));
        assertThat(lines).anyMatch(l -> l.matches(".*mmap\\(.*, 3, 0\\) = 0x[0-9a-f]+$"));
    }

    @Test
    void aNestedStraceIsRefusedByTheKernelAndRecognisedAsPtraceForbidden() throws Exception {
        String strace = RealTools.strace().toString();
        // A traced process may not trace: the inner strace meets the real EPERM a container without CAP_SYS_PTRACE gives.
        CommandSpec inner = new StraceTracer(strace).wrap(CommandSpec.of("/bin/true"), tmp.resolve("inner.log"));
        CommandSpec nested = new StraceTracer(strace).wrap(inner, tmp.resolve("outer.log"));

        CommandResult r = CommandRunner.run(nested);

        assertThat(r.exitCode()).as(r.stderr()).isNotZero();
        assertThat(new StraceTracer(strace).recognise(r.stderr())).as("stderr: %s", r.stderr()).isPresent();
        TracerProblem problem = new StraceTracer(strace).recognise(r.stderr()).orElseThrow();
        assertThat(problem.cause()).isEqualTo(TracerProblem.Cause.PTRACE_FORBIDDEN);
        assertThat(problem.evidence()).contains("Operation not permitted");
        assertThat(problem.explain()).contains("--cap-add SYS_PTRACE").contains("kernel.yama.ptrace_scope")
                .contains("strace said: " + strace + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // strace 4.x
            "strace: test_ptrace_setoptions_for_all: PTRACE_TRACEME doesn't work: Operation not permitted",
            "strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted",
            "strace: attach: ptrace(PTRACE_ATTACH, 1234): Operation not permitted",
            // strace 5.x
            "strace: attach: ptrace(PTRACE_SEIZE, 4321): Operation not permitted",
            "strace: test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted",
            // strace 6.x
            "strace: ptrace(PTRACE_SEIZE, 77, NULL, PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACEEXEC|PTRACE_O_TRACEEXIT): Operation not permitted",
            "strace: do_test_ptrace_get_syscall_info: PTRACE_TRACEME: Operation not permitted",
            "strace: PTRACE_SETOPTIONS: Permission denied",
            // argv[0] as invoked
            "/usr/bin/strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted"})
    void recognisesPtraceRefusalsOfStrace4To6(String message) {
        String stderr = "some program output\n" + message + "\n";

        TracerProblem problem = new StraceTracer().recognise(stderr).orElseThrow();

        assertThat(problem.cause()).isEqualTo(TracerProblem.Cause.PTRACE_FORBIDDEN);
        assertThat(problem.evidence()).isEqualTo(message);
        assertThat(problem.fix()).contains("--cap-add SYS_PTRACE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "strace: Can't stat 'no-such-go': No such file or directory",
            "open /tmp/x: operation not permitted",
            "go: ptrace is mentioned by the program: Operation not permitted",
            ""})
    void otherFailuresAreNotMistakenForPtraceProblems(String stderr) {
        assertThat(new StraceTracer().recognise(stderr)).isEmpty();
    }
}
