package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * The two field kinds of strace's stderr output, generated: a {@code -f} log written with {@code -o}
 * (every line prefixed with its pid) against the same run written to stderr (no {@code [pid N]}
 * prefix while one process is alive, {@code Process N attached} written into the forking call's
 * line), and strace's messages cut into lines at random byte positions. Counts and the process
 * tree must not change.
 */
class StraceStderrPropertiesTest {

    /** strace messages that say nothing about which processes live: spliced anywhere, they must change nothing. */
    // "[ Process PID=N runs in … mode. ]" comes in both forms: as strace's stderr message ("strace: [ … ]",
    // which can land anywhere, so it is here) and as a trace line of its own that strace prints after
    // printleader() has ended any open line (never inside one: the @Example cases and StraceStderrRealTest).
    private static final List<String> MESSAGES = List.of(
            "strace: ptrace_setoptions = 0x5f",
            "strace: [wait(0x80137f) = 101] WIFSTOPPED,sig=SIGSTOP,EVENT_STOP (128)",
            "^Cstrace: WARNING: cannot do it",
            "strace: next_event: queued pid 102",
            "strace: [ Process PID=100 runs in 32 bit mode. ]",
            "strace: [ Process PID=101 runs in x32 mode. ]");

    /** The same run written both ways. */
    record Logs(List<String> withO, List<String> stderr) {
    }

    /**
     * Plays a random process script from {@code choices}: calls, forks, exits and kills of live
     * processes, and calls left {@code <unfinished ...>} while another process runs.
     */
    static Logs play(List<Integer> choices) {
        List<Integer> live = new ArrayList<>(List.of(100));
        List<String> o = new ArrayList<>();
        List<String> e = new ArrayList<>();
        int next = 101;
        for (int c : choices) {
            int op = c % 6;
            int pid = live.get((c / 6) % live.size());
            if (op == 2 && live.size() < 5) {
                int child = next++;
                o.add(pid + "  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = " + child);
                // strace attaches the child while the parent's line is open, and says so in it
                e.add(prefix(live, pid) + "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD"
                        + "strace: Process " + child + " attached");
                e.add(", child_tidptr=0x7f) = " + child);
                live.add(child);
            } else if (op == 3 && live.size() > 1) {
                String end = c % 4 == 0 ? "+++ killed by SIGKILL +++" : "+++ exited with " + (c % 3) + " +++";
                both(o, e, live, pid, end);
                live.remove(Integer.valueOf(pid));
            } else if (op == 4 && live.size() > 1) {
                int other = live.get((live.indexOf(pid) + 1) % live.size());
                both(o, e, live, pid, "read(0,  <unfinished ...>");
                both(o, e, live, other, "getppid() = 1");
                both(o, e, live, pid, "<... read resumed>\"x\\n\", 2) = 2");
            } else if (op == 5) {
                both(o, e, live, pid, "execve(\"/bin/p" + pid + "\", [\"p\"], 0x7ffd /* 3 vars */) = 0");
            } else {
                both(o, e, live, pid, "openat(AT_FDCWD, \"/etc/p" + pid + "\", O_RDONLY) = -1 ENOENT (No such file or directory)");
            }
        }
        while (!live.isEmpty()) {
            int pid = live.get(0);
            both(o, e, live, pid, "exit_group(0) = ?");
            both(o, e, live, pid, "+++ exited with 0 +++");
            live.remove(0);
        }
        return new Logs(o, e);
    }

    private static void both(List<String> o, List<String> e, List<Integer> live, int pid, String body) {
        o.add(pid + "  " + body);
        e.add(prefix(live, pid) + body);
    }

    /** strace prints {@code [pid N]} on stderr only while it traces more than one process. */
    private static String prefix(List<Integer> live, int pid) {
        return live.size() > 1 ? "[pid " + pid + "] " : "";
    }

