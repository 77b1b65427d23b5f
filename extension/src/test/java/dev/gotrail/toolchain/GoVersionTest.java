package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoVersionTest {

    @Test
    void sortsInGoReleaseOrder() {
        List<String> sorted = Stream.of("go1.21.13", "go1.9.7", "go1.21rc2", "go1.21", "go1.21.0", "go1.19.8", "go1.21beta1", "go1.21rc1")
                .map(GoVersion::parse).sorted().map(GoVersion::toString).toList();
        assertThat(sorted).containsExactly("go1.9.7", "go1.19.8", "go1.21", "go1.21beta1", "go1.21rc1", "go1.21rc2", "go1.21.0", "go1.21.13");
    }

    @ParameterizedTest
    @CsvSource({"go1.19.8,go1.19.8", "1.22.12,go1.22.12", "go1.23.5 X:boringcrypto,go1.23.5", "unknown,unknown"})
    void keepsGosSpelling(String text, String printed) {
        assertThat(GoVersion.parse(text)).hasToString(printed);
    }

    @Test
    void unknownAndDevelAreNotKnownVersions() {
        assertThat(GoVersion.parse("unknown").isKnown()).isFalse();
        assertThat(GoVersion.parse("devel go1.24-abcdef").isKnown()).isFalse();
        assertThat(GoVersion.parse("unknown")).isLessThan(GoVersion.parse("go1.0"));
    }

    @Test
    void rejectsTextThatIsNoVersionNamingIt() {
        assertThatThrownBy(() -> GoVersion.parse("1.19.x")).hasMessageContaining("'1.19.x'");
        assertThat(GoVersion.tryParse("banana")).isEmpty();
    }
}
