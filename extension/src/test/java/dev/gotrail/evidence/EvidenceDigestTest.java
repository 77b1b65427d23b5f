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
        assertThat(digest.get(3)).endsWith("…"); // the message is cut after two lines
        assertThat(digest.get(17)).contains("more line(s) in " + tmp.resolve("e/summary.txt"));
        assertThat(digest.get(18)).startsWith("files: " + tmp.resolve("e"));
        assertThat(digest.get(19)).isEqualTo("open:  " + tmp.resolve("e/evidence.html").toUri());
        assertThat(digest).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(240));
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
}
