package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Summaries computed on several threads equal the sequential ones, unfinished calls across chunk cuts included. */
class ParallelSummaryTest {

    @ParameterizedTest
    @ValueSource(strings = {"zicada__bug-ASTERISK-27262/strace.log", "johnlcf__Stana/firefox_no_t.out",
            "johnlcf__Stana/stardict_T.out", "ericmoritz__uwsgi-fastrouter-bug/strace.log",
            "pkmoore__posix-omni-parser/testbins_shell.strace", "djanatyn__investigating-nscd/strace.log"})
    void chunkedSummaryEqualsTheSequentialOne(String name) {
        Path file = RealTraces.corpus().resolve(name);
        TraceSummary sequential = new TraceSummary(file, TraceFormat.STRACE);
        StraceParser.parse(file, sequential);
        for (int threads : new int[] {2, 3, 7}) {
            TraceSummary parallel = ParallelSummary.summarize(file, TraceFormat.STRACE, threads);
            assertThat(parallel.toJsonMap()).as("%d threads", threads).isEqualTo(sequential.toJsonMap());
            assertThat(parallel.lines()).isEqualTo(RealTraces.countLines(file));
        }
    }
}
