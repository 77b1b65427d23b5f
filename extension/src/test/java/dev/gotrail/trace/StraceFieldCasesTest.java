package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strace field cases of {@code ../shared/field-cases} (README.md there): each right value, read
 * from the shared file (never copied into the repository).
 */
class StraceFieldCasesTest {

    /** {@code ../shared/field-cases} above the working directory; fails (strict) or aborts when absent. */
    static Path fieldCase(String name) {
        Path corpus = RealTools.traceCorpus(); // ../shared/trace-corpus: field-cases is its sibling
        Path file = corpus.getParent().resolve("field-cases").resolve(name);
        assertThat(file).as("field case %s", file).isRegularFile();
        return file;
    }

    @Test
    void straceMessageSplicedIntoACallLineBecomesANoticeAndTheCallIsWhole() {
        Path file = fieldCase("strace-spliced-message.strace");
        ParsedLog log = TraceParsers.parse(file, TraceFormat.AUTO);
        assertThat(log.lines()).isEqualTo(3);
        assertThat(log.unparsed()).isEmpty();
        List<TraceEvent> calls = log.events().stream().filter(TraceEvent::isSyscall).toList();
        assertThat(calls).singleElement().satisfies(futex -> {
            assertThat(futex.name()).isEqualTo("futex");
            assertThat(futex.pid()).isEqualTo(3671414);
            assertThat(futex.args()).containsExactly("0x7fbd54003b08", "FUTEX_WAIT_PRIVATE", "0", "NULL");
            assertThat(futex.retval()).isZero();
            assertThat(futex.has(TraceEvent.INCOMPLETE)).isFalse();
            assertThat(futex.describe()).doesNotContain("strace", "Process");
        });
        assertThat(log.events()).filteredOn(e -> e.kind() == EventKind.NOTICE).singleElement()
                .satisfies(n -> assertThat(n.name()).contains("[ Process PID=3671411 runs in x32 mode. ]"));

        TraceSummary s = TraceParsers.summarize(file, TraceFormat.AUTO);
        assertThat(s.lines()).isEqualTo(3);
        assertThat(s.unparsedCount()).isZero();
        assertThat(s.syscalls()).isEqualTo(Map.of("futex", 1L));
        assertThat(s.notices()).singleElement().satisfies(n -> {
            assertThat(n.line()).isEqualTo(1);
            assertThat(n.text()).contains("[ Process PID=3671411 runs in x32 mode. ]");
        });
    }

    @Test
    void unprefixedLinesOfAnFLogBelongToTheOnlyLiveTracee() {
        Path file = fieldCase("strace-unprefixed-lines.strace");
        GoTrace t = GoTrace.from(List.of("field-case"), 0, "", "", TraceFormat.AUTO, file);
        assertThat(t.lines()).isEqualTo(12);
        assertThat(t.unparsedLines()).isEmpty();
        assertThat(t.summary().syscalls()).containsExactlyInAnyOrderEntriesOf(
                Map.of("execve", 2L, "vfork", 1L, "wait4", 1L, "exit", 1L, "exit_group", 1L));
        assertThat(t.processes()).hasSize(2);
        ProcessInfo sh = t.processes().get(0);
        assertThat(sh.pid()).isEqualTo(25620);
        assertThat(sh.parent()).isZero();
        assertThat(sh.program()).isEqualTo("/usr/bin/sh");
        assertThat(sh.exit()).isEqualTo("exited 0");
        assertThat(sh.children()).containsExactly(25621);
        ProcessInfo child = t.processes().get(1);
        assertThat(child.pid()).isEqualTo(25621);
        assertThat(child.parent()).isEqualTo(25620);
        assertThat(child.program()).isEqualTo("./a32");
        assertThat(child.exit()).isEqualTo("exited 0");
        // the vfork resumed under [pid 25620] is one call, made by the leader
        assertThat(t.calls("vfork")).singleElement().satisfies(v -> {
            assertThat(v.pid()).isEqualTo(25620);
            assertThat(v.retval()).isEqualTo(25621);
            assertThat(v.line()).isEqualTo(2);
            assertThat(v.endLine()).isEqualTo(5);
        });
        assertThat(t.events()).noneSatisfy(e -> assertThat(e.pid()).isZero());

        // the streaming summary (gotrail parse) builds the same tree
        TraceSummary s = TraceParsers.summarize(file, TraceFormat.AUTO);
        assertThat(s.processes()).isEqualTo(2);
        assertThat(s.processTree()).containsExactly(
                new TraceSummary.ProcessNode(25620, null, List.of("/usr/bin/sh"), "exited 0"),
                new TraceSummary.ProcessNode(25621, 25620, List.of("./a32"), "exited 0"));
        assertThat(s.notices()).extracting(UnparsedLine::text).containsExactly("strace: Process 25621 attached");
    }
}
