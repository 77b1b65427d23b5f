package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GoEnvJsonTest {

    @Test
    void parsesWhatGoPrints() throws Exception {
        String text = "{\n\t\"AR\": \"ar\",\n\t\"GOROOT\": \"/usr/lib/go-1.21\",\n\t\"GOFLAGS\": \"\",\n"
                + "\t\"GOGCCFLAGS\": \"-fPIC -m64 \\\"quoted\\\" \\u00e9\\n\"\n}\n";

        Map<String, String> env = GoEnvJson.parse(text);

        assertThat(env).containsExactly(Map.entry("AR", "ar"), Map.entry("GOROOT", "/usr/lib/go-1.21"),
                Map.entry("GOFLAGS", ""), Map.entry("GOGCCFLAGS", "-fPIC -m64 \"quoted\" \u00e9\n"));
    }

    @Test
    void reportsTheOffsetOfTheFirstProblem() {
        assertThatThrownBy(() -> GoEnvJson.parse("{\"A\": \"b\" \"C\": \"d\"}"))
                .isInstanceOf(GoEnvJson.ParseException.class)
                .hasMessage("expected ',' or '}' but found '\"' at offset 10");
        assertThatThrownBy(() -> GoEnvJson.parse("{\"A\": 1}")).hasMessageContaining("at offset 6");
        assertThatThrownBy(() -> GoEnvJson.parse("{\"A\": \"b\"} trailing")).hasMessageContaining("after the JSON object");
        assertThatThrownBy(() -> GoEnvJson.parse("")).hasMessageContaining("output ended");
        assertThatThrownBy(() -> GoEnvJson.parse("{\"A\": \"\\x\"}")).hasMessageContaining("invalid escape");
    }

    @Property(tries = 300)
    void roundTripsAnyStringMap(@ForAll @Size(max = 8) Map<String, String> map) throws Exception {
        assertThat(GoEnvJson.parse(write(map))).isEqualTo(map);
    }

    @Property(tries = 500)
    void neverThrowsAnythingButParseException(@ForAll String garbage) {
        try {
            GoEnvJson.parse(garbage);
        } catch (GoEnvJson.ParseException e) {
            assertThat(e.offset()).isBetween(0, garbage.length());
        }
    }

    @Property(tries = 300)
    void everyTruncationOfValidOutputIsRejectedWithAnOffsetInside(@ForAll @Size(min = 1, max = 5) Map<String, String> map,
            @ForAll int cutSeed) {
        String full = write(map);
        // cut at least the closing "}\n": dropping only the trailing newline leaves valid JSON
        int cut = Math.floorMod(cutSeed, full.length() - 1);
        try {
            GoEnvJson.parse(full.substring(0, cut));
            throw new AssertionError("accepted truncated output: " + full.substring(0, cut));
        } catch (GoEnvJson.ParseException e) {
            assertThat(e.offset()).isBetween(0, cut);
        }
    }

    private static String write(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{\n");
        Map<String, String> ordered = new LinkedHashMap<>(map);
        int i = 0;
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            sb.append('\t').append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sb.append(++i < ordered.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
