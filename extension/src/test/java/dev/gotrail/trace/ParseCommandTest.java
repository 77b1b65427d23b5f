package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.cli.Main;
import dev.gotrail.testsupport.RealTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail parse} through the CLI entry point, on a real trace and on corpus files. */
class ParseCommandTest {

    @TempDir
    Path tmp;

    private record Out(int code, String out, String err) {
    }

    private static Out run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonOfARealGoTraceHasTheSpecKeys() {
        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS,
                List.of(RealTools.go("1.21").toString(), "env", "GOROOT"), RealTraces.goEnv(tmp), null);
        Out o = run("parse", "--json", run.log().toString());

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("{")
                .contains("\"file\": \"" + run.log() + "\"", "\"format\": \"strace\"", "\"lines\": " + RealTraces.countLines(run.log()),
                        "\"unparsed\": []", "\"syscalls\": {", "\"readlinkat\": 1", "\"failed\": {", "\"ENOENT\": ",
                        "\"processes\": ", "\"execs\": [", RealTools.go("1.21").toString());
    }

    @Test
    void humanSummaryListsUnparsedLinesAndExitsWithProblems() {
        Path file = RealTraces.corpus().resolve("djanatyn__investigating-nscd/strace.log");
        Out o = run("parse", file.toString());

        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("90 lines", "3 unparsed", "line 62: returned address", "ENOENT 15");
    }

    @Test
    void severalFilesGiveAJsonArrayAndDtrussIsDetected() {
        Path a = RealTraces.corpus().resolve("strace__strace/qual_fault-exit_group.expected");
        Path b = RealTraces.corpus().resolve("dtruss__barusan__linux-in-practice/dtruss-python3.txt");
        Out o = run("parse", "--json", "--format", "auto", a.toString(), b.toString());

        assertThat(o.out().strip()).startsWith("[").endsWith("]");
        assertThat(o.out()).contains("\"format\": \"strace\"", "\"format\": \"dtruss\"", "\"ENOSYS\": 1", "\"ENOTTY\": 2");
    }

    @Test
    void usageErrors() {
        assertThat(run("parse").code()).isEqualTo(2);
        assertThat(run("parse", "--format", "ktrace", "x").err()).contains("unknown trace format 'ktrace'");
        Out missing = run("parse", tmp.resolve("nope.log").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.log: no such file");
    }
}
