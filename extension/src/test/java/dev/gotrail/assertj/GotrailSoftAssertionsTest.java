package dev.gotrail.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.Loader;
import dev.gotrail.toolchain.GoToolchain;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
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
    void elfAndLinkMapChainsAreCollectedStepByStep(@TempDir Path tmp) throws Exception {
        Path binary = Gcc.build(tmp, "hello", Gcc.HELLO);
        ElfFile elf = ElfFile.read(binary);
        LinkMap map = Loader.at("/").resolve(binary);
        GotrailSoftAssertions softly = new GotrailSoftAssertions();

        softly.assertThat(elf).isStaticallyLinked().needs("libc.so.6").requiresAtMost("GLIBC", "2.17");
        softly.assertThat(map).resolves("libc.so.6").to("/opt/libc.so.6").because(LoadReason.RPATH)
                .resolves("libmissing.so.9").to("/x").hasNoMissingLibraries();

        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("to be statically linked"),
                m -> assertThat(m).contains("GLIBC_2.34 from libc.so.6"),
                m -> assertThat(m).contains("to resolve to\n  /opt/libc.so.6"),
                m -> assertThat(m).contains("to be found through RPATH"),
                m -> assertThat(m).contains("libmissing.so.9\nbut nothing needs it"));
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
