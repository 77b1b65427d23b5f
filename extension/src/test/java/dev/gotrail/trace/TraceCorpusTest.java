package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real-world log of {@code ../shared/trace-corpus} parses without exception with every line
 * accounted for, plus specific features each source is known for (SOURCES.md).
 */
class TraceCorpusTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusFileIsParsedWithEveryLineAccountedFor() throws IOException {
        Path corpus = RealTraces.corpus();
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("SOURCES.md")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream().map(f -> DynamicTest.dynamicTest(corpus.relativize(f).toString(), () -> {
            TraceSummary s = TraceParsers.summarize(f, TraceFormat.AUTO);
            ParsedLog full = TraceParsers.parse(f, TraceFormat.AUTO);
            long lines = RealTraces.countLines(f);
            assertThat(s.lines()).isEqualTo(lines);
            assertThat(full.lines()).isEqualTo(lines);
            assertThat(full.parsedLines() + full.unparsed().size()).isEqualTo(lines);
            assertThat(full.events()).hasSize((int) s.events());
            assertThat(full.unparsed()).allSatisfy(u -> assertThat(u.line()).isBetween(1L, lines));
            // a trace file of real syscalls is mostly understood
            if (s.format() == TraceFormat.STRACE && !f.toString().contains("zoom-sandbox")) {
                assertThat(s.unparsedCount()).as("unparsed: %s", s.unparsed()).isLessThanOrEqualTo(Math.max(3, lines / 100));
            }
        }));
    }

    private static ParsedLog parse(String file) {
        return TraceParsers.parse(RealTraces.corpus().resolve(file), TraceFormat.AUTO);
    }

    private static GoTrace trace(String file) {
        return GoTrace.from(List.of("corpus"), 0, "", "", TraceFormat.AUTO, RealTraces.corpus().resolve(file));
    }

    @Test
    void straceCSummaryTableIsRecognisedAsSuch() {
        TraceSummary s = TraceParsers.summarize(RealTraces.corpus().resolve("renlord__zoom-sandbox/strace.log"), TraceFormat.AUTO);
        assertThat(s.hasSummaryTable()).isTrue();
        assertThat(s.unparsedCount()).isZero();
        assertThat(s.syscalls()).isEmpty();
    }

    @Test
    void truncatedLastLineBecomesAnIncompleteCall() {
        ParsedLog log = parse("pkmoore__posix-omni-parser/testbins_server.strace");
        TraceEvent last = log.events().get(log.events().size() - 1);
        assertThat(last.name()).isEqualTo("accept");
        assertThat(last.has(TraceEvent.INCOMPLETE)).isTrue();
        assertThat(log.unparsed()).isEmpty();
        // ... and is reported as the cut line of an incomplete log (trial finding B4)
        assertThat(log.incomplete()).hasValueSatisfying(i -> assertThat(i.cutLine())
                .isEqualTo(new UnparsedLine(log.lines(), "20655 accept(7, NULL, NULL")));
        assertThat(trace("pkmoore__posix-omni-parser/testbins_server.strace").events())
                .anySatisfy(e -> assertThat(e.errno()).isEqualTo("EADDRNOTAVAIL"));
    }

    @Test
    void unfinishedAndResumedHalvesAreJoined() {
        ParsedLog log = parse("pkmoore__posix-omni-parser/test_unfinished.strace");
        TraceEvent wait = log.events().stream().filter(e -> e.name().equals("wait4")).findFirst().orElseThrow();
        assertThat(wait.retval()).isEqualTo(8216);
        assertThat(wait.args()).containsExactly("8216", "NULL", "0", "NULL");
        assertThat(wait.endLine()).isGreaterThan(wait.line());
    }

    @Test
    void strace4ResumedWithTrailingSpaceForm() {
        ParsedLog log = parse("johnlcf__Stana/firefox_no_t.out");
        assertThat(log.unparsed()).isEmpty();
        assertThat(log.events()).filteredOn(e -> e.endLine() > e.line()).hasSizeGreaterThan(1000);
        // firefox's env is abbreviated the 4.x way
        GoTrace t = trace("johnlcf__Stana/firefox_no_t.out");
        assertThat(t.execs().get(0).path()).isEqualTo("/usr/bin/firefox");
        assertThat(t.execs().get(0).env()).isEmpty();
    }

    @Test
    void injectedFaultsAndDetachedCalls() {
        ParsedLog inj = parse("strace__strace/qual_fault-exit_group.expected");
        assertThat(inj.events().get(0).has(TraceEvent.INJECTED)).isTrue();
        assertThat(inj.events().get(0).errno()).isEqualTo("ENOSYS");
        assertThat(inj.events().get(2).kind()).isEqualTo(EventKind.EXITED);
        assertThat(inj.events().get(2).retval()).isEqualTo(42);

        ParsedLog det = parse("strace__strace/status-detached.expected");
        assertThat(det.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("execve");
            assertThat(e.has(TraceEvent.DETACHED)).isTrue();
            assertThat(e.stringArg(0)).isEqualTo("../sleep");
        });
    }

    @Test
    void killedBySignalAndCoreDumps() {
        GoTrace t = trace("demurgos__git2-segfault/strace.log");
        assertThat(t.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.SIGNAL);
            assertThat(e.name()).isEqualTo("SIGSEGV");
        });
        assertThat(t.processes()).anySatisfy(p -> assertThat(p.killedBy()).isEqualTo("SIGSEGV"));
        assertThat(t.loadedSharedObjects()).extracting(SharedObject::path).anySatisfy(p -> assertThat(p).contains("libc.so.6"));
    }

    @Test
    void goRuntimeThreadsCutByExitGroup() {
        ParsedLog log = parse("wperron__go-single-threaded/strace.out");
        assertThat(log.unparsed()).isEmpty();
        assertThat(log.events()).filteredOn(e -> e.name().equals("nanosleep") && e.has(TraceEvent.INCOMPLETE)).isNotEmpty();
        assertThat(log.events()).filteredOn(e -> e.kind() == EventKind.EXITED).allSatisfy(e -> assertThat(e.retval()).isEqualTo(2));
    }

    @Test
    void hexEscapedPathsAreDecodedByteExact() {
        GoTrace t = trace("morenbach__strace-parser/strace.txt");
        assertThat(t.opened()).extracting(FileAccess::path).contains("/etc/ld.so.cache");
    }

    @Test
    void libraryProbesFailWithEnoent() {
        GoTrace t = trace("Alex-XJK__stracetools/ls.strace.out");
        assertThat(t.failedAccesses()).anySatisfy(f -> {
            assertThat(f.path()).contains("glibc-hwcaps");
            assertThat(f.errno()).isEqualTo("ENOENT");
        });
        assertThat(t.unparsedLines()).isEmpty();
    }

    @Test
    void execveSearchChainAndShortLivedProcesses() {
        GoTrace t = trace("akawashiro__straceprof/npm-install.log");
        assertThat(t.execs()).filteredOn(e -> "ENOENT".equals(e.errno())).isNotEmpty();
        assertThat(t.execs()).filteredOn(ExecCall::succeeded).isNotEmpty();
        assertThat(t.processes().size()).isGreaterThan(3);
        // traced with --trace=execve,exit*: no clone lines, so every pid is a root with its exit status
        assertThat(t.processes()).allSatisfy(p -> assertThat(p.parent()).isZero());
        assertThat(t.processes()).anySatisfy(p -> assertThat(p.exitCode()).isPresent());
    }

    @Test
    void attachedMultiThreadedStrace4LogStartsMidCall() {
        ParsedLog log = parse("zicada__bug-ASTERISK-27262/strace.log");
        assertThat(log.events().get(0).name()).isEqualTo("restart_syscall");
        assertThat(log.unparsed()).isEmpty();
        assertThat(log.events()).filteredOn(e -> e.endLine() > e.line()).hasSizeGreaterThan(4000);
        assertThat(log.events()).anySatisfy(e -> assertThat(e.name()).isEqualTo("SIGURG"));
    }

    @Test
    void timestampsAndDurations() {
        ParsedLog log = parse("johnlcf__Stana/stardict_T.out");
        TraceEvent first = log.events().get(0);
        assertThat(first.timeNanos()).isNotEqualTo(TraceEvent.UNKNOWN);
        assertThat(log.events()).filteredOn(e -> e.durationNanos() != TraceEvent.UNKNOWN).hasSizeGreaterThan(1000);
        assertThat(log.events()).filteredOn(e -> e.kind() == EventKind.SIGNAL).hasSize(16);
    }

    @Test
    void programOutputBetweenTheHalvesOfAWriteIsKeptAsUnparsed() {
        ParsedLog log = parse("djanatyn__investigating-nscd/strace.log");
        assertThat(log.unparsed()).extracting(UnparsedLine::text).allSatisfy(t -> assertThat(t).startsWith("returned address:"));
        assertThat(log.events()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("write");
            assertThat(e.retval()).isEqualTo(129);
        });
    }

    @Test
    void dtrussAppleLayoutWithHexThreadIdsAndCallCount() {
        ParsedLog log = parse("dtruss__YoungHaKim7__radare2_reverse-engineering_training/dtruss-a-arm64.txt");
        assertThat(log.format()).isEqualTo(TraceFormat.DTRUSS);
        assertThat(log.events()).filteredOn(e -> e.kind() == EventKind.SUMMARY).hasSizeGreaterThan(30);
        assertThat(log.events()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("stat64");
            assertThat(e.pid()).isEqualTo(4966);
            assertThat(e.errno()).isEqualTo("ENOENT");
        });
        assertThat(log.unparsed()).extracting(UnparsedLine::text).contains("[72, 101, 108, 108, 111, 44, 32, 82, 117, 115, 116, 33]");
        GoTrace t = trace("dtruss__YoungHaKim7__radare2_reverse-engineering_training/dtruss-a-arm64.txt");
        assertThat(t.failedAccesses()).anySatisfy(f -> assertThat(f.path()).isEqualTo("/usr/lib/libSystem.B.dylib"));
    }

    @Test
    void dtrussBareErrnoAndDtraceNoise() {
        ParsedLog log = parse("dtruss__deepns__deepns.github.io/dtruss-du-h-sip-on.txt");
        assertThat(log.format()).isEqualTo(TraceFormat.DTRUSS);
        assertThat(log.events()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("access");
            assertThat(e.errno()).isEqualTo("ENOENT");
        });
        assertThat(log.events()).anySatisfy(e -> assertThat(e.name()).startsWith("dtrace: "));
        assertThat(log.unparsed()).extracting(UnparsedLine::text).contains("Password:");
    }

    @Test
    void dtrussSolarisLayoutWithLwpColumn() {
        ParsedLog log = parse("dtruss__opendtrace__toolkit/dtruss_example.txt");
        assertThat(log.events()).anySatisfy(e -> {
            assertThat(e.pid()).isEqualTo(27547);
            assertThat(e.name()).isEqualTo("llseek");
            assertThat(e.retval()).isEqualTo(3662);
        });
        ParsedLog notes = parse("dtruss__apple-oss-distributions__dtrace/dtruss_notes.txt");
        assertThat(notes.events()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("open");
            assertThat(e.stringArg(0)).isEqualTo("/var/ld/ld.config\0");
            assertThat(e.errno()).isEqualTo("ENOENT");
        });
    }
}
