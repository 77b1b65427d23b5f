package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.image.Image;
import dev.gotrail.image.Libc;
import dev.gotrail.image.Placement;
import dev.gotrail.testsupport.TestImages;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CI engineer regression-tests the team's toolchain images, as docs/images.md describes: the
 * builder image's go really uses /usr/local/go, the image with a stale {@code ENV GOROOT} is caught
 * before anyone builds with it, and a binary of this machine is checked against the runtime images
 * before it is shipped there. The images are real ({@code .ci/build-test-images}: debootstrap roots
 * saved by podman); nothing here runs a container.
 */
class ToolchainImageRegressionTest {

    private static final Path GOLANG = TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE);

    @Test
    void theBuilderImagesGoUsesUsrLocalGoAndIsHealthy() throws Exception {
        Image image = Image.open(GOLANG);

        assertThat(image.libc().flavour()).isEqualTo(Libc.Flavour.GLIBC);
        assertThat(image.libc().version()).isEqualTo("2.36");
        GoToolchain go = image.toolchains().get(0);
        assertThat(go).hasGoroot("/usr/local/go").hasNoProblems();
        assertThat(go.goBinary()).isEqualTo(Path.of("/usr/local/go/bin/go"));
        assertThat(go.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(go.version().toString()).startsWith("go1.23");
    }

    @Test
    void aStaleEnvGorootIsCaughtWithAFixForTheDockerfile() throws Exception {
        Image stale = Image.open(TestImages.require(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE));

        GoToolchain go = stale.toolchains().get(0);
        assertThat(go.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(go).hasGorootSource(GorootSource.ENV).hasFinding(FindingId.GOROOT_MISSING);
        List<Finding> problems = go.findings().stream().filter(Finding::isProblem).toList();
        assertThat(problems).isNotEmpty().allSatisfy(f -> assertThat(f.message() + f.fix()).contains("GOROOT"));
    }

    @Test
    void theSameChecksAsAssertionsThatQuoteTheirEvidence() throws Exception {
        Path bullseyeArchive = TestImages.require(TestImages.BULLSEYE_DOCKER_ARCHIVE);
        // snippet-begin image-assert
        Image builder = Image.open(GOLANG);                      // unpacked once, then cached
        assertThat(builder).hasPlatform("linux/amd64")
                .hasLibc(Libc.Flavour.GLIBC)
                .hasGoOnPath("/usr/local/go/bin/go")
                .usesGoroot("/usr/local/go")
                .hasEnv("GOTOOLCHAIN", "local")
                .doesNotHaveEnv("GOROOT")
                .hasNoErrorFindings();
        assertThat(builder).firstToolchain().hasVersion("1.23.x");

        Image runtime = Image.open(bullseyeArchive);
        assertThat(runtime).providesGlibcAtMost("2.31")
                .doesNotContain("/usr/bin/gcc")
                .wouldNotRun(Path.of("/usr/bin/ls"));           // built on Debian 12: needs GLIBC_2.34
        // snippet-end image-assert
    }

    @Test
    void thisMachinesBinariesAreCheckedAgainstTheRuntimeImages() throws Exception {
        Image bullseye = Image.open(TestImages.require(TestImages.BULLSEYE_DOCKER_ARCHIVE));
        Image bookworm = Image.open(TestImages.require(TestImages.BOOKWORM_DOCKER_ARCHIVE));
        Path ls = Path.of("/usr/bin/ls"); // built against this machine's glibc 2.36: needs GLIBC_2.34

        Placement onBookworm = bookworm.place(ls, "/usr/local/bin/app");
        assertThat(onBookworm.wouldRun()).as(onBookworm.problems().toString()).isTrue();
        assertThat(onBookworm.linkMap()).wouldRun();

        Placement onBullseye = bullseye.place(ls, "/usr/local/bin/app");
        assertThat(onBullseye.wouldRun()).isFalse();
        assertThat(onBullseye.linkMap()).wouldNotRun().hasVersionProblem("GLIBC_2.34");
        assertThat(onBullseye.problems()).anySatisfy(p -> assertThat(p).contains("the image provides GLIBC up to 2.31",
                "/usr/local/bin/app needs GLIBC_2.34"));
    }
}
