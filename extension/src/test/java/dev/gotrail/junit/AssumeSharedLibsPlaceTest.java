package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.Loader;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @AssumeSharedLibs} with a {@code root} (the real debootstrap roots of
 * {@code .ci/build-test-images}) or a {@code @GoImage}, through the Jupiter engine with parallel
 * execution on: the toolchain's go placed where {@code gotrail ldd --place} puts it, a file of this
 * machine named as {@code binary}, and {@code place} (a gcc-built program of this machine placed
 * into the root).
 */
class AssumeSharedLibsPlaceTest {

    /** The test images' roots as annotations must name them: the default test-image directory (CI's). */
    static final String BULLSEYE = "/var/cache/gotrail/test-images/rootfs/bullseye";
    static final String BOOKWORM = "/var/cache/gotrail/test-images/rootfs/bookworm";
    /** A gcc-built program of this machine (glibc 2.36 here: it needs GLIBC_2.34), relative to the working directory. */
    static final String HELLO = "target/assume-shared-libs-place/hello";
    static final String GO119 = "/usr/lib/go-1.19/bin/go";

    @TempDir
    static Path work;

    @BeforeAll
    static void rootsAndProgram() throws IOException {
        assertThat(TestImages.require(TestImages.BULLSEYE_ROOT)).as("the annotations below name the default test-image directory")
                .isEqualTo(Path.of(BULLSEYE));
        assertThat(TestImages.require(TestImages.BOOKWORM_ROOT)).isEqualTo(Path.of(BOOKWORM));
        TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE);
        RealTools.go("1.19");
        Path src = work.resolve("hello.c");
        Files.writeString(src, "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        Path built = work.resolve("hello");
        ImageTools.run(List.of(RealTools.gcc().toString(), "-o", built.toString(), src.toString()));
        Path target = Path.of(HELLO).toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "hello", ".tmp");
        Files.copy(built, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static EngineExecutionResults run(Class<?> testClass, Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("junit.jupiter.execution.parallel.enabled", "true");
        all.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        all.put("gotrail.test.golang", TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE).toString());
        all.put(GotrailConfig.EVIDENCE_DIR, work.resolve("evidence").toString());
        all.putAll(parameters);
        return EngineTestKit.engine("junit-jupiter").configurationParameters(all).selectors(selectClass(testClass)).execute();
    }

    static String describe(Event e) {
        return e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(t -> t.getClass().getName() + ": " + t.getMessage()).orElse("?");
    }

    static List<String> failed(EngineExecutionResults r) {
        return r.testEvents().failed().list().stream().map(AssumeSharedLibsPlaceTest::describe).toList();
    }

    static List<String> aborted(EngineExecutionResults r) {
        return r.testEvents().aborted().list().stream().map(AssumeSharedLibsPlaceTest::describe).toList();
    }

    // ---------------------------------------------------------------- C2: the toolchain's go in a root

    static class ToolchainGoInARoot {
        @Test
        @RequiresGoroot(go = GO119)
        @AssumeSharedLibs(root = BOOKWORM)
        void placedWhereLddPlaceDoes(LinkMap map) {
            assertThat(map.binary()).isEqualTo(Loader.defaultPlacement(Path.of(GO119))).isEqualTo("/usr/local/bin/go");
            assertThat(map.hostFile()).hasValue(GO119);
            assertThat(map.find("libc.so.6").orElseThrow().path()).startsWith("/lib/x86_64-linux-gnu/");
        }

        @Test
        @RequiresGoroot(go = GO119)
        @AssumeSharedLibs(root = BULLSEYE)
        void tooNewForBullseye() {
        }
    }

