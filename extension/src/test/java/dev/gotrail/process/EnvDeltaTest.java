package dev.gotrail.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link EnvDelta}: the order rule, idempotence, composition and the two spellings. */
class EnvDeltaTest {

    /** One change: a set when the value is present, an unset otherwise. */
    record Op(String key, Optional<String> value) {
        EnvDelta onto(EnvDelta d) {
            return value.map(v -> d.set(key, v)).orElseGet(() -> d.unset(key));
        }
    }

    // Few names, so that changes of the same variable meet often.
    private static Arbitrary<String> names() {
        return Arbitraries.of("A", "B", "GOROOT", "GOFLAGS", "PATH", "X_1");
    }

    private static Arbitrary<String> values(int minLength) {
        return Arbitraries.strings().withChars("ab =-'\"$\\é/").ofMinLength(minLength).ofMaxLength(8);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(names(), values(0).optional(0.7)).as(Op::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Op>> nonEmptyValueOps() {
        return Combinators.combine(names(), values(1).optional(0.7)).as(Op::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        return Arbitraries.maps(names(), values(0)).ofMaxSize(6).map(LinkedHashMap::new);
    }

    private static EnvDelta delta(List<Op> ops) {
        EnvDelta d = EnvDelta.none();
        for (Op op : ops) {
            d = op.onto(d);
        }
        return d;
    }

    @Property
    void applyingIsIdempotent(@ForAll("ops") List<Op> ops, @ForAll("environments") Map<String, String> env) {
        EnvDelta d = delta(ops);
        assertThat(d.apply(d.apply(env))).isEqualTo(d.apply(env));
    }

    @Property
    void theLastChangeOfAVariableWins(@ForAll("ops") List<Op> ops, @ForAll("environments") Map<String, String> env) {
        Map<String, String> model = new LinkedHashMap<>(env);
        for (Op op : ops) {
            op.value().ifPresentOrElse(v -> model.put(op.key(), v), () -> model.remove(op.key()));
        }
        assertThat(delta(ops).apply(env)).isEqualTo(model);
    }

    @Property
    void eachVariableAppearsOnceAtItsLastChange(@ForAll("nonEmptyValueOps") List<Op> ops) {
        List<String> expected = new ArrayList<>();
        for (Op op : ops) {
            expected.remove(op.key());
            expected.add(op.key());
        }
        EnvDelta d = delta(ops);
        assertThat(d.format()).extracting(e -> e.substring(0, e.indexOf('='))).isEqualTo(expected);
        assertThat(d.sets().size() + d.unsets().size()).isEqualTo(expected.size());
        assertThat(d.sets().keySet()).allSatisfy(k -> assertThat(d.unsets()).doesNotContain(k));
    }

    @Property
    void thenComposes(@ForAll("ops") List<Op> first, @ForAll("ops") List<Op> second,
            @ForAll("environments") Map<String, String> env) {
        EnvDelta a = delta(first);
        EnvDelta b = delta(second);
        assertThat(a.then(b).apply(env)).isEqualTo(b.apply(a.apply(env)));
        List<Op> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(a.then(b)).isEqualTo(delta(all));
    }

    @Property
    void parseReadsWhatFormatWrites(@ForAll("nonEmptyValueOps") List<Op> ops) {
        EnvDelta d = delta(ops);
        assertThat(EnvDelta.parse(d.format())).isEqualTo(d);
        assertThat(EnvDelta.parse(d.format()).format()).isEqualTo(d.format());
    }

    @Property
    void betweenTurnsOneEnvironmentIntoTheOther(@ForAll("environments") Map<String, String> from,
            @ForAll("environments") Map<String, String> to) {
        EnvDelta d = EnvDelta.between(from, to);
        assertThat(d.apply(from)).isEqualTo(to);
        assertThat(EnvDelta.between(to, to).isEmpty()).isTrue();
    }

    @Example
    void keyEqualsUnsetsAndLaterEntriesWin() {
        EnvDelta d = EnvDelta.parse("GOFLAGS=-mod=mod", "GOROOT=", "CGO_ENABLED=1", "CGO_ENABLED=0");
        assertThat(d.sets()).containsExactly(Map.entry("GOFLAGS", "-mod=mod"), Map.entry("CGO_ENABLED", "0"));
        assertThat(d.unsets()).containsExactly("GOROOT");
        assertThat(d.format()).containsExactly("GOFLAGS=-mod=mod", "GOROOT=", "CGO_ENABLED=0");
        assertThat(d.apply(Map.of("GOROOT", "/stale", "HOME", "/root")))
                .containsOnly(Map.entry("HOME", "/root"), Map.entry("GOFLAGS", "-mod=mod"), Map.entry("CGO_ENABLED", "0"));
    }

    @Example
    void toStringSpellsTheDeltaAsEnvArguments() {
        EnvDelta d = EnvDelta.none().unset("GOROOT").set("GOFLAGS", "-mod=mod").set("NAME", "a b").set("EMPTY", "");
        assertThat(d).hasToString("-u GOROOT GOFLAGS=-mod=mod NAME='a b' EMPTY=");
        assertThat(EnvDelta.none()).hasToString("(no changes)");
    }

    @Example
    void anEmptyValueHasNoAnnotationSpelling() {
        EnvDelta d = EnvDelta.none().set("GOFLAGS", "");
        assertThat(d.apply(Map.of())).containsEntry("GOFLAGS", "");
        assertThatThrownBy(d::format).isInstanceOf(IllegalStateException.class).hasMessageContaining("GOFLAGS is set to the empty string");
    }

    @Example
    void badEntriesAreNamedWithTheirPosition() {
        assertThatThrownBy(() -> EnvDelta.parse("A=1", "NO_EQUALS_SIGN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entry 2 is 'NO_EQUALS_SIGN'; write KEY=VALUE to set a variable or KEY= to unset it");
        assertThatThrownBy(() -> EnvDelta.parse("=value")).hasMessageContaining("entry 1 is '=value'");
        assertThatThrownBy(() -> EnvDelta.none().set("A", "x\0y")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> EnvDelta.none().unset("A=B")).hasMessageContaining("invalid environment variable name 'A=B'");
    }
}
