package dev.gotrail.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.json.Json;
import dev.gotrail.json.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Properties of the structural diff and of the JSON round trip baselines rely on. */
class BaselineDiffPropertiesTest {

    @Property(tries = 300)
    void aDocumentHasNoDriftFromItself(@ForAll("documents") Object a) {
        assertThat(BaselineDiff.diff(a, a)).isEmpty();
        assertThat(BaselineDiff.diff(a, BaselineDiff.copy(a))).isEmpty();
    }

    @Property(tries = 500)
    void applyingTheDiffGivesTheOtherDocument(@ForAll("documents") Object a, @ForAll("documents") Object b) {
        List<BaselineChange> changes = BaselineDiff.diff(a, b);
        assertThat(BaselineDiff.apply(a, changes)).isEqualTo(b);
        assertThat(changes.isEmpty()).isEqualTo(java.util.Objects.equals(a, b));
    }

    @Property(tries = 300)
    void everyChangeNamesAPathThatExistsOnItsSide(@ForAll("documents") Object a, @ForAll("documents") Object b) {
        for (BaselineChange c : BaselineDiff.diff(a, b)) {
            if (c.kind() != BaselineChange.Kind.ADDED) {
                assertThat(at(a, c.path())).isEqualTo(c.before());
            }
            if (c.kind() != BaselineChange.Kind.REMOVED) {
                assertThat(at(b, c.path())).isEqualTo(c.after());
            }
        }
    }

    @Property(tries = 300)
    void theWriterAndTheReaderRoundTrip(@ForAll("documents") Object a) throws JsonReader.JsonSyntaxException {
        assertThat(JsonReader.parse(Json.write(a), "doc")).isEqualTo(a);
        assertThat(JsonReader.parse(Json.compact(a), "doc")).isEqualTo(a);
    }

    @Test
    void arrayTailsAreAddedAndRemoved() {
        Object a = Map.of("needed", List.of("libc.so.6"));
        Object b = Map.of("needed", List.of("libm.so.6", "libc.so.6"));
        assertThat(BaselineDiff.diff(a, b)).extracting(BaselineChange::toString)
                .containsExactly("~ /needed/0: \"libc.so.6\" -> \"libm.so.6\"", "+ /needed/1: \"libc.so.6\"");
        assertThat(BaselineDiff.diff(b, a)).extracting(BaselineChange::toString)
                .containsExactly("~ /needed/0: \"libm.so.6\" -> \"libc.so.6\"", "- /needed/1: \"libc.so.6\"");
    }

    @Test
    void pathTokensAreEscapedAsRfc6901Says() {
        Object a = Map.of("targets", Map.of("/usr/bin/go", Map.of("a~b", 1L)));
        Object b = Map.of("targets", Map.of("/usr/bin/go", Map.of("a~b", 2L)));
        assertThat(BaselineDiff.diff(a, b)).extracting(BaselineChange::path).containsExactly("/targets/~1usr~1bin~1go/a~0b");
        assertThat(JsonPointer.tokens("/targets/~1usr~1bin~1go/a~0b")).containsExactly("targets", "/usr/bin/go", "a~b");
    }

    private static Object at(Object doc, String pointer) {
        Object node = doc;
        for (String t : JsonPointer.tokens(pointer)) {
            node = node instanceof Map<?, ?> m ? m.get(t) : ((List<?>) node).get(Integer.parseInt(t));
        }
        return node;
    }

    /** JSON trees as the reader gives them: LinkedHashMap, ArrayList, String, Long, Boolean, null; a few keys so that documents overlap. */
    @Provide
    Arbitrary<Object> documents() {
        return Arbitraries.recursive(BaselineDiffPropertiesTest::leaf,
                inner -> Arbitraries.frequencyOf(Tuple.of(2, inner), Tuple.of(2, map(inner)), Tuple.of(1, list(inner))), 0, 3);
    }

    private static Arbitrary<Object> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("ab/~\u00e9\"\\\n").ofMaxLength(4).map(s -> (Object) s)),
                Tuple.of(2, Arbitraries.longs().between(-3, 3).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(x -> (Object) x)))
                .injectNull(0.1);
    }

    private static Arbitrary<Object> map(Arbitrary<Object> values) {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "x/y", "t~", "0", "1");
        return Combinators.combine(keys.list().ofMaxSize(4), values.list().ofSize(4))
                .as((ks, vs) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < ks.size(); i++) {
                        m.put(ks.get(i), vs.get(i));
                    }
                    return (Object) m;
                });
    }

    private static Arbitrary<Object> list(Arbitrary<Object> values) {
        return values.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
    }
}