    @Test
    void theToolchainsGoIsPlacedAtUsrLocalBinAsByLddPlace() {
        EngineExecutionResults r = run(ToolchainGoInARoot.class, Map.of());

        assertThat(failed(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(aborted(r)).singleElement().asString().contains("tooNewForBullseye",
                "(" + GO119 + ", placed at /usr/local/bin/go) in root " + BULLSEYE,
                "(required by /usr/local/bin/go)", "/usr/local/bin/go [host file " + GO119 + "]").doesNotContain("by /go)");
    }

    // ---------------------------------------------------------------- C6: a file of this machine as binary

    static class HostFileAsBinary {
        @Test
        @AssumeSharedLibs(binary = "/usr/bin/strace", root = BULLSEYE)
        void existsOnlyOnThisMachine() {
        }

        @Test
        @AssumeSharedLibs(binary = "/usr/bin/gotrail-nowhere", root = BULLSEYE)
        void existsNowhere() {
        }
    }

    @Test
    void aBinaryThatExistsOnThisMachineButNotInTheRootPointsToPlace() {
        RealTools.strace();
        EngineExecutionResults r = run(HostFileAsBinary.class, Map.of());

        List<String> aborted = aborted(r);
        assertThat(aborted).hasSize(2);
        assertThat(aborted).anySatisfy(m -> assertThat(m).contains("existsOnlyOnThisMachine",
                "/usr/bin/strace does not exist in root " + BULLSEYE + ", but it exists on this machine",
                "@AssumeSharedLibs(place = \"/usr/bin/strace\", root = \"" + BULLSEYE + "\")", "placed at /usr/local/bin/strace",
                "Image.place(", "gotrail ldd --root " + BULLSEYE + " --place /usr/bin/strace").doesNotContain("Build it"));
        assertThat(aborted).anySatisfy(m -> assertThat(m).contains("existsNowhere",
                "/usr/bin/gotrail-nowhere does not exist in root " + BULLSEYE + ". Build it before this test runs"));
    }

    // ---------------------------------------------------------------- G1: place

    static class Place {
        @Test
        @AssumeSharedLibs(place = HELLO, root = BOOKWORM, versions = "GLIBC_2.34")
        void wouldRunInBookworm(LinkMap map) {
            assertThat(map.binary()).isEqualTo("/usr/local/bin/hello");
            assertThat(map.hostFile()).hasValue(Path.of(HELLO).toAbsolutePath().toString());
            assertThat(map.find("libc.so.6").orElseThrow().reason()).isEqualTo(LoadReason.LD_SO_CACHE);
        }

        @Test
        @AssumeSharedLibs(place = HELLO + ":/opt/app/hello", root = BULLSEYE)
        void tooNewForBullseye() {
        }

        @Test
        @AssumeSharedLibs(place = "target/assume-shared-libs-place/absent", root = BOOKWORM)
        void notBuilt() {
        }
    }

    @Test
    void placeResolvesAFileOfThisMachineAsIfCopiedIntoTheRoot() {
        EngineExecutionResults r = run(Place.class, Map.of());

        assertThat(failed(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
        List<String> aborted = aborted(r);
        assertThat(aborted).hasSize(2);
        assertThat(aborted).anySatisfy(m -> assertThat(m).contains("tooNewForBullseye",
                Path.of(HELLO).toAbsolutePath() + " (a file of this machine) placed at /opt/app/hello in root " + BULLSEYE,
                "version `GLIBC_2.34' not found (required by /opt/app/hello)", "Root " + BULLSEYE + " provides glibc 2.31"));
        assertThat(aborted).anySatisfy(m -> assertThat(m).contains("notBuilt",
                Path.of("target/assume-shared-libs-place/absent").toAbsolutePath() + " does not exist on this machine (relative to the"
                        + " working directory", "Build it before this test runs, or correct place"));
    }

    @Test
    void placeUnderStrictModeFailsInsteadOfSkipping() {
        EngineExecutionResults r = run(Place.class, Map.of(GotrailConfig.STRICT, "true"));

        assertThat(aborted(r)).isEmpty();
        assertThat(failed(r)).hasSize(2).allSatisfy(m -> assertThat(m).contains("gotrail.strict=true"));
    }

    @GoImage("${gotrail.test.golang}")
    static class PlaceInAnImage {
        @Test
        @AssumeSharedLibs(place = HELLO)
        void wouldRunInTheGolangImage(LinkMap map) {
            assertThat(map.binary()).isEqualTo("/usr/local/bin/hello");
            assertThat(map.glibc().orElseThrow().toString()).contains("2.36");
        }
    }

    @Test
    void placeInsideGoImageResolvesInTheImage() {
        EngineExecutionResults r = run(PlaceInAnImage.class, Map.of());

        assertThat(failed(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
    }

    static class PlaceMisconfigured {
        @Test
        @AssumeSharedLibs(place = HELLO)
        void noRoot() {
        }

        @Test
        @AssumeSharedLibs(place = HELLO, binary = "/usr/bin/ls", root = BOOKWORM)
        void withBinary() {
        }

        @Test
        @AssumeSharedLibs(place = "target", root = BOOKWORM)
        void aDirectory() {
        }
    }

    @Test
    void aMisconfiguredPlaceSaysHowToFixIt() {
        EngineExecutionResults r = run(PlaceMisconfigured.class, Map.of());

        List<String> f = failed(r);
        assertThat(f).hasSize(3).allSatisfy(m -> assertThat(m).contains(ExtensionConfigurationException.class.getName(), "Fix:"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("noRoot", "has no root to place the file into",
                "add root = ", "@AssumeSharedLibs(binary = \"" + Path.of(HELLO).toAbsolutePath() + "\")"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("withBinary", "keep one of them"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("aDirectory", "is a directory"));
    }
}
