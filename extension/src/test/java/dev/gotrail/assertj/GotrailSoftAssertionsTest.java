package dev.gotrail.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoToolchain;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftAssertionsExtension.class)
class GotrailSoftAssertionsTest {

    @InjectSoftAssertions
    GotrailSoftAssertions injected;

    @Test
    void collectsEveryFailureBeforeReporting() throws Exception {
        GoToolchain go119 = RealToolchains.of(RealTools.go("1.19"));

        assertThatThrownBy(() -> GotrailSoftAssertions.softly(softly -> {
            softly.assertThat(go119).hasVersionAtLeast("1.21");
            softly.assertThat(go119).hasGoroot("/usr/local/go");
            softly.assertThat(go119).hasVersion("1.19.x");
            softly.assertThat("plain AssertJ still works").startsWith("plain");
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("to be at least 1.21")
                .hasMessageContaining("to use GOROOT");
    }

    @Test
    void plainObjectCollectsUntilAssertAll() throws Exception {
        GoToolchain go121 = RealToolchains.of(RealTools.go("1.21"));
        GotrailSoftAssertions softly = new GotrailSoftAssertions();

        softly.assertThat(go121).hasVersion("1.19").hasGoroot("/nowhere");

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThatThrownBy(softly::assertAll).hasMessageContaining("to have version 1.19");
    }

    @Test
    void worksWithAssertJsJUnitExtension(GotrailSoftAssertions parameter) throws Exception {
        GoToolchain go121 = RealToolchains.of(RealTools.go("1.21"));

        parameter.assertThat(go121).hasVersion("1.21").isConsistent();
        injected.assertThat(go121).hasGoroot(RealTools.goroot("1.21"));

        assertThat(parameter.errorsCollected()).isEmpty();
        assertThat(injected.errorsCollected()).isEmpty();
    }
}
