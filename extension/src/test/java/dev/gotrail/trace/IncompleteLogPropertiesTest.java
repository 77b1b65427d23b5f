package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.RealTraces;
import dev.gotrail.toolchain.GorootSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A real strace log of the real go 1.22 cut at any byte (as {@code head -c} cuts it): the streaming
 * summary, the in-memory parse and the {@link GoTrace} agree on whether it is incomplete and on its
 * cut line; a log cut before the first process's {@code +++ exited +++} line is always incomplete;
 * and the effective GOROOT is never a BUILTIN_FALLBACK concluded from the cut-away lines: unknown, or
 * the EXE_DERIVED root the remaining lines prove.
 */
class IncompleteLogPropertiesTest {

    /** The real log, made once for all tries (one strace run of go). */
    private static byte[] log;
    private static Path dir;
    private static String goroot;

    private static synchronized byte[] log() {
        if (log == null) {
            try {
                dir = Files.createTempDirectory("gotrail-incomplete-");
                RealTraces.Run run = RealTraces.strace(dir, RealTraces.FLAGS, List.of(RealTools.go("1.22").toString(), "version"),
                        RealTraces.goEnv(dir), null);
                assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
                log = Files.readAllBytes(run.log());
                goroot = RealTraces.realPath(RealTools.goroot("1.22"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return log;
    }

    @AfterContainer
    static void removeTheLogs() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(tries = 150)
    void aLogCutAnywhereIsJudgedAlikeByEveryReaderAndNeverConcludesTheBuiltinGoroot(
            @ForAll @IntRange(min = 0, max = 1_000_000) int n) throws IOException {
        byte[] whole = log();
        int cut = 1 + n % whole.length; // 1..length bytes kept
        Path file = dir.resolve("cut.log");
        Files.write(file, Arrays.copyOf(whole, cut));
        String kept = new String(whole, 0, cut, StandardCharsets.ISO_8859_1);

        TraceSummary s = TraceParsers.summarize(file, TraceFormat.STRACE);
        ParsedLog p = TraceParsers.parse(file, TraceFormat.STRACE);
        GoTrace t = GoTrace.from(List.of("go", "version"), 0, "", "", TraceFormat.STRACE, file);
        assertThat(p.incomplete()).isEqualTo(s.incomplete());
        assertThat(t.incomplete()).isEqualTo(s.incomplete());

        // the first process's exit line, wholly kept or not
        int firstPid = GoTrace.from(List.of(), 0, "", "", TraceFormat.STRACE, writeWhole()).execs().get(0).pid();
        java.util.regex.Matcher exitLine = java.util.regex.Pattern.compile("(?m)^" + firstPid + " +\\+\\+\\+ exited with 0 \\+\\+\\+")
                .matcher(new String(whole, StandardCharsets.ISO_8859_1));
        assertThat(exitLine.find()).isTrue();
        int exitEnd = exitLine.end();
        if (cut < exitEnd) {
            assertThat(s.incomplete()).as("cut at %d of %d", cut, whole.length).isPresent();
        }
        if (cut == whole.length) {
            assertThat(s.incomplete()).isEmpty();
        }
        s.incomplete().map(IncompleteLog::cutLine).ifPresent(c -> {
            // only a last line without newline is ever the cut line, and it is reported as it stands
            assertThat(kept).doesNotEndWith("\n");
            assertThat(c.line()).isEqualTo(s.lines());
            assertThat(c.text()).isEqualTo(kept.substring(kept.lastIndexOf('\n') + 1));
        });
        if (kept.endsWith("\n")) {
            assertThat(s.incomplete().map(IncompleteLog::cutLine)).isEmpty();
        }

        GorootEvidence g = t.effectiveGoroot();
        if (t.incomplete().isPresent()) {
            assertThat(g.source()).as("cut at %d: %s", cut, g.evidence()).isIn(null, GorootSource.EXE_DERIVED);
        }
        if (g.source() == GorootSource.EXE_DERIVED) {
            assertThat(g.path()).isEqualTo(goroot);
        }
        assertThat(g.known()).isEqualTo(g.source() != null);
    }

    private static Path writeWhole() throws IOException {
        Path whole = dir.resolve("whole.log");
        if (!Files.exists(whole)) {
            Files.write(whole, log);
        }
        return whole;
    }
}
