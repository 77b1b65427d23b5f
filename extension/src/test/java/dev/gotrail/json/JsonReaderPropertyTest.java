package dev.gotrail.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link JsonReader} reads back what {@link Json} writes, and never throws anything but its own exception. */
class JsonReaderPropertyTest {

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), inner).ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m))), 3);
    }

    @Property(tries = 500)
    void readsBackWhatTheWriterWrites(@ForAll("values") Object value) throws Exception {
        assertThat(JsonReader.parse(Json.write(value), "doc")).isEqualTo(value);
        assertThat(JsonReader.parse(Json.compact(value), "doc")).isEqualTo(value);
    }

    @Property(tries = 1000)
    void garbageGivesASyntaxExceptionWithALineAndColumn(@ForAll("values") Object value, @ForAll int cut) {
        String text = Json.compact(value);
        String broken = text.substring(0, Math.floorMod(cut, text.length() + 1)) + (cut % 3 == 0 ? "}" : "");
        try {
            JsonReader.parse(broken, "doc");
        } catch (JsonReader.JsonSyntaxException e) {
            assertThat(e.line()).isEqualTo(1); // compact JSON is one line
            assertThat(e.column()).isBetween(1, broken.length() + 1);
            assertThat(e.getMessage()).startsWith("doc:1:").doesNotContain("Source:", "REDACTED");
        }
    }

    @Test
    void hostileNestingIsBounded() {
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100_000), "doc")).isInstanceOf(JsonReader.JsonSyntaxException.class)
                .hasMessageContaining("doc:1:");
    }

    @Test
    void shapes() throws Exception {
        Map<String, Object> m = JsonReader.parseObject("{\"a\": [1, 2.5, \"x\\u00e9\\n\"], \"b\": null, \"c\": true}", "doc");
        assertThat(m).containsEntry("b", null).containsEntry("c", true);
        assertThat(m.get("a")).isEqualTo(List.of(1L, new BigDecimal("2.5"), "x\u00e9\n"));
        assertThatThrownBy(() -> JsonReader.parseObject("[1]", "doc")).hasMessageContaining("expected a JSON object, found an array");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,}", "doc")).hasMessageContaining("doc:1:8");
    }

    @Test
    void anUnclosedArrayIsNamedByWhereItOpenedWithoutJacksonsSourceDump() {
        assertThatThrownBy(() -> JsonReader.parse("{\"format\": \"gotrail-baseline/1\", \"targets\": [}", "bad.json"))
                .hasMessage("bad.json:1:46: unexpected close marker '}': expected ']' (the array opened at 1:45)");
        assertThatThrownBy(() -> JsonReader.parse("[1, 2", "doc"))
                .hasMessage("doc:1:6: unexpected end-of-input: expected close marker for Array (it opened at 1:1)");
    }
}
