package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread that is not the group leader calls execve: strace prints the call unfinished on the
 * thread, then {@code +++ superseded by execve in pid T +++} and the resume under the leader's pid.
 */
class ExecFromThreadRealTest {

    @TempDir
    Path tmp;

    @Test
    void execveResumedUnderTheLeaderAfterSuperseded() {
        Path exe = threadExec();

        RealTraces.Run run = RealTraces.strace(tmp, List.of("-f", "-tt", "-e", "trace=execve,clone,clone3"),
                List.of(exe.toString()), Map.of(), tmp);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        GoTrace t = GoTrace.from(List.of(exe.toString()), 0, "", "", TraceFormat.STRACE, run.log());

        assertThat(t.unparsedLines()).isEmpty();
        TraceEvent superseded = t.events().stream().filter(e -> e.kind() == EventKind.SUPERSEDED).findFirst().orElseThrow();
        int leader = superseded.pid();
        int thread = (int) superseded.retval();
        assertThat(thread).isNotEqualTo(leader);
        ExecCall exec = t.execs().stream().filter(e -> e.path().equals("/bin/true")).findFirst().orElseThrow();
        assertThat(exec.succeeded()).isTrue();
        assertThat(exec.pid()).isEqualTo(leader);
        assertThat(exec.argv()).containsExactly("/bin/true", "from-a-thread");
        TraceEvent call = t.calls("execve").stream().filter(e -> "/bin/true".equals(e.stringArg(0))).findFirst().orElseThrow();
        assertThat(call.endLine()).isGreaterThan(call.line()); // started on the thread, resumed on the leader
        assertThat(t.processes()).filteredOn(p -> p.pid() == leader).singleElement()
                .satisfies(p -> assertThat(p.program()).isEqualTo("/bin/true"));
    }

    /**
     * With {@code --seccomp-bpf} (gotrail's own flags) strace 6.1 resumes that execve as
     * {@code = -1 (errno 18446744073709551595)}, a return with no errno name: the exec succeeded (the
     * thread group was replaced), and the trace must say so. go 1.22 switching toolchains hits this
     * when its exec runs on a non-leader thread; the switch and the switched-to GOROOT were then lost.
     */
    @Test
    void execveFromAThreadUnderSeccompBpfIsASuccessfulExec() {
        Path exe = threadExec();

        RealTraces.Run run = RealTraces.strace(tmp, List.of("-f", "-q", "--seccomp-bpf", "-e", "trace=%file,%process"),
                List.of(exe.toString()), Map.of(), tmp);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        GoTrace t = GoTrace.from(List.of(exe.toString()), 0, "", "", TraceFormat.STRACE, run.log());

        assertThat(t.events()).anyMatch(e -> e.kind() == EventKind.SUPERSEDED);
        ExecCall exec = t.execs().stream().filter(e -> e.path().equals("/bin/true")).findFirst().orElseThrow();
        assertThat(exec.succeeded()).isTrue();
        assertThat(t.processes()).anySatisfy(p -> assertThat(p.program()).isEqualTo("/bin/true"));
    }

    /** A gcc-built program whose second thread (not the group leader) execs {@code /bin/true from-a-thread}. */
    private Path threadExec() {
        Path src = RealTraces.write(tmp.resolve("threadexec.c"), """
                #include <pthread.h>
                #include <unistd.h>
                static void *run(void *arg) {
                    char *argv[] = {"/bin/true", "from-a-thread", 0};
                    execv("/bin/true", argv);
                    return arg;
                }
                int main(void) {
                    pthread_t t;
                    pthread_create(&t, 0, run, 0);
                    pthread_join(t, 0);
                    return 3;
                }
                """);
        Path exe = tmp.resolve("threadexec");
        CommandResult cc = CommandRunner.run(CommandSpec.of(RealTools.gcc().toString(), "-pthread", "-o", exe.toString(),
                src.toString()).withDir(tmp));
        assertThat(cc.succeeded()).as(cc.describe()).isTrue();
        return exe;
    }
}
