package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            ">=1.21, go1.21.0, true",
            ">=1.21, go1.19.8, false",
            ">=1.21, go1.23.5, true",
            "'>=1.21,<1.24', go1.23.5, true",
            "'>=1.21,<1.24', go1.24.0, false",
            "'>=1.21,<1.24', go1.20.14, false",
            "1.19.x, go1.19.8, true",
            "1.19.x, go1.21.13, false",
            "1.21, go1.21.13, true",
            "1.21.13, go1.21.13, true",
            "1.21.13, go1.21.12, false",
            "=1.22.12, go1.22.12, true",
            ">1.21.13, go1.21.13, false",
            "<=1.21, go1.21.13, true",
            "!=1.22, go1.22.12, false",
            ">=1.21, unknown, false",
    })
    void evaluatesConstraints(String constraint, String version, boolean expected) {
        assertThat(VersionConstraint.parse(constraint).isSatisfiedBy(GoVersion.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|empty", ">=banana|'>=banana'", ">=1.21.x|wildcard", ">=1.21,|\">=1.21,\"",
            "1.22+|write \">=1.22\"", "1.23+|write \">=1.23\"", "~1.22|write \"1.22.x\"", "^1.21|ranges are not supported",
            ">= 1.21 <1.24|separate terms with a comma: \">= 1.21,<1.24\"", "v1.21|the grammar is TERM"})
    void explainsInvalidConstraints(String constraint, String mentioned) {
        assertThatThrownBy(() -> VersionConstraint.parse(constraint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentioned);
    }
}
