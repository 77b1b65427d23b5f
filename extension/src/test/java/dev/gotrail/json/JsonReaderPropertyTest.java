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
                Arbitraries.longs().map(l -> (Object) BigDecimal.valueOf(l)),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), inner).ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m))), 3);
    }

    @Property(tries = 500)
    void readsBackWhatTheWriterWrites(@ForAll("values") Object value) throws Exception {
        assertThat(JsonReader.parse(Json.write(value))).isEqualTo(value);
        assertThat(JsonReader.parse(Json.compact(value))).isEqualTo(value);
    }

    @Property(tries = 1000)
    void garbageGivesAParseExceptionWithAnOffset(@ForAll("values") Object value, @ForAll int cut) {
        String text = Json.compact(value);
        String broken = text.substring(0, Math.floorMod(cut, text.length() + 1)) + (cut % 3 == 0 ? "}" : "");
        try {
            JsonReader.parse(broken);
        } catch (JsonReader.JsonParseException e) {
            assertThat(e.offset()).isBetween(0, broken.length());
        }
    }

    @Test
    void hostileNestingIsBounded() {
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100_000))).isInstanceOf(JsonReader.JsonParseException.class)
                .hasMessageContaining("nesting deeper than");
    }

    @Test
    void shapes() throws Exception {
        Map<String, Object> m = JsonReader.parseObject("{\"a\": [1, 2.5, \"x\\u00e9\\n\"], \"b\": null, \"c\": true}");
        assertThat(m).containsEntry("b", null).containsEntry("c", true);
        assertThat(m.get("a")).isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("2.5"), "x\u00e9\n"));
        assertThatThrownBy(() -> JsonReader.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1,}")).hasMessageContaining("offset 7");
    }
}
