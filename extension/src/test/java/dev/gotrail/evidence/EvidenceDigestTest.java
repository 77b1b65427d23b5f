package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceDigestTest {

    @TempDir
    Path tmp;

    @Test
    void neverMoreThanTwentyLinesAndTheFilesAlwaysLast() throws Exception {
        EvidenceBundle bundle = new EvidenceBundle("[engine:junit-jupiter]/[class:x.T]/[method:m()]", "T > m()");
        for (int i = 0; i < 40; i++) {
            bundle.addNote("note " + i);
        }
        bundle.addExpectation("something specific");
        String longMessage = "word ".repeat(400);
        WrittenEvidence written = new EvidenceWriter(Redactor.of(SecretNames.withExtra("")))
                .write(bundle, Verdict.failedWith(new AssertionError(longMessage)), tmp.resolve("e"));

        List<String> digest = written.digest();
        assertThat(digest).hasSize(EvidenceDigest.MAX_LINES);
        assertThat(digest.get(0)).isEqualTo("gotrail evidence for T > m() (FAILED)");
        assertThat(digest.get(1)).isEqualTo("expected: something specific");
        assertThat(digest.get(2)).startsWith("failure:  word word");
        assertThat(digest.get(5)).endsWith(" …"); // the message is cut after four lines, at a word
        assertThat(digest.subList(2, 6)).allSatisfy(line -> assertThat(line.strip().split(" +")).isSubsetOf("word", "failure:", "…"));
        assertThat(digest.get(17)).contains("more line(s) in " + tmp.resolve("e/summary.txt"));
        assertThat(digest.get(18)).startsWith("files: " + tmp.resolve("e"));
        assertThat(digest.get(19)).isEqualTo("open:  " + tmp.resolve("e/evidence.html").toUri());
        assertThat(digest).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(240)); // no word is longer here
        // everything the digest leaves out is in summary.txt
        assertThat(tmp.resolve("e/summary.txt")).content().contains("note 39", longMessage.strip());
    }

    @Test
    void abortedTestsGiveTheirReason() throws Exception {
        EvidenceBundle bundle = new EvidenceBundle("[engine:junit-jupiter]/[class:x.T]/[method:m()]", "T > m()");
        bundle.addNote("n");
        WrittenEvidence written = new EvidenceWriter(Redactor.of(SecretNames.withExtra("")))
                .write(bundle, Verdict.abortedWith(new org.opentest4j.TestAbortedException("libpthread.so.0 not found")), tmp);

        assertThat(written.digest().get(0)).endsWith("(ABORTED)");
        assertThat(written.digest().get(1)).isEqualTo("reason:   libpthread.so.0 not found");
        assertThat(written.html()).content().contains("<header class=\"aborted\">", "Abort reason");
    }

    @Test
    void longWordsAreNeverBrokenAndMultiLineMessagesKeepTheirLines() throws Exception {
        String path = "/very/long/" + "directory-name-without-spaces/".repeat(10) + "go.mod"; // 313 characters
        String token = "x".repeat(250);
        String message = "Expecting\n  " + path + "\nto use GOROOT\n  /usr/local/go\nbut the trace shows GOROOT\n  /usr/lib/go-1.21\n"
                + "and the word " + token + " is long too";
        EvidenceBundle bundle = new EvidenceBundle("[engine:junit-jupiter]/[class:x.T]/[method:m()]", "T > m()");
        bundle.addNote("note with " + path);
        List<String> digest = new EvidenceWriter(Redactor.of(SecretNames.withExtra("")))
                .write(bundle, Verdict.failedWith(new AssertionError(message)), tmp.resolve("w")).digest();

        assertThat(digest).contains("failure:  Expecting", "          " + path, // wider than a line: whole, on its own
                "          to use GOROOT /usr/local/go",
                "          but the trace shows GOROOT /usr/lib/go-1.21 …", // four lines of message; the rest is in summary.txt
                "note: note with " + path);
        List<String> tokenDigest = new EvidenceWriter(Redactor.of(SecretNames.withExtra("")))
                .write(bundle, Verdict.failedWith(new AssertionError("the word " + token + " is long")), tmp.resolve("t")).digest();
        assertThat(tokenDigest).contains("failure:  the word", "          " + token, "          is long");
        for (String line : digest) {
            for (String word : line.strip().split(" +")) {
                assertThat(word).as("no word of the digest is a broken piece of a word of the message")
                        .matches(w -> (message + " " + path).contains(w) || !w.matches("[-/a-z.x]{20,}"));
            }
        }
    }

    @Test
    void aTimeoutMessageKeepsOneLinePerProcess() throws Exception {
        String message = "go build did not finish within its timeout of PT5S and was killed with its whole process tree.\n"
                + "Collected until the kill: 389 trace lines, 385 events, 3 processes (pids 1 2 3)\n"
                + "Still running at the kill (no exit in the trace), each with its last system call:\n"
                + "  pid 1 (/usr/lib/go-1.21/bin/go): line 94: 1 waitid(P_PID, 3,) <unfinished ...>\n"
                + "  pid 3 (/usr/bin/sleep): line 389: 3 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=300, tv_nsec=0},) <unfinished ...>\n";
        List<String> lines = EvidenceDigest.messageLines(Verdict.failedWith(new AssertionError(message)).rawMessageLines(12), 180, 4);
        assertThat(lines).containsExactly(
                "go build did not finish within its timeout of PT5S and was killed with its whole process tree.",
                "Collected until the kill: 389 trace lines, 385 events, 3 processes (pids 1 2 3)",
                "Still running at the kill (no exit in the trace), each with its last system call:",
                "pid 1 (/usr/lib/go-1.21/bin/go): line 94: 1 waitid(P_PID, 3,) <unfinished ...> …");
    }
}
