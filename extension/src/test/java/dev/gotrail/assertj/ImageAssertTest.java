package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.image.Image;
import dev.gotrail.image.Libc;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageAssert} on the real images of {@code .ci/build-test-images} (debootstrap roots saved
 * by podman, a musl root, a umoci layer with whiteouts): each assertion passing on the image where
 * it holds and failing, with its evidence quoted, where it does not. The facts behind them are
 * checked against the real programs in {@code dev.gotrail.image}'s tests; here the messages are.
 */
class ImageAssertTest {

    /** Built on Debian 12 (glibc 2.36): needs GLIBC_2.34 (__libc_start_main), so bullseye (2.31) cannot start it. */
    private static final Path LS = Path.of("/usr/bin/ls");

    private static Image open(String name) {
        try {
            return Image.open(TestImages.require(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Image golang() {
        return open(TestImages.GOLANG_DOCKER_ARCHIVE);
    }

    private static Image stale() {
        return open(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE);
    }

    private static Image bullseye() {
        return open(TestImages.BULLSEYE_DOCKER_ARCHIVE);
    }

    private static Image bookworm() {
        return open(TestImages.BOOKWORM_DOCKER_ARCHIVE);
    }

    private static Image musl() {
        return open(TestImages.MUSL_DOCKER_ARCHIVE);
    }

    /** The failure message of {@code call}, which must fail with an AssertionError that names the image exactly. */
    private static String failure(Image image, ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("the assertion fails").isInstanceOf(AssertionError.class);
        assertThat(t.getMessage()).as("the failure names the image: source, format, digest, platform")
                .contains(image.source().toString(), image.digest(), image.format(), "linux/amd64");
        return t.getMessage();
    }

    @Test
    void platform() {
        Image golang = golang();

        assertThat(golang).hasPlatform("linux/amd64");
        assertThat(failure(golang, () -> assertThat(golang).hasPlatform("linux/arm64")))
                .contains("to be for the platform", "linux/arm64", "but it is for");
    }

    @Test
    void libcFlavourAndVersion() {
        Image bookworm = bookworm();
        Image musl = musl();

        assertThat(bookworm).hasLibc(Libc.Flavour.GLIBC).isGlibc().hasLibcVersion("2.36");
        assertThat(musl).isMusl().hasLibc(Libc.Flavour.MUSL);
        assertThat(failure(bookworm, () -> assertThat(bookworm).isMusl()))
                .contains("to provide musl", "but it provides glibc 2.36", "C library: glibc 2.36 at /lib/x86_64-linux-gnu/libc.so.6",
                        "version read from:");
        assertThat(failure(musl, () -> assertThat(musl).hasLibc(Libc.Flavour.GLIBC)))
                .contains("to provide glibc", "but it provides musl", "/lib/ld-musl-x86_64.so.1");
        assertThat(failure(bookworm, () -> assertThat(bookworm).hasLibcVersion("2.31")))
                .contains("of release 2.31", "but it provides glibc 2.36");
    }

    @Test
    void glibcBounds() {
        Image bullseye = bullseye();
        Image bookworm = bookworm();
        Image musl = musl();

        assertThat(bullseye).providesGlibcAtMost("2.31").providesGlibcAtLeast("2.31").providesGlibcAtLeast("2.4");
        assertThat(bookworm).providesGlibcAtLeast("2.34").providesGlibcAtMost("2.36");
        assertThat(failure(bookworm, () -> assertThat(bookworm).providesGlibcAtMost("2.31")))
                .contains("to provide glibc at most 2.31", "but it provides GLIBC up to 2.36",
                        "/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(failure(bullseye, () -> assertThat(bullseye).providesGlibcAtLeast("2.34")))
                .contains("to provide glibc at least 2.34", "but it provides GLIBC up to 2.31",
                        "a binary that needs GLIBC_2.34 would not start there");
        assertThat(failure(musl, () -> assertThat(musl).providesGlibcAtMost("2.36")))
                .contains("to provide glibc at most 2.36", "but it provides musl");
        assertThatThrownBy(() -> assertThat(bookworm).providesGlibcAtMost("two.31"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two.31");
    }

    @Test
    void goOnPathAndTheGorootTheFirstOneUses() {
        Image golang = golang();
        Image bullseye = bullseye();

        assertThat(golang).hasGoOnPath("/usr/local/go/bin/go").hasToolchainCount(1).usesGoroot("/usr/local/go");
        assertThat(golang).firstToolchain().hasVersion("1.23.x").hasNoProblems();
        assertThat(bullseye).hasGoOnPath().hasToolchainCount(0);

        assertThat(failure(golang, () -> assertThat(golang).hasGoOnPath("/usr/lib/go/bin/go")))
                .contains("to have, in PATH order, the go binaries", "/usr/lib/go/bin/go", "but it has", "/usr/local/go/bin/go",
                        "PATH /go/bin:/usr/local/go/bin:", "(image config Env)", "ENV GOTOOLCHAIN=local");
        assertThat(failure(bullseye, () -> assertThat(bullseye).hasToolchainCount(1)))
                .contains("to have 1 go binaries on its PATH", "but it has 0", "(image config Env)",
                        "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Image extracted = open(TestImages.BULLSEYE_ROOT); // a root directory: no config, so Docker's default PATH
        assertThat(failure(extracted, () -> assertThat(extracted).hasGoOnPath("/usr/local/go/bin/go")))
                .contains("(directory, linux/amd64)", "(unset in the image config: the runtime's default)", "image config Env:",
                        "(none)");
        assertThat(failure(bullseye, () -> assertThat(bullseye).firstToolchain()))
                .contains("to have a go on its PATH, but it has none");
        assertThat(failure(golang, () -> assertThat(golang).usesGoroot("/usr/lib/go")))
                .contains("to use GOROOT", "/usr/lib/go", "/usr/local/go (source EXE_DERIVED)",
                        "the image config sets no GOROOT (no ENV GOROOT= line)", "sources consulted (in cmd/go's order):",
                        "holds pkg/tool");
    }

    @Test
    void aStaleEnvGorootFailsWithItsConfigLineAndTheFix() {
        Image stale = stale();

        assertThat(stale).hasEnv("GOROOT", "/usr/lib/go");
        assertThat(failure(stale, () -> assertThat(stale).usesGoroot("/usr/local/go")))
                .contains("but go1.23", "/usr/lib/go (source ENV)", "the image config sets ENV GOROOT=/usr/lib/go",
                        "GOROOT in the image config Env -> /usr/lib/go");
        assertThat(failure(stale, () -> assertThat(stale).hasNoErrorFindings()))
                .contains("to have no error findings", "/usr/local/go/bin/go: ERROR [goroot-missing]",
                        "fix: remove the ENV GOROOT line from the Dockerfile", "ENV GOROOT=/usr/lib/go");
        assertThat(failure(stale, () -> assertThat(stale).hasNoFindings())).contains("[goroot-missing]");
        assertThat(failure(stale, () -> assertThat(stale).doesNotHaveEnv("GOROOT")))
                .contains("not to set GOROOT in its config", "ENV GOROOT=/usr/lib/go");
    }

    @Test
    void aHealthyToolchainImageHasNoFindings() {
        Image golang = golang();

        assertThat(golang).hasNoFindings().hasNoErrorFindings().doesNotHaveEnv("GOROOT");
    }

    @Test
    void runtimeConfiguration() {
        Image golang = golang();
        Image bookworm = bookworm();

        assertThat(golang).hasEnv("GOTOOLCHAIN", "local").hasEnv("GOPATH", "/go").hasWorkingDir("/go").hasUser("root");
        assertThat(bookworm).hasWorkingDir("/").hasUser("").hasUser("0");
        assertThat(failure(golang, () -> assertThat(golang).hasEnv("GOTOOLCHAIN", "auto")))
                .contains("ENV GOTOOLCHAIN=auto", "but it sets GOTOOLCHAIN=local", "image config Env:", "ENV GOPATH=/go");
        assertThat(failure(bookworm, () -> assertThat(bookworm).hasEnv("GOTOOLCHAIN", "local")))
                .contains("but it does not set GOTOOLCHAIN");
        assertThat(failure(golang, () -> assertThat(golang).hasWorkingDir("/")))
                .contains("to start containers in", "but its config's WorkingDir is /go");
        assertThat(failure(bookworm, () -> assertThat(bookworm).hasWorkingDir("/go")))
                .contains("WorkingDir is unset (containers start in /)");
        assertThat(failure(golang, () -> assertThat(golang).hasUser("gopher")))
                .contains("to run containers as", "gopher", "but its config's User is unset (containers run as root)");
    }

    @Test
    void filesOfTheMergedRoot() {
        Image golang = golang();

        assertThat(golang).contains("/usr/local/go/bin/go").contains("/usr/local/go/src/runtime").doesNotContain("/usr/bin/gcc")
                .doesNotContain("/usr/lib/go");
        assertThat(failure(golang, () -> assertThat(golang).doesNotContain("/usr/local/go/bin/go")))
                .contains("not to contain", "but it has a file /usr/local/go/bin/go (", "bytes, executable)", "merged root: ");
        assertThat(failure(golang, () -> assertThat(golang).doesNotContain("/usr/local/go")))
                .contains("but it has a directory /usr/local/go");
        assertThat(failure(golang, () -> assertThat(golang).contains("/usr/bin/gcc")))
                .contains("to contain", "/usr/bin/gcc", "but it does not (/usr/bin exists, without it)");
        assertThat(failure(golang, () -> assertThat(golang).contains("/opt/sdk/bin/go")))
                .contains("(/opt/sdk/bin does not exist either)");
    }

    @Test
    void filesDeletedByALaterLayerAreGone() throws IOException {
        // umoci's second layer deletes /etc/issue.net and /usr/share/doc with real whiteouts
        Path layout = TestImages.require(TestImages.WHITEOUTS_OCI_LAYOUT);
        Image image = Image.open(Path.of(layout + ":latest"));

        assertThat(image).doesNotContain("/etc/issue.net").doesNotContain("/usr/share/doc").contains("/etc/issue")
                .contains("/etc/apt/apt.conf.d/99gotrail");
    }

    @Test
    void wouldRunNamesTheImagesGlibcAndTheVersionTheBinaryNeeds() {
        Image bullseye = bullseye();
        Image bookworm = bookworm();

        assertThat(bookworm).wouldRun(LS).wouldRun(LS, "/usr/local/bin/app");
        assertThat(bullseye).wouldNotRun(LS).wouldNotRun(LS, "/usr/local/bin/app");
        assertThat(failure(bullseye, () -> assertThat(bullseye).wouldRun(LS, "/usr/local/bin/app")))
                .contains("/usr/bin/ls", "placed at /usr/local/bin/app in the image", "to start there, but it would not:",
                        "the image provides GLIBC up to 2.31; /usr/local/bin/app needs GLIBC_2.34",
                        "the image provides glibc 2.31 (/lib/x86_64-linux-gnu/libc.so.6)", "link map in the image:",
                        "libc.so.6");
        assertThat(failure(bullseye, () -> assertThat(bullseye).wouldRun(LS)))
                .contains("placed at /usr/local/bin/ls", "/usr/local/bin/ls needs GLIBC_2.34");
        assertThat(failure(bookworm, () -> assertThat(bookworm).wouldNotRun(LS)))
                .contains("not to start there, but every library resolves and every symbol version is provided");
    }

    @Test
    void aGlibcProgramInAMuslImageFailsOnItsMissingInterpreter() {
        Image musl = musl();

        assertThat(musl).wouldNotRun(LS);
        assertThat(failure(musl, () -> assertThat(musl).wouldRun(LS)))
                .contains("to start there, but it would not:", "ld-linux-x86-64.so.2", "the image provides musl");
    }

    @Test
    void softAssertionsCollectEveryFailureAboutTheImage() {
        Image bullseye = bullseye();
        GotrailSoftAssertions softly = new GotrailSoftAssertions();

        softly.assertThat(bullseye).providesGlibcAtLeast("2.34").hasPlatform("linux/amd64").wouldRun(LS).isMusl();

        assertThat(softly.errorsCollected()).hasSize(3);
        assertThatThrownBy(softly::assertAll).hasMessageContaining("to provide glibc at least 2.34")
                .hasMessageContaining("needs GLIBC_2.34").hasMessageContaining("to provide musl");
    }

    @Test
    void aSecretInTheImagesEnvIsRedactedFromEveryMessage(@TempDir Path tmp) throws IOException {
        // a real image (podman import + save) whose config carries a token, as a careless Dockerfile would
        Path root = Files.createDirectories(tmp.resolve("root"));
        ImageTools.writeFile(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        String token = "ghp_" + "0123456789abcdefghijklmnopqrstuvwxyzAB";
        Path archive = ImageTools.podmanImage(root, tmp, "docker-archive", "", "ENV GITHUB_TOKEN=" + token, "ENV GOTOOLCHAIN=auto");
        Image image = Image.opener().cache(tmp.resolve("cache")).open(archive);

        assertThat(image).hasEnv("GITHUB_TOKEN", token); // passes: only messages are redacted
        String message = failure(image, () -> assertThat(image).hasEnv("GOTOOLCHAIN", "local"));
        assertThat(message).contains("but it sets GOTOOLCHAIN=auto", "ENV GITHUB_TOKEN=").doesNotContain(token);
        assertThat(failure(image, () -> assertThat(image).doesNotHaveEnv("GITHUB_TOKEN"))).doesNotContain(token);
    }

    @Test
    void aNullImageFailsAsAnyAssertJAssertion() {
        assertThatThrownBy(() -> assertThat((Image) null).hasPlatform("linux/amd64"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expecting actual not to be null");
    }
}
