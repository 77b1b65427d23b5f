package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which {@code name=value} in free text is an assignment to a secret. Environment-style names
 * keep the plain "contains a pattern" rule; words with lower-case letters need a pattern at the
 * start or end of one of their parts, so that settings such as GODEBUG's {@code x509keypairleaf=0}
 * in {@code go version -m} output stay readable.
 */
class SecretNamesTest {

    private final SecretNames names = SecretNames.withExtra("");

    @ParameterizedTest
    @CsvSource({
            "GITHUB_TOKEN, true", "APIKEY, true", "MYSECRETVALUE, true", "X509KEYPAIRLEAF, true",
            "db_password, true", "apiKey, true", "aws_secret_access_key, true", "token, true", "client.secret, true",
            "x509keypairleaf, false", "monkeys, false", "GOPATH, false", "asynctimerchan, false", "keyboardLayout, true"})
    void secretAssignmentNames(String name, boolean secret) {
        assertThat(names.isSecretAssignment(name)).isEqualTo(secret);
        if (secret && name.chars().noneMatch(Character::isLowerCase)) {
            assertThat(names.isSecret(name)).isTrue(); // environment names: the same answer as before
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "build\tDefaultGODEBUG=x509keypairleaf=0,x509negativeserial=1|build\tDefaultGODEBUG=x509keypairleaf=0,x509negativeserial=1",
            "db_password=hunter2 next|db_password=*** next",
            "token=abc\\nother|token=***\\nother"})
    void freeTextKeepsSettingsAndMasksSecrets(String text, String expected) {
        Redactor r = Redactor.of(names);
        assertThat(r.redactText(text.replace("\\n", "\n"))).isEqualTo(expected.replace("\\n", "\n"));
    }
}
