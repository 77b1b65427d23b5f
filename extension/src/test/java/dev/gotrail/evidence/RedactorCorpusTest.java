package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redaction over the real-world trace corpus (../shared/trace-corpus, never copied into the
 * repository): every file is copied without an error, with the same number of lines, and only
 * lines holding a secret-named assignment change. Guards against patterns that blow up on the
 * corpus's 22 KB environment lines.
 */
class RedactorCorpusTest {

    private static final Pattern SECRET_ENTRY = Pattern.compile("\"[A-Za-z_]*(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|AUTH)[A-Za-z0-9_]*=");

    @TempDir
    Path tmp;

    @Test
    void everyCorpusLogSurvivesRedactionLineForLine() throws IOException {
        Path corpus = corpus();
        Redactor redactor = Redactor.of(SecretNames.withExtra(""));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(corpus)) {
            logs = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).toList();
        }
        assertThat(logs).hasSizeGreaterThan(20);
        long changedLines = 0;
        for (Path log : logs) {
            Path copy = tmp.resolve("copy.log");
            redactor.copyRedacted(log, copy);
            try (BufferedReader a = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1);
                 BufferedReader b = Files.newBufferedReader(copy, StandardCharsets.ISO_8859_1)) {
                String x;
                long line = 0;
                while ((x = a.readLine()) != null) {
                    line++;
                    String y = b.readLine();
                    assertThat(y).as("%s line %d", log, line).isNotNull();
                    if (!x.equals(y)) {
                        changedLines++;
                        assertThat(y).as("%s line %d changed without a secret", log, line).contains("=***");
                    } else {
                        Matcher m = SECRET_ENTRY.matcher(x);
                        assertThat(m.find() && !x.substring(m.end()).startsWith("***")).as("%s line %d keeps a secret", log, line).isFalse();
                    }
                }
                assertThat(b.readLine()).as("%s has extra lines", copy).isNull();
            }
        }
        // the -v traces of posix-omni-parser print whole environments: some entry there is secret-named
        assertThat(changedLines).isPositive();
    }

    /** ../shared/trace-corpus next to the repository, found by walking up from the working directory. */
    static Path corpus() {
        return RealTools.traceCorpus();
    }
}
