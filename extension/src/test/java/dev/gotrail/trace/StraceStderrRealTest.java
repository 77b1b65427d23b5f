package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.RealTraces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs the real strace writes to stderr (no {@code -o}): it drops the {@code [pid N]} prefix while it
 * traces one process and writes its own messages into the middle of call lines. gotrail must read
 * them as it reads the same run written with {@code -o}: same process tree, exits and call counts,
 * every message a notice and none inside a call.
 */
class StraceStderrRealTest {

    @TempDir
    Path tmp;

    private int runs;

    /** strace with {@code flags} of {@code command}, its messages and trace on stderr, redirected to a file. */
    private Path straceStderr(List<String> flags, List<String> command) {
        return straceVia("exec \"$@\" 2>\"$GOTRAIL_LOG\"", flags, command);
    }

    /** The same, written with {@code -o} (through the same shell, so the traced program's environment is the same). */
    private Path straceO(List<String> flags, List<String> command) {
        return straceVia("exec \"$@\"", flags, command);
    }

    private Path straceVia(String script, List<String> flags, List<String> command) {
        Path log = tmp.resolve("log-" + (runs++) + ".log");
        List<String> line = new ArrayList<>(List.of("sh", "-c", script, "sh", RealTools.strace().toString()));
        if (!script.contains("2>")) {
            line.addAll(List.of("-o", log.toString()));
        }
        line.addAll(flags);
        line.add("--");
        line.addAll(command);
        CommandResult r = CommandRunner.run(CommandSpec.of(line).withDir(tmp).withTimeout(Duration.ofMinutes(2))
                .withEnv("GOTRAIL_LOG", log.toString()));
        assertThat(r.started()).as(r.describe()).isTrue();
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        return log;
    }


    private static GoTrace trace(Path log) {
        return GoTrace.from(List.of("real"), 0, "", "", TraceFormat.STRACE, log);
    }

    /** The tree without pids (they differ between runs): per process its programs, exit and parent's programs, sorted. */
    private static List<String> shape(GoTrace t) {
        Map<Integer, ProcessInfo> byPid = new java.util.HashMap<>();
        t.processes().forEach(p -> byPid.put(p.pid(), p));
        List<String> out = new ArrayList<>();
        for (ProcessInfo p : t.processes()) {
            // parent 0 is "none" for the root; a root whose pid the stderr form never showed is pid 0 itself
            ProcessInfo parent = p.pid() == p.parent() ? null : byPid.get(p.parent());
            out.add(programs(p) + " " + p.exit() + " child of " + (parent == null ? "-" : programs(parent)));
        }
        out.sort(null);
        return out;
    }

    private static List<String> programs(ProcessInfo p) {
        return p.execs().stream().filter(ExecCall::succeeded).map(ExecCall::path).toList();
    }

