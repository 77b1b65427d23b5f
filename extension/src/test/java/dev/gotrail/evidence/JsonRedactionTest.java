package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JSON shape is redacted value by value: strings by value, environment objects by name. */
class JsonRedactionTest {

    private final Redactor redactor = Redactor.of(SecretNames.withExtra("PRIVATE"))
            .withSecretValuesFrom(Map.of("GITHUB_TOKEN", "ghp_secretValue123"));

    @Test
    void secretNamedEntriesOfEnvironmentObjectsAreMaskedAndKnownValuesEverywhere() {
        Map<String, Object> goEnv = new LinkedHashMap<>();
        goEnv.put("GOFLAGS", "-mod=mod");
        goEnv.put("MY_PRIVATE_THING", "short");
        goEnv.put("GOPROXY", "https://proxy.example");
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("message", "token ghp_secretValue123 leaked");
        shape.put("lines", List.of("GITHUB_TOKEN=abc", "x"));
        shape.put("count", 3);
        shape.put("weak", true);
        shape.put("none", null);
        shape.put("goEnv", goEnv);

        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) JsonRedaction.redact(shape, redactor);

        assertThat(out).containsEntry("message", "token *** leaked").containsEntry("count", 3).containsEntry("weak", true)
                .containsEntry("none", null).containsEntry("lines", List.of("GITHUB_TOKEN=***", "x"));
        assertThat(out.get("goEnv")).isEqualTo(Map.of("GOFLAGS", "-mod=mod", "MY_PRIVATE_THING", "***",
                "GOPROXY", "https://proxy.example"));
        assertThat(out.keySet()).containsExactly("message", "lines", "count", "weak", "none", "goEnv");
    }

    @Test
    void fieldNamesOfShapesAreNeverTakenForVariables() {
        // camelCase keys are fields, not variables: a "PATH"-like pattern must not mask "path"
        Redactor pathIsSecret = Redactor.of(SecretNames.withExtra("PATH"));
        Map<String, Object> shape = Map.of("path", "/usr/lib/go-1.21/bin/go", "realPath", "/usr/lib/go-1.21/bin/go");

        assertThat(JsonRedaction.redact(shape, pathIsSecret)).isEqualTo(shape);
    }
}
