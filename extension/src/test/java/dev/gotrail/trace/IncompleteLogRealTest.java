package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.RealTraces;
import dev.gotrail.toolchain.GorootSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs that end before the traced command did (trial finding B4): a real strace log of the real
 * go 1.22 cut as {@code head -c} cuts it, and a log whose strace was killed mid-run. Such a log is
 * reported incomplete, and the effective GOROOT is unknown rather than a BUILTIN_FALLBACK concluded
 * from the lines the cut removed.
 */
class IncompleteLogRealTest {

    @TempDir
    Path tmp;

    /** A real trace of {@code go version} (go 1.22 derives GOROOT from its executable). */
    private byte[] goVersionLog() throws IOException {
        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS, List.of(RealTools.go("1.22").toString(), "version"),
                RealTraces.goEnv(tmp), null);
        assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
        return Files.readAllBytes(run.log());
    }

    private Path write(String name, byte[] bytes, int length) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, Arrays.copyOf(bytes, length));
        return p;
    }

    private static GoTrace trace(Path log) {
        return GoTrace.from(List.of("go", "version"), 0, "", "", TraceFormat.STRACE, log);
    }

    /** Byte offset of the start of the first line containing {@code text}. */
    private static int lineStart(byte[] log, String text) {
        String s = new String(log, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(text);
        assertThat(at).as("the log has %s", text).isPositive();
        return s.lastIndexOf('\n', at) + 1;
    }

    private static long lines(byte[] log, int length) {
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (log[i] == '\n') n++;
        }
        return length > 0 && log[length - 1] != '\n' ? n + 1 : n;
    }

    @Test
    void aCompleteLogIsNotIncompleteAndKeepsItsGoroot() throws IOException {
        byte[] log = goVersionLog();
        Path whole = write("whole.log", log, log.length);

        assertThat(TraceParsers.summarize(whole, TraceFormat.AUTO).incomplete()).isEmpty();
        assertThat(TraceParsers.parse(whole, TraceFormat.AUTO).incomplete()).isEmpty();
        GoTrace t = trace(whole);
        assertThat(t.incomplete()).isEmpty();
        assertThat(t.effectiveGoroot().known()).isTrue();
        assertThat(t.effectiveGoroot().source()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.toJsonMap()).doesNotContainKey("incomplete");
    }

    @Test
    void aLogCutMidLineBeforeTheProbesIsIncompleteWithItsCutLineAndAnUnknownGoroot() throws IOException {
        byte[] log = goVersionLog();
        // in the middle of the /proc/self/exe probe, as head -c cuts: "PID readlinkat(AT_FDCWD</tm"
        int cut = new String(log, StandardCharsets.ISO_8859_1).indexOf("readlinkat(") + 15;
        Path cutLog = write("cut.log", log, cut);
        long lines = lines(log, cut);
        int lastNl = new String(log, 0, cut, StandardCharsets.ISO_8859_1).lastIndexOf('\n');
        String partial = new String(log, lastNl + 1, cut - lastNl - 1, StandardCharsets.ISO_8859_1);
        int firstPid = trace(write("whole.log", log, log.length)).execs().get(0).pid();

        IncompleteLog expected = new IncompleteLog(firstPid, new UnparsedLine(lines, partial));
        TraceSummary s = TraceParsers.summarize(cutLog, TraceFormat.AUTO);
        assertThat(s.incomplete()).contains(expected);
        assertThat(TraceParsers.parse(cutLog, TraceFormat.AUTO).incomplete()).contains(expected);
        assertThat(expected.describe()).contains("ends before the first process (pid " + firstPid + ") exited",
                "line " + lines + ", is cut in the middle");

        GoTrace t = trace(cutLog);
        assertThat(t.incomplete()).contains(expected);
        GorootEvidence g = t.effectiveGoroot();
        assertThat(g.known()).isFalse();
        assertThat(g.source()).isNull();
        assertThat(g.path()).isNull();
        assertThat(g.evidence()).last().asString().startsWith("GOROOT unknown: the log ends before the traced command did (its last line, line " + lines + ", is cut)")
                .doesNotContain("built-in GOROOT was used");
        assertThat(t.toJsonMap()).containsKey("incomplete");
        assertThat(s.toJsonMap().get("incomplete")).isEqualTo(expected.toJsonMap());
    }

    @Test
    void aLogCutAtALineEndHasNoCutLineButStillLacksTheExit() throws IOException {
        byte[] log = goVersionLog();
        Path cutLog = write("cut.log", log, lineStart(log, "readlinkat("));
        int firstPid = trace(write("whole.log", log, log.length)).execs().get(0).pid();

        GoTrace t = trace(cutLog);
        assertThat(t.incomplete()).contains(new IncompleteLog(firstPid, null));
        assertThat(t.effectiveGoroot().known()).isFalse();
        assertThat(TraceParsers.summarize(cutLog, TraceFormat.STRACE).incomplete()).contains(new IncompleteLog(firstPid, null));
    }

    @Test
    void aLogCutAfterTheSuccessfulProbeKeepsTheGorootItProves() throws IOException {
        byte[] log = goVersionLog();
        // the line that ends the successful stat of GOROOT/pkg/tool (its halves may be apart: -f interleaves threads)
        long probeEnd = trace(write("whole.log", log, log.length)).calls("newfstatat").stream()
                .filter(e -> e.succeeded() && e.rawArgs().contains("/pkg/tool\"")).findFirst().orElseThrow().endLine();
        int end = 0;
        for (long n = 0; n < probeEnd; n++) {
            end = new String(log, StandardCharsets.ISO_8859_1).indexOf('\n', end) + 1;
        }
        GoTrace t = trace(write("cut.log", log, end + 5));

        assertThat(t.incomplete()).isPresent();
        assertThat(t.effectiveGoroot().source()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.effectiveGoroot().path()).isEqualTo(RealTraces.realPath(RealTools.goroot("1.22")));
    }

    /** strace killed with SIGKILL while its tracee sleeps: no {@code +++ exited +++} line is ever written. */
    @Test
    void aLogWhoseTracerWasKilledEndsBeforeTheFirstProcessExited() throws Exception {
        Path log = tmp.resolve("killed.log");
        Process strace = new ProcessBuilder(RealTools.strace().toString(), "-f", "-o", log.toString(), "--", "/bin/sleep", "60")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("strace.out").toFile()).start();
        List<ProcessHandle> tracees = List.of();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            // poll until sleep has started sleeping (its nanosleep call is in the log), then kill the tracer
            while (!(Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("nanosleep("))
                    && Instant.now().isBefore(deadline) && strace.isAlive()) {
                Thread.sleep(20); // a poll interval, not a wait for a race: the condition is checked again
            }
            assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).contains("nanosleep(");
            tracees = strace.descendants().toList();
            strace.destroyForcibly();
            assertThat(strace.waitFor(1, TimeUnit.MINUTES)).isTrue();
        } finally {
            strace.destroyForcibly();
            tracees.forEach(ProcessHandle::destroyForcibly);
        }
        ParsedLog parsed = TraceParsers.parse(log, TraceFormat.STRACE);
        int sleepPid = parsed.events().get(0).pid();
        Optional<IncompleteLog> incomplete = TraceParsers.summarize(log, TraceFormat.STRACE).incomplete();
        assertThat(incomplete).isPresent();
        assertThat(incomplete.get().firstPid()).isEqualTo(sleepPid);
        assertThat(parsed.incomplete()).isEqualTo(incomplete);
        assertThat(parsed.events()).noneMatch(e -> e.kind() == EventKind.EXITED);
    }
}
