package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {

    private final Redactor redactor = Redactor.of(SecretNames.withExtra("PRIVATE_THING"));

    @Test
    void execveEnvironmentEntriesLoseTheirValues() {
        String line = "28733 execve(\"/usr/lib/go-1.21/bin/go\", [\"go\", \"env\"], [\"GITHUB_TOKEN=ghp_abc def\", "
                + "\"SHELL=/bin/bash\", \"AWS_SECRET_ACCESS_KEY=wJalr/K7MDENG\", \"MY_PRIVATE_THING=x\"]) = 0";

        assertThat(redactor.redactTraceLine(line)).isEqualTo("28733 execve(\"/usr/lib/go-1.21/bin/go\", [\"go\", \"env\"], "
                + "[\"GITHUB_TOKEN=***\", \"SHELL=/bin/bash\", \"AWS_SECRET_ACCESS_KEY=***\", \"MY_PRIVATE_THING=***\"]) = 0");
    }

    @Test
    void hexEscapedStringsAreDecodedBeforeTheyAreChecked() {
        // strace -xx prints every byte as \xNN: the name cannot be seen without decoding
        String hex = toHex("NPM_TOKEN=npm_123456");
        String line = "execve(\"/bin/true\", [\"true\"], [\"" + hex + "\", \"" + toHex("HOME=/root") + "\"]) = 0";

        String redacted = redactor.redactTraceLine(line);

        assertThat(redacted).contains("\"NPM_TOKEN=***\"").contains(toHex("HOME=/root")).doesNotContain(hex);
    }

    @Test
    void plainTextAssignmentsAndEmbeddedAssignments() {
        assertThat(redactor.redactText("GITHUB_TOKEN=abc\nGOPATH=/root/go\nexport API_KEY='k e y'"))
                .isEqualTo("GITHUB_TOKEN=***\nGOPATH=/root/go\nexport API_KEY=***");
        assertThat(redactor.redactText("docker run --env=CI_JOB_TOKEN=glcbt-xyz image"))
                .isEqualTo("docker run --env=CI_JOB_TOKEN=*** image");
        assertThat(redactor.redactTraceLine("write(1, \"GOFLAGS=-x\\nDB_PASSWORD=hunter2\\n\", 31) = 31"))
                .isEqualTo("write(1, \"GOFLAGS=-x\\nDB_PASSWORD=***\\n\", 31) = 31");
    }

    /** Fix hints show placeholders, not secrets: "KEY=VALUE" stays readable, a real value next to it does not. */
    @Test
    void placeholderValuesInHelpTextsStay() {
        assertThat(redactor.redactText("should be in KEY=VALUE format; write KEY=VALUE or KEY=… to set a variable"))
                .isEqualTo("should be in KEY=VALUE format; write KEY=VALUE or KEY=… to set a variable");
        assertThat(redactor.redactText("API_KEY=VALUE2 and API_KEY=VALUE")).isEqualTo("API_KEY=*** and API_KEY=VALUE");
    }

    @Test
    void harmlessNamesAndWordsStayUntouched() {
        String line = "openat(AT_FDCWD, \"/usr/lib/go-1.21/pkg/tool/linux_amd64/compile\", O_RDONLY|O_CLOEXEC) = 3";

        assertThat(redactor.redactTraceLine(line)).isEqualTo(line);
        assertThat(redactor.redactText("MONKEY_BUSINESS_ID is fine but KEYBOARD=us is a KEY name")).isEqualTo(
                "MONKEY_BUSINESS_ID is fine but KEYBOARD=*** is a KEY name"); // KEY matches as a substring, by design
        assertThat(redactor.redactText("GOROOT=/usr/lib/go-1.21")).isEqualTo("GOROOT=/usr/lib/go-1.21");
    }

    @Test
    void knownSecretValuesAreMaskedWhereverTheyAppear() {
        Redactor withValues = redactor.withSecretValuesFrom(Map.of("GITHUB_TOKEN", "ghp_Zq8ÄuniqueTokenValue", "SHORT_KEY", "abc",
                "PATH", "/usr/bin"));

        assertThat(withValues.redactText("echo ghp_Zq8ÄuniqueTokenValue | login")).isEqualTo("echo *** | login");
        assertThat(withValues.redactText("abc is too short to hunt for; /usr/bin is not secret"))
                .isEqualTo("abc is too short to hunt for; /usr/bin is not secret");
        String latin1Line = new String("read(3, \"ghp_Zq8ÄuniqueTokenValue\", 64) = 25".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        assertThat(withValues.redactTraceLine(latin1Line)).isEqualTo("read(3, \"***\", 64) = 25");
    }

    @Test
    void environmentMapsAreSortedAndMasked() {
        assertThat(redactor.redactEnvironment(Map.of("ZED", "1", "GH_AUTH", "x", "A_PASSWD", "p")))
                .containsExactly(Map.entry("A_PASSWD", "***"), Map.entry("GH_AUTH", "***"), Map.entry("ZED", "1"));
    }

    @Test
    void copyKeepsEveryLineAndBytesOutsideSecrets(@TempDir Path tmp) throws Exception {
        Path source = tmp.resolve("in.log");
        byte[] odd = {'o', 'p', 'e', 'n', '(', '"', (byte) 0xff, (byte) 0xfe, '"', ')', '\n'};
        Files.write(source, odd);
        Files.writeString(source, "execve(\"/x\", [], [\"SESSION_SECRET=s3cr3t\"]) = 0\nexit_group(0) = ?\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Path target = tmp.resolve("out.log");

        redactor.copyRedacted(source, target);

        byte[] out = Files.readAllBytes(target);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).isEqualTo(new String(odd, StandardCharsets.ISO_8859_1)
                + "execve(\"/x\", [], [\"SESSION_SECRET=***\"]) = 0\nexit_group(0) = ?\n");
    }

    @Property(tries = 300)
    void noSecretSurvivesInAnyQuotingStyle(@ForAll @AlphaChars @NumericChars @StringLength(min = 6, max = 40) String value,
                                           @ForAll boolean hex) {
        String entry = "CI_DEPLOY_PASSWORD=" + value;
        String quoted = hex ? toHex(entry) : Redactor.escape(entry);
        String line = "1234 execve(\"/bin/go\", [\"go\"], [\"HOME=/root\", \"" + quoted + "\"]) = 0";

        String redacted = redactor.redactTraceLine(line);

        assertThat(redacted).doesNotContain(value).doesNotContain(quoted).contains("CI_DEPLOY_PASSWORD=***").contains("HOME=/root");
    }

    private static String toHex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append(String.format("\\x%02x", b & 0xff));
        }
        return sb.toString();
    }
}
