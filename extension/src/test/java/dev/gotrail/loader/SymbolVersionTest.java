package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SymbolVersionTest {

    @Test
    void comparesNumericallyAndPrintsTheNumberOnly() {
        SymbolVersion v234 = SymbolVersion.parse("GLIBC_2.34").orElseThrow();
        SymbolVersion v24 = SymbolVersion.parse("GLIBC_2.4").orElseThrow();
        assertThat(v234).hasToString("2.34").isGreaterThan(v24);
        assertThat(v234.prefix()).isEqualTo("GLIBC");
        assertThat(v234.versionName()).isEqualTo("GLIBC_2.34");
        assertThat(SymbolVersion.parse("GLIBC_2.2.5").orElseThrow()).isLessThan(SymbolVersion.of("2.3"));
        assertThat(SymbolVersion.parse("GLIBCXX_3.4.29").orElseThrow().prefix()).isEqualTo("GLIBCXX");
        assertThat(SymbolVersion.parse("GLIBC_PRIVATE")).isEmpty();
        assertThat(SymbolVersion.of("2.31").isAtMost("2.31")).isTrue();
        assertThat(v234.isAtMost("2.31")).isFalse();
        assertThat(SymbolVersion.of("2.30")).isEqualByComparingTo(SymbolVersion.of("2.30.0"));
        assertThatThrownBy(() -> SymbolVersion.of("2.x")).hasMessageContaining("2.x");
    }

    @Property(tries = 300)
    void orderIsTheOrderOfTheNumbers(@ForAll @IntRange(max = 99) int a1, @ForAll @IntRange(max = 99) int a2,
            @ForAll @IntRange(max = 99) int b1, @ForAll @IntRange(max = 99) int b2) {
        SymbolVersion a = SymbolVersion.parse("GLIBC_" + a1 + "." + a2).orElseThrow();
        SymbolVersion b = SymbolVersion.parse("GLIBC_" + b1 + "." + b2).orElseThrow();
        int expected = a1 != b1 ? Integer.compare(a1, b1) : Integer.compare(a2, b2);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
        assertThat(a.equals(b)).isEqualTo(expected == 0);
    }
}
