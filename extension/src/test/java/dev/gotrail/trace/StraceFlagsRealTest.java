package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GorootSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser on the real output of this machine's strace with each output-shaping flag. */
class StraceFlagsRealTest {

    @TempDir
    Path tmp;

    private List<String> goEnvGoroot() {
        return List.of(RealTools.go("1.21").toString(), "env", "GOROOT");
    }

    /**
     * {@code -k} stack frames, on a single-threaded program: with {@code -f} on go, strace 6.1 itself
     * sometimes dies with "walk: cannot initialize libunwind: No such process" when one of go's
     * short-lived threads exits while strace sets up unwinding for it (an upstream race, not ours).
     */
    @Test
    void stackFramesOfKAreParsed() {
        RealTraces.Run run = RealTraces.strace(tmp, List.of("-k"), List.of("/bin/ls", "/usr"), System.getenv(), null);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        ParsedLog log = TraceParsers.parse(run.log(), TraceFormat.STRACE);

        assertThat(log.unparsed()).isEmpty();
        assertThat(log.lines()).isEqualTo(RealTraces.countLines(run.log()));
        assertThat(log.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.STACK_FRAME));
        assertThat(log.events()).anySatisfy(e -> assertThat(e.isSyscall()).isTrue());
    }

    @ParameterizedTest(name = "strace {0}")
    @ValueSource(strings = {"-f -tt -T", "-f -ttt", "-f -t", "-f -r", "-f -i", "-f -n", "-f -Y", "-f -X verbose",
            "-f -xx", "-f -x -s 8", "-f -yy -v -s 4096 -ttt -T", "-f -y", "-f -e trace=file,process", "-f --seccomp-bpf -e trace=%file",
            "-f -C", "-c"})
    void everyLineOfARealTraceIsParsed(String flags) {
        RealTraces.Run run = RealTraces.strace(tmp, Arrays.asList(flags.split(" ")), goEnvGoroot(), RealTraces.goEnv(tmp), null);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        ParsedLog log = TraceParsers.parse(run.log(), TraceFormat.STRACE);

        assertThat(log.unparsed()).isEmpty();
        assertThat(log.lines()).isEqualTo(RealTraces.countLines(run.log()));
        List<TraceEvent> calls = log.events().stream().filter(TraceEvent::isSyscall).toList();
        if (flags.equals("-c")) {
            assertThat(calls).isEmpty();
            assertThat(log.events()).allSatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.SUMMARY));
            return;
        }
        assertThat(calls).isNotEmpty();
        if (flags.contains("-t") || flags.contains("-r")) {
            assertThat(calls).allSatisfy(e -> assertThat(e.timeNanos()).isNotEqualTo(TraceEvent.UNKNOWN));
        }
        if (flags.contains("-ttt")) {
            // seconds since the epoch: after 2020
            assertThat(calls.get(0).timeNanos()).isGreaterThan(1_577_836_800L * 1_000_000_000L);
        }
        if (flags.contains("-T")) {
            assertThat(calls).filteredOn(e -> e.durationNanos() != TraceEvent.UNKNOWN).hasSizeGreaterThan(calls.size() / 2);
        }
        if (flags.contains("-k")) {
            assertThat(log.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.STACK_FRAME));
        }
        if (flags.contains("-C")) {
            assertThat(log.events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.SUMMARY));
        }
        if (!flags.contains("trace=")) {
            // the process tree is followed: go's runtime threads show up as children of the go pid
            GoTrace t = GoTrace.from(goEnvGoroot(), 0, "", "", TraceFormat.STRACE, run.log());
            assertThat(t.processes().size()).isGreaterThan(1);
            assertThat(t.execs()).first().extracting(ExecCall::path).isEqualTo(RealTools.go("1.21").toString());
            if (!flags.contains("-s 8")) {
                assertThat(t.effectiveGoroot().path()).isEqualTo(RealTraces.realPath(RealTools.goroot("1.21")));
            }
        }
        if (flags.contains("-xx")) {
            // every string is hex-escaped; paths still decode to readable text
            GoTrace t = GoTrace.from(goEnvGoroot(), 0, "", "", TraceFormat.STRACE, run.log());
            assertThat(t.execs().get(0).argv()).containsExactlyElementsOf(goEnvGoroot());
        }
    }

    @Test
    void perProcessFilesOfStraceFfAreMergedByTimestamp() throws IOException {
        Path prefix = tmp.resolve("ff");
        RealTraces.Run run = RealTraces.strace(tmp, List.of("-ff", "-ttt", "-s", "4096", "-v", "-o", prefix.toString()),
                goEnvGoroot(), RealTraces.goEnv(tmp), null);
        List<Path> files;
        try (Stream<Path> s = Files.list(tmp)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("ff.")).toList();
        }
        assertThat(files).hasSizeGreaterThan(1);
        GoTrace t = GoTrace.from(goEnvGoroot(), run.result().exitCode(), run.result().stdout(), run.result().stderr(),
                TraceFormat.STRACE, files);

        assertThat(t.unparsedLines()).isEmpty();
        // the prefix alone names the same files
        assertThat(GoTrace.from(goEnvGoroot(), 0, "", "", TraceFormat.STRACE, prefix).rawLogs())
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(t.processes()).extracting(ProcessInfo::pid)
                .containsAll(files.stream().map(FfLogs::pidOf).toList());
        List<TraceEvent> calls = t.events().stream().filter(TraceEvent::isSyscall).toList();
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).timeNanos()).isGreaterThanOrEqualTo(calls.get(i - 1).timeNanos());
        }
        assertThat(t.effectiveGoroot().source()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.effectiveGoroot().path()).isEqualTo(RealTraces.realPath(RealTools.goroot("1.21")));
        // the clone calls of the go pid name the other files' pids as its children
        assertThat(t.processes()).filteredOn(p -> p.parent() != 0).isNotEmpty();
    }

    @Test
    void straceOnStderrWithPidPrefixesThatComeAndGo() throws IOException {
        // no -o: strace writes to its stderr, marking other pids with "[pid N]" and the first with nothing
        List<String> line = new java.util.ArrayList<>(List.of(RealTools.strace().toString(), "-f", "--"));
        line.addAll(goEnvGoroot());
        var spec = dev.gotrail.process.CommandSpec.of(line).withDir(tmp).withEnv(RealTraces.goEnv(tmp)).withoutEnv("GOROOT");
        var result = dev.gotrail.process.CommandRunner.run(spec);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Path log = Files.writeString(tmp.resolve("stderr.log"), result.stderr());

        ParsedLog parsed = TraceParsers.parse(log, TraceFormat.AUTO);
        assertThat(parsed.format()).isEqualTo(TraceFormat.STRACE);
        assertThat(parsed.unparsed()).isEmpty();
        // the lines without prefix belong to the first process, whose pid the log shows later (issue 9, kind 2)
        assertThat(parsed.events()).filteredOn(TraceEvent::isSyscall).allSatisfy(e -> assertThat(e.pid()).isPositive());
        // the first clone happens while go has one thread: the execve's process makes it
        assertThat(parsed.events().get(0).pid()).isEqualTo(
                parsed.events().stream().filter(e -> e.name().equals("clone")).findFirst().orElseThrow().pid());
        assertThat(parsed.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.NOTICE);
            assertThat(e.name()).contains("attached");
        });
    }

    @Test
    void nonUtf8PathsArePreservedByteExact() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bytes"));
        // bash creates and opens a file whose name is not UTF-8 (0xff 0xfe) and one that is (é)
        String script = "cd " + dir + " && : > \"$(printf 'x\\377\\376y')\" && cat \"$(printf 'x\\377\\376y')\" "
                + "&& : > \"$(printf 'caf\\303\\251')\" && cat \"$(printf 'caf\\303\\251')\"";
        RealTraces.Run run = RealTraces.strace(tmp, List.of("-f", "-y", "-e", "trace=openat"), List.of("/bin/bash", "-c", script),
                java.util.Map.of(), dir);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        GoTrace t = GoTrace.from(List.of("bash"), 0, "", "", TraceFormat.STRACE, run.log());

        byte[] expected = (dir + "/x").getBytes(StandardCharsets.UTF_8);
        byte[] raw = Arrays.copyOf(expected, expected.length + 3);
        raw[expected.length] = (byte) 0xff;
        raw[expected.length + 1] = (byte) 0xfe;
        raw[expected.length + 2] = 'y';
        assertThat(t.opened()).anySatisfy(f -> {
            assertThat(f.pathBytes()).isEqualTo(raw);
            assertThat(f.path()).isEqualTo(dir + "/x\udcff\udcfey");
        });
        assertThat(t.opened()).anySatisfy(f -> assertThat(f.path()).isEqualTo(dir + "/café"));
    }
}