    private static int occurrences(Path log, String what) throws IOException {
        String s = Files.readString(log, StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static void noMessageInsideACall(GoTrace t) {
        assertThat(t.events()).filteredOn(e -> e.kind() != EventKind.NOTICE)
                .allSatisfy(e -> assertThat(e.describe()).doesNotContain("strace: ", "attached", "detached"));
    }

    // ---------------------------------------------------------------- kind 2: lines without [pid N]

    @Test
    void sequentialForksReadTheSameFromStderrAsFromO() throws IOException {
        List<String> cmd = List.of("/bin/sh", "-c", "/bin/true; /bin/true; exit 3");
        GoTrace withO = trace(straceO(List.of("-f"), cmd));
        Path log = straceStderr(List.of("-f"), cmd);
        GoTrace stderr = trace(log);
        assertThat(stderr.unparsedLines()).isEmpty();
        assertThat(stderr.events()).noneSatisfy(e -> assertThat(e.pid()).isZero());
        assertThat(shape(stderr)).isEqualTo(shape(withO)).hasSize(3)
                .contains("[/bin/sh] exited 3 child of -", "[/bin/true] exited 0 child of [/bin/sh]");
        assertThat(stderr.summary().syscalls()).isEqualTo(withO.summary().syscalls());
        assertThat(stderr.summary().processTree()).hasSize(3);
        assertThat(stderr.notices()).hasSize(occurrences(log, "strace: "));
    }

    @Test
    void mainProcessKilledWhileItsChildLivesOnIsNotReportedAsExited() throws IOException {
        // sh starts sleep, then kills itself: sleep outlives it, alone, so its last lines have no prefix
        List<String> cmd = List.of("/bin/sh", "-c", "/bin/sleep 0.2 & kill -9 $$");
        GoTrace withO = trace(straceO(List.of("-f"), cmd));
        GoTrace stderr = trace(straceStderr(List.of("-f"), cmd));
        assertThat(stderr.unparsedLines()).isEmpty();
        // Which sh kills itself depends on the shell's timing (the killed one is the root, or a child
        // sh when the shell forked first), so the shape is compared with the -o run of the same
        // command, and the exits are checked: the killed sh is never reported as exited 0.
        assertThat(shape(stderr)).isEqualTo(shape(withO))
                .anySatisfy(x -> assertThat(x).startsWith("[/bin/sh] killed by SIGKILL child of "))
                .contains("[/bin/sleep] exited 0 child of [/bin/sh]")
                .noneSatisfy(x -> assertThat(x).startsWith("[/bin/sh] exited 0"));
        assertThat(stderr.processes()).anySatisfy(p -> assertThat(p.exit()).isEqualTo("killed by SIGKILL"));
        assertThat(stderr.summary().syscalls().get("clock_nanosleep")).isEqualTo(withO.summary().syscalls().get("clock_nanosleep"));
    }

    @Test
    void commDecorationOfMinusYChangesNothing() throws IOException {
        List<String> cmd = List.of("/bin/sh", "-c", "/bin/true; /bin/true; exit 2");
        GoTrace withO = trace(straceO(List.of("-f", "-Y"), cmd));
        GoTrace stderr = trace(straceStderr(List.of("-f", "-Y"), cmd));
        assertThat(stderr.unparsedLines()).isEmpty();
        assertThat(shape(stderr)).isEqualTo(shape(withO)).contains("[/bin/sh] exited 2 child of -");
        assertThat(stderr.summary().syscalls()).isEqualTo(withO.summary().syscalls());
    }

    @Test
    void effectiveGorootOfAThreadedGoIsTheSameFromStderr() throws IOException {
        Path go = RealTools.go("1.21");
        List<String> cmd = List.of(go.toString(), "env", "GOROOT");
        Map<String, String> env = RealTraces.goEnv(tmp);
        GoTrace withO = RealTraces.goTrace(tmp, cmd, env, tmp);
        List<String> line = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" 2>\"$GOTRAIL_LOG\"", "sh",
                RealTools.strace().toString()));
        line.addAll(RealTraces.FLAGS);
        line.add("--");
        line.addAll(cmd);
        Path log = tmp.resolve("go-stderr.log");
        CommandResult r = CommandRunner.run(CommandSpec.of(line).withDir(tmp).withTimeout(Duration.ofMinutes(2))
                .withoutEnv("GOROOT").withEnv(env).withEnv("GOTRAIL_LOG", log.toString()));
        assertThat(r.succeeded()).as(r.describe()).isTrue();
        GoTrace stderr = trace(log);
        assertThat(stderr.unparsedLines()).isEmpty();
        assertThat(stderr.effectiveGoroot().path()).isEqualTo(withO.effectiveGoroot().path()).isNotNull();
        assertThat(stderr.effectiveGoroot().source()).isEqualTo(withO.effectiveGoroot().source());
        assertThat(stderr.effectiveGoroot().confirmed()).isEqualTo(withO.effectiveGoroot().confirmed());
        assertThat(stderr.rootProcesses()).singleElement().satisfies(p -> {
            assertThat(p.program()).isEqualTo(go.toString());
            assertThat(p.exit()).isEqualTo("exited 0");
        });
        assertThat(stderr.events()).noneSatisfy(e -> assertThat(e.pid()).isZero());
        noMessageInsideACall(stderr);
    }

