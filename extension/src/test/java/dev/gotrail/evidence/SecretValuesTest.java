package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.config.InvalidConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The examples of the table in docs/evidence.md ("Redaction"), each as written and as redacted. */
class SecretValuesTest {

    private final Redactor redactor = Redactor.of(SecretNames.withExtra(""));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            URL userinfo            | GOPROXY=https://ci-user:s3cr3t@proxy.example.com/go,direct | GOPROXY=https://ci-user:***@proxy.example.com/go,direct
            password with @         | git clone https://bot:p@ss:w@rd@git.example.com/a.git      | git clone https://bot:***@git.example.com/a.git
            proxy userinfo          | HTTPS_PROXY=http://proxy-user:hunter22@10.0.0.1:3128       | HTTPS_PROXY=http://proxy-user:***@10.0.0.1:3128
            no password: kept       | ssh://git@github.com:22/org/repo.git https://host:8080/x    | ssh://git@github.com:22/org/repo.git https://host:8080/x
            Authorization header    | curl -H 'Authorization: Basic dXNlcjpwYXNz' https://h/      | curl -H 'Authorization: Basic ***' https://h/
            Authorization JSON      | `{"Authorization": "token abcdef0123"}`                    | `{"Authorization": "token ***"}`
            Bearer token            | sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig to the API        | sent Bearer *** to the API
            GitHub classic token    | GOFLAGS=-x token ghp_R2d2C3poR2d2C3poR2d2C3poR2d2C3po1234   | GOFLAGS=-x token ghp_***
            GitHub fine-grained     | github_pat_11ABCDEFG0123456789_abcdefghijklmnop              | github_pat_***
            GitHub app token        | ghs_abcdefghijklmnopqrstuvwxyz0123456789 gho_0123456789abcd | ghs_*** gho_***
            GitLab token            | https://oauth2:glpat-AbCdEf123456_xyZ@gitlab.example.com/g   | https://oauth2:***@gitlab.example.com/g
            GitLab bare             | CI says glpat-AbCdEf123456-xyZ                               | CI says glpat-***
            AWS key id              | id AKIAIOSFODNN7EXAMPLE                                      | id AKIA***
            AWS pair                | AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | AKIA*** ***
            AWS secret by name      | aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY       | aws_secret_access_key = ***
            git hash kept           | AKIAIOSFODNN7EXAMPLE at 0123456789abcdef0123456789abcdef01234567 | AKIA*** at 0123456789abcdef0123456789abcdef01234567
            Slack token             | xoxb-123456789012-abcdefABCDEF                               | xoxb-***
            npm token               | echo npm_abcdefghijklmnopqrstuvwxyz0123                      | echo npm_***
            PyPI token              | password = pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAw                 | password = pypi-***
            Google API key          | api AIzaSyA-0123456789abcdefghijklmnopqrstu                  | api AIza***
            innocent text kept      | GOROOT=/usr/lib/go-1.21 GOPROXY=https://goproxy.example,direct | GOROOT=/usr/lib/go-1.21 GOPROXY=https://goproxy.example,direct
            npm config kept         | npm_config_cache=/root/.npm ghp_short                        | npm_config_cache=/root/.npm ghp_short
            """)
    void documentedExamples(String rule, String text, String expected) {
        assertThat(redactor.redactText(text)).as(rule).isEqualTo(expected);
    }

    @Test
    void execveEnvironmentOfAnyNameHidesTheUrlPassword() {
        String line = "4242 execve(\"/usr/bin/go\", [\"go\", \"mod\", \"download\"], [\"GOPROXY=https://ci-user:PASSWORD@proxy.example.com/go\", "
                + "\"HOME=/root\"]) = 0";
        assertThat(redactor.redactTraceLine(line)).isEqualTo("4242 execve(\"/usr/bin/go\", [\"go\", \"mod\", \"download\"], "
                + "[\"GOPROXY=https://ci-user:***@proxy.example.com/go\", \"HOME=/root\"]) = 0");
    }

    @Test
    void stringsCutByStraceDoNotLeakTheBeginningOfASecret() {
        // strace -s 32: the string ends inside the userinfo, the '@' that marks it is gone
        assertThat(redactor.redactTraceLine("execve(\"/bin/go\", [\"go\"], [\"GOPROXY=https://ci-user:PASSW\"..., \"HOME=/root\"]) = 0"))
                .isEqualTo("execve(\"/bin/go\", [\"go\"], [\"GOPROXY=https://ci-user:***\"..., \"HOME=/root\"]) = 0");
        assertThat(redactor.redactTraceLine("write(1, \"token: ghp_R2d2\"..., 64) = 64"))
                .isEqualTo("write(1, \"token: ghp_***\"..., 64) = 64");
        assertThat(redactor.redactTraceLine("write(2, \"Authorization: Bearer abc\"..., 80) = 80"))
                .isEqualTo("write(2, \"Authorization: ***\"..., 80) = 80");
        // the same text, not cut: a port stays a port
        assertThat(redactor.redactTraceLine("connect(3, \"https://proxy:8080\", 17) = 0")).isEqualTo("connect(3, \"https://proxy:8080\", 17) = 0");
        // a line that ends inside a string (the tracer was killed) counts as cut
        assertThat(redactor.redactTraceLine("execve(\"/bin/go\", [\"go\"], [\"X=https://u:sec")).isEqualTo("execve(\"/bin/go\", [\"go\"], [\"X=https://u:***");
    }

    @Test
    void extraPatternsFromConfigurationMaskGroupsOrWholeMatches() {
        GotrailConfig config = config("corp_[a-z0-9]{12}\nsession=(\\w+)");
        Redactor withExtra = Redactor.of(SecretNames.withExtra(""), SecretValues.withExtra(config.redactValues()));
        assertThat(withExtra.redactText("id corp_abcdef012345 and session=xyz42 end")).isEqualTo("id *** and session=*** end");
        assertThat(redactor.redactText("id corp_abcdef012345")).isEqualTo("id corp_abcdef012345");
    }

    @Test
    void invalidExtraPatternsAreRefusedNamingKeyAndPattern() {
        assertThatThrownBy(() -> config("ok_[0-9]+\nbroken[a-").redactValues())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gotrail.redact.values").hasMessageContaining("'broken[a-'")
                .hasMessageContaining("regular expression");
        assertThatThrownBy(() -> config("x*").redactValues())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gotrail.redact.values").hasMessageContaining("'x*'").hasMessageContaining("empty string");
    }

    @Test
    void jsonValuesAreRedactedBeforeEscaping() {
        Object json = redactor.redactJson(Map.of("evidence", List.of("execve(\"/bin/go\", [\"go\"], [\"GITHUB_TOKEN=a b c\", \"P=https://u:pw@h\"]) = 0"),
                "exitCode", 0));
        assertThat(json.toString()).contains("\"GITHUB_TOKEN=***\"", "https://u:***@h").doesNotContain("a b c").contains("exitCode=0");
    }

    @Test
    void everyRuleHasATriggerThatItsExampleContains() {
        SecretValues values = SecretValues.builtIn();
        assertThat(values.mayMatch("/usr/lib/go-1.21/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a")).isFalse();
        assertThat(values.mayMatch("x https://a")).isTrue();
        assertThat(values.mayMatch("AUTHORIZATION: x")).isTrue();
        assertThat(values.rules()).allSatisfy(r -> assertThat(r.triggers()).isNotEmpty());
    }

    private static GotrailConfig config(String values) {
        return GotrailConfig.of(key -> key.equals(GotrailConfig.REDACT_VALUES) ? Optional.of(values) : Optional.empty(),
                InvalidConfigurationException::new);
    }
}