    @Provide
    Arbitrary<List<Integer>> scripts() {
        return Arbitraries.integers().between(0, 9999).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> splices() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 100_000);
        return Combinators.combine(any, any, Arbitraries.integers().between(0, MESSAGES.size() - 1)).as(Tuple::of)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300)
    void prefixesDroppedWhileOneProcessLivesChangeNothing(@ForAll("scripts") List<Integer> script) {
        Logs logs = play(script);
        TraceSummary o = summarize(logs.withO());
        TraceSummary e = summarize(logs.stderr());
        assertThat(o.unparsedCount()).isZero();
        assertThat(e.unparsedCount()).as("unparsed %s in%n%s", e.unparsed(), String.join("\n", logs.stderr())).isZero();
        assertThat(e.lines()).isEqualTo(logs.stderr().size());
        assertThat(e.syscalls()).isEqualTo(o.syscalls());
        assertThat(leaderNamed(e.processTree())).as("stderr form:%n%s", String.join("\n", logs.stderr()))
                .isEqualTo(o.processTree());
        assertThat(e.notices()).hasSize(o.processTree().size() - 1); // one "attached" per child

        ParsedLog full = parse(logs.stderr());
        ParsedLog fullO = parse(logs.withO());
        assertThat(full.events().stream().filter(TraceEvent::isSyscall).map(x -> x.pid() == 0 ? 100 : x.pid()).toList())
                .isEqualTo(fullO.events().stream().filter(TraceEvent::isSyscall).map(TraceEvent::pid).toList());
    }

    @Property(tries = 1000)
    void straceMessagesSplicedAtRandomBytePositionsChangeNothing(@ForAll("scripts") List<Integer> script,
            @ForAll("splices") List<Tuple3<Integer, Integer, Integer>> splices, @ForAll boolean oForm) {
        Logs logs = play(script);
        List<String> clean = oForm ? logs.withO() : logs.stderr();
        List<String> spliced = new ArrayList<>(clean);
        for (Tuple3<Integer, Integer, Integer> s : splices) {
            int i = s.get1() % spliced.size();
            String line = spliced.get(i);
            int limit = line.length(); // not inside a message already there
            for (String m : MESSAGES) {
                limit = line.contains(m) ? Math.min(limit, line.indexOf(m)) : limit;
            }
            limit = line.contains("strace: Process") ? Math.min(limit, line.indexOf("strace: Process")) : limit;
            int at = s.get2() % (limit + 1);
            if (at > 0 && line.charAt(at - 1) == '/') {
                at--; // "/bin/" + "strace: ..." reads as strace run as /bin/strace: ambiguous by nature (see StraceMessages)
            }
            // strace writes its message (with its newline) where the line had got to; the line goes on after it
            spliced.set(i, line.substring(0, at) + MESSAGES.get(s.get3()));
            spliced.add(i + 1, line.substring(at));
        }
        TraceSummary before = summarize(clean);
        TraceSummary after = summarize(spliced);
        String shown = String.join("\n", spliced);
        assertThat(after.unparsedCount()).as("unparsed %s in%n%s", after.unparsed(), shown).isZero();
        assertThat(after.lines()).isEqualTo(clean.size() + splices.size());
        assertThat(after.syscalls()).as(shown).isEqualTo(before.syscalls());
        assertThat(after.processTree()).as(shown).isEqualTo(before.processTree());
        assertThat(after.notices()).hasSize(before.notices().size() + splices.size());
        assertThat(parse(spliced).events()).filteredOn(x -> x.kind() != EventKind.NOTICE)
                .allSatisfy(x -> assertThat(x.describe()).doesNotContain("strace: ", "^C"));
    }

    @Example
    void aReturnValueSplitByTwoMessagesIsOneCallOfTheSameProcess() {
        // found by the property: "= -" message "1 E" message "NOENT ..." once read "1 " as a pid prefix
        List<String> clean = List.of("openat(AT_FDCWD, \"/etc/p100\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "exit_group(0) = ?", "+++ exited with 0 +++");
        List<String> spliced = List.of("openat(AT_FDCWD, \"/etc/p100\", O_RDONLY) = -strace: ptrace_setoptions = 0x5f",
                "1 Estrace: [ Process PID=101 runs in x32 mode. ]", "NOENT (No such file or directory)",
                "exit_group(0) = ?", "+++ exited with 0 +++");
        TraceSummary before = summarize(clean);
        TraceSummary after = summarize(spliced);
        assertThat(after.unparsedCount()).isZero();
        assertThat(after.syscalls()).isEqualTo(before.syscalls());
        assertThat(after.processTree()).isEqualTo(before.processTree());
        assertThat(after.notices()).hasSize(2);
        assertThat(parse(spliced).events()).filteredOn(x -> x.kind() != EventKind.NOTICE).first()
                .satisfies(x -> assertThat(x.describe()).contains("= -1 ENOENT").doesNotContain("strace"));
    }

    @Example
    void aMessageBeforeTheAttachOfAForkKeepsTheForkWithTheProcessThatCalledIt() {
        // found by the property in CI (seed -2248839185963990534): the second clone's line was broken by
        // "ptrace_setoptions" and then by "Process 102 attached" on a line of its own; the attach counted
        // at once made two processes live, so the unprefixed clone went to the leader (already gone)
        List<String> clean = List.of("[pid 100] +++ exited with 0 +++",
                "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLDstrace: Process 102 attached",
                ", child_tidptr=0x7f) = 102", "[pid 101] exit_group(0) = ?", "[pid 101] +++ exited with 0 +++",
                "exit_group(0) = ?", "+++ exited with 0 +++");
        List<String> head = List.of("clone(child_stack=NULL, flags=SIGCHLDstrace: Process 101 attached",
                ", child_tidptr=0x7f) = 101");
        List<String> spliced = new ArrayList<>(clean);
        spliced.set(1, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLDstrace: ptrace_setoptions = 0x5f");
        spliced.add(2, "strace: Process 102 attached");
        TraceSummary before = summarize(concat(head, clean));
        TraceSummary after = summarize(concat(head, spliced));
        assertThat(before.processTree()).extracting(TraceSummary.ProcessNode::parent).containsExactly(null, 100, 101);
        assertThat(after.unparsedCount()).isZero();
        assertThat(after.processTree()).isEqualTo(before.processTree());
        assertThat(after.syscalls()).isEqualTo(before.syscalls());
        assertThat(after.notices()).hasSize(3);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Example
    void twoMessagesSplicedIntoOneRecordOneAfterItsPidOneAfterItsSpaces() {
        // found by the property below: "100" + message, "  " + message, then the rest of the record
        List<String> clean = List.of("100  openat(AT_FDCWD, \"/etc/p100\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "100  exit_group(0) = ?", "100  +++ exited with 0 +++");
        List<String> spliced = List.of("100strace: [ Process PID=100 runs in 32 bit mode. ]",
                "  strace: [ Process PID=100 runs in 32 bit mode. ]",
                "openat(AT_FDCWD, \"/etc/p100\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "100  exit_group(0) = ?", "100  +++ exited with 0 +++");
        TraceSummary before = summarize(clean);
        TraceSummary after = summarize(spliced);
        assertThat(after.unparsedCount()).isZero();
        assertThat(after.processTree()).isEqualTo(before.processTree());
        assertThat(after.syscalls()).isEqualTo(before.syscalls());
        assertThat(after.notices()).hasSize(2);
    }

    @Example
    void strace4ModeLineOnItsOwnIsANoticeAndBlankLinesAreNotUnparsed() {
        ParsedLog log = parse(List.of("execve(\"./a32\", [\"./a32\"], 0x7ffd /* 3 vars */) = 0",
                "[ Process PID=25621 runs in 32 bit mode. ]", "", "   ", "^C", "exit_group(0) = ?"));
        assertThat(log.unparsed()).isEmpty();
        assertThat(log.lines()).isEqualTo(6);
        assertThat(log.events()).filteredOn(e -> e.kind() == EventKind.NOTICE).extracting(TraceEvent::name)
                .containsExactly("[ Process PID=25621 runs in 32 bit mode. ]", "^C");
        assertThat(log.events()).filteredOn(TraceEvent::isSyscall).hasSize(2);
    }

    @Example
    void anExecveLeftUnfinishedAtTheEndIsStillAnExecOfTheTree() {
        List<String> lines = List.of("100  clone(child_stack=NULL, flags=SIGCHLD) = 101",
                "101  execve(\"/bin/true\", [\"true\"], 0x7ffd /* 3 vars */ <unfinished ...>");
        TraceSummary s = summarize(lines);
        assertThat(s.processTree()).containsExactly(new TraceSummary.ProcessNode(100, null, List.of(), null),
                new TraceSummary.ProcessNode(101, 100, List.of("/bin/true <unfinished ...>"), null));
        TraceAnalysis a = new TraceAnalysis(parse(lines).events());
        assertThat(a.execs).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("/bin/true");
            assertThat(x.unfinished()).isTrue();
            assertThat(x.evidence()).endsWith("<unfinished ...>");
        });
        assertThat(a.processes().get(1).execs()).hasSize(1);
    }

    @Property(tries = 500)
    void straceQuotingUndoneByTheDecoderIsTheIdentity(@ForAll byte[] raw, @ForAll boolean hex) {
        String quoted = "\"" + StraceValues.quote(raw, hex) + "\"";
        assertThat(StraceValues.decodeStringBytes(quoted)).isEqualTo(raw);
        // and as the parser meets it, inside a call line
        ParsedLog log = parse(List.of("write(1, " + quoted + ", " + raw.length + ") = " + raw.length));
        assertThat(log.unparsed()).isEmpty();
        assertThat(TraceText.encode(log.events().get(0).stringArg(1))).isEqualTo(raw);
    }

    /** The stderr tree with the first process named, when its pid never showed (then it is 0). */
    private static List<TraceSummary.ProcessNode> leaderNamed(List<TraceSummary.ProcessNode> tree) {
        return tree.stream().map(n -> new TraceSummary.ProcessNode(n.pid() == 0 ? 100 : n.pid(),
                n.parent() != null && n.parent() == 0 ? Integer.valueOf(100) : n.parent(), n.execs(), n.exit())).toList();
    }

    private static byte[] bytes(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static TraceSummary summarize(List<String> lines) {
        TraceSummary s = new TraceSummary(null, TraceFormat.STRACE);
        try {
            StraceParser.parse(new ByteArrayInputStream(bytes(lines)), s, 0);
        } catch (IOException x) {
            throw new AssertionError(x);
        }
        return s;
    }

    static ParsedLog parse(List<String> lines) {
        TraceParsers.Collector c = new TraceParsers.Collector();
        try {
            StraceParser.parse(new ByteArrayInputStream(bytes(lines)), c, 0);
        } catch (IOException x) {
            throw new AssertionError(x);
        }
        return new ParsedLog(null, TraceFormat.STRACE, c.lines, c.events, c.unparsed);
    }
}
