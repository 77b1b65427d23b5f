package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTraces;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.StraceTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail parse} through the CLI entry point, on a real trace and on corpus files. */
class ParseCommandTest {

    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.gotrail(args);
    }

    @Test
    void jsonOfARealGoTraceHasTheSpecKeys() throws Exception {
        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS,
                List.of(RealTools.go("1.21").toString(), "env", "GOROOT"), RealTraces.goEnv(tmp), null);
        CliRun o = run("parse", "--json", run.log().toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("{")
                .contains("\"file\": \"" + run.log() + "\"", "\"format\": \"strace\"", "\"lines\": " + RealTraces.countLines(run.log()),
                        "\"unparsed\": []", "\"syscalls\": {", "\"readlinkat\": 1", "\"failed\": {", "\"ENOENT\": ",
                        "\"processes\": ", "\"execs\": [", RealTools.go("1.21").toString());
        // a log of go: the trace's answers as well, as `gotrail trace` gives them
        assertThat(o.out()).containsPattern("\"effectiveGoroot\": \\{\\s*\"path\": \"" + RealTools.goroot("1.21") + "\",\\s*\"source\": \"EXE_DERIVED\"")
                .contains("\"toolchainSwitch\": null");
        CliRun human = run("parse", run.log().toString());
        assertThat(human.out()).contains("  GOROOT: " + RealTools.goroot("1.21") + " (EXE_DERIVED)", "  toolchain switch: none");
        // processes and threads counted apart (threads: created with CLONE_THREAD), as the raw log shows them
        StraceTasks truth = StraceTasks.of(run.log());
        assertThat(truth.threads()).as("go starts runtime threads").isPositive();
        assertThat(o.out()).contains("\"processes\": " + truth.processes() + ",", "\"threads\": " + truth.threads() + ",");
        assertThat(human.out()).contains("  " + truth.words() + ", successful execs: ");
        CliRun notGo = run("parse", "--json", RealTraces.corpus().resolve("djanatyn__investigating-nscd/strace.log").toString());
        assertThat(notGo.out()).doesNotContain("\"effectiveGoroot\"");
    }

    /** A real trace of go 1.22 cut in the middle of its /proc/self/exe probe, as {@code head -c} cuts it (trial finding B4). */
    @Test
    void aLogCutBeforeGoExitedIsReportedIncompleteWithItsCutLineAndAnUnknownGoroot() throws Exception {
        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS,
                List.of(RealTools.go("1.22").toString(), "version"), RealTraces.goEnv(tmp), null);
        byte[] whole = Files.readAllBytes(run.log());
        String text = new String(whole, StandardCharsets.ISO_8859_1);
        int cut = text.indexOf("readlinkat(") + 15;
        Path cutLog = tmp.resolve("cut.log");
        Files.write(cutLog, Arrays.copyOf(whole, cut));
        long cutLine = text.substring(0, cut).lines().count();
        String pid = text.substring(0, text.indexOf(' '));

        CliRun human = run("parse", cutLog.toString());
        assertThat(human.out()).contains("the log is incomplete: it ends before the first process (pid " + pid + ") exited",
                        "  GOROOT: unknown: the log ends before the lines that decide it")
                .containsPattern("its last line, line " + cutLine + ", is cut in the middle: " + pid + " +readlinkat\\(AT_F")
                .doesNotContain("BUILTIN_FALLBACK", "the built-in GOROOT was used");
        CliRun json = run("parse", "--json", cutLog.toString());
        assertThat(json.out()).containsPattern("\"incomplete\": \\{\\s*\"firstPid\": " + pid + ",\\s*\"cutLine\": \\{\\s*\"line\": "
                        + cutLine + ",\\s*\"text\": \"" + pid + " +readlinkat\\(")
                .containsPattern("\"effectiveGoroot\": \\{\\s*\"path\": null,\\s*\"source\": null");
        // the whole log: nothing said about incompleteness, the GOROOT proven
        CliRun complete = run("parse", "--json", run.log().toString());
        assertThat(complete.out()).doesNotContain("\"incomplete\"").contains("\"source\": \"EXE_DERIVED\"");
        assertThat(run("parse", run.log().toString()).out()).doesNotContain("incomplete");
    }

    /** An strace log parsed as dtruss half-parses (the pid reads as a RELATIVE column): a hint names the right format (trial C12). */
    @Test
    void aLogGivenTheWrongFormatGetsAHintNamingTheRightOne() {
        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS, List.of("/bin/ls", "/usr"), System.getenv(), null);
        String log = run.log().toString();

        CliRun asDtruss = run("parse", "--format", "dtruss", log);
        assertThat(asDtruss.exit()).isEqualTo(1);
        assertThat(asDtruss.out()).containsPattern("  this looks like an strace log \\(line 1: \\d+ execve\\(\"/bin/ls\".*\\); use --format strace or auto");
        assertThat(run("parse", "--json", "--format", "dtruss", log).out())
                .contains("\"formatHint\": \"this looks like an strace log (line 1: ");
        Path dtruss = RealTraces.corpus().resolve("dtruss__barusan__linux-in-practice/dtruss-python3.txt");
        CliRun asStrace = run("parse", "--format", "strace", dtruss.toString());
        assertThat(asStrace.exit()).isEqualTo(1);
        assertThat(asStrace.out()).contains("  this looks like a dtruss log (line ", "; use --format dtruss or auto");
        // the right format, or auto: no hint
        assertThat(run("parse", "--format", "strace", log).out()).doesNotContain("this looks like");
        assertThat(run("parse", dtruss.toString()).out()).doesNotContain("this looks like");
    }

    @Test
    void humanSummaryListsUnparsedLinesAndExitsWithProblems() {
        Path file = RealTraces.corpus().resolve("djanatyn__investigating-nscd/strace.log");
        CliRun o = run("parse", file.toString());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out()).contains("90 lines", "3 unparsed", "line 62: returned address", "ENOENT 15");
    }

    @Test
    void severalFilesGiveAJsonArrayAndDtrussIsDetected() {
        Path a = RealTraces.corpus().resolve("strace__strace/qual_fault-exit_group.expected");
        Path b = RealTraces.corpus().resolve("dtruss__barusan__linux-in-practice/dtruss-python3.txt");
        CliRun o = run("parse", "--json", "--format", "auto", a.toString(), b.toString());

        assertThat(o.out().strip()).startsWith("[").endsWith("]");
        assertThat(o.out()).contains("\"format\": \"strace\"", "\"format\": \"dtruss\"", "\"ENOSYS\": 1", "\"ENOTTY\": 2");
    }

    @Test
    void usageErrors() {
        assertThat(run("parse").exit()).isEqualTo(2);
        assertThat(run("parse", "--format", "ktrace", "x").err()).contains("unknown trace format 'ktrace'");
        CliRun missing = run("parse", tmp.resolve("nope.log").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.log: no such file");
    }

    @Test
    void aFileThatCannotBeReadIsExitTwoBeforeAnyReport() throws Exception {
        Path good = RealTraces.corpus().resolve("strace__strace/qual_fault-exit_group.expected");
        CliRun directory = run("parse", good.toString(), tmp.toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).contains("gotrail parse: " + tmp + ": is a directory");
        assertThat(directory.out()).isEmpty();
    }

    @Test
    void aBinaryFileIsNotATraceLogExitTwoNothingDumped() throws Exception {
        Path elf = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath(); // the running java: a real ELF program
        CliRun o = run("parse", elf.toString());
        assertThat(o.exit()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("gotrail parse: " + elf + ": not a trace log: an ELF file");
        assertThat(o.out()).isEmpty();

        // text first, then binary data: the offset of the first NUL is named
        Path data = tmp.resolve("data.log");
        Files.write(data, new byte[] {'e', 'x', 'e', 'c', 'v', 'e', '(', '\n', 'a', 0, 1, 2, (byte) 0xff});
        CliRun d = run("parse", "--json", data.toString());
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains(data + ": not a trace log: binary data (a NUL byte at byte offset 9)");
        assertThat(d.out()).isEmpty();
    }

    @Test
    void everyLogOfTheTraceCorpusPassesTheBinaryCheck() throws Exception {
        try (var files = Files.walk(RealTraces.corpus())) {
            List<Path> logs = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).toList();
            assertThat(logs).hasSizeGreaterThan(20);
            assertThat(logs).allSatisfy(f -> assertThat(ParseCommand.notATraceLog(f)).as(f.toString()).isNull());
        }
    }
}