    // ---------------------------------------------------------------- kind 1: strace messages inside lines

    @Test
    void attachMessagesSplicedIntoCloneLinesAreNotices() throws IOException {
        Path log = straceStderr(List.of("-f"), List.of("/bin/sh", "-c", "/bin/true & /bin/true & /bin/true; wait"));
        GoTrace t = trace(log);
        assertThat(t.unparsedLines()).isEmpty();
        assertThat(t.notices()).hasSize(occurrences(log, "strace: ")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(n -> assertThat(n.name()).contains("strace: Process ").endsWith(" attached"));
        noMessageInsideACall(t);
        assertThat(t.processes()).hasSize(4);
        assertThat(t.processes()).allSatisfy(p -> assertThat(p.exit()).isEqualTo("exited 0"));
        // dash vfork()s the foreground command and clone()s the background ones
        assertThat(t.calls("clone").size() + t.calls("vfork").size()).isEqualTo(3);
        assertThat(t.calls("clone")).allSatisfy(c -> assertThat(c.retval()).isPositive());
    }

    @Test
    void attachAndDetachByPid() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        Path log = tmp.resolve("attach.log");
        Process strace = new ProcessBuilder(RealTools.strace().toString(), "-p", Long.toString(sleeper.pid()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (java.io.InputStream err = strace.getErrorStream();
             java.io.OutputStream out = Files.newOutputStream(log)) {
            // strace announces the attach, then prints the call the sleeper waits in: interrupt it there
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            boolean interrupted = false;
            for (int n; (n = err.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                seen.write(buf, 0, n);
                if (!interrupted && seen.toString(StandardCharsets.ISO_8859_1).contains("restart_syscall(")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(strace.pid())).start().waitFor();
                    interrupted = true;
                }
            }
            assertThat(interrupted).as("strace printed: %s", seen).isTrue();
            assertThat(strace.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            strace.destroyForcibly();
            sleeper.destroyForcibly();
        }
        GoTrace t = trace(log);
        int pid = (int) sleeper.pid();
        assertThat(t.unparsedLines()).isEmpty();
        assertThat(t.notices()).extracting(TraceEvent::name)
                .containsExactly(RealTools.strace() + ": Process " + pid + " attached",
                        RealTools.strace() + ": Process " + pid + " detached");
        assertThat(t.notices()).allSatisfy(n -> assertThat(n.pid()).isEqualTo(pid));
        // the call strace let go of: its own process (the only one traced), marked detached
        assertThat(t.calls("restart_syscall")).singleElement().satisfies(c -> {
            assertThat(c.pid()).isEqualTo(pid);
            assertThat(c.has(TraceEvent.DETACHED)).isTrue();
            assertThat(c.rawArgs()).doesNotContain("strace");
        });
    }

    @Test
    void debugLinesOfMinusDAnywhereChangeNothing() throws IOException {
        List<String> cmd = List.of("/bin/sh", "-c", "/bin/true; exit 4");
        GoTrace plain = trace(straceStderr(List.of("-f"), cmd));
        Path log = straceStderr(List.of("-d", "-f"), cmd);
        GoTrace debug = trace(log);
        assertThat(debug.unparsedLines()).isEmpty();
        // strace's forked child writes its own -d messages piecewise between strace's: pieces become notices too
        assertThat(debug.notices()).hasSizeGreaterThanOrEqualTo(occurrences(log, "strace: ")).hasSizeGreaterThan(20);
        noMessageInsideACall(debug);
        assertThat(shape(debug)).isEqualTo(shape(plain)).contains("[/bin/sh] exited 4 child of -");
        for (String call : List.of("execve", "clone", "wait4", "exit_group", "openat")) {
            assertThat(debug.calls(call)).as(call).hasSameSizeAs(plain.calls(call));
        }
    }
}
