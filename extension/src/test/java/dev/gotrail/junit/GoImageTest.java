package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.config.GotrailConfig;
import dev.gotrail.image.Image;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.TestImages;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @GoImage} end to end through the Jupiter engine (parallel execution on) against the real
 * golang test image ({@code .ci/build-test-images}), real bubblewrap and real strace; every dynamic
 * answer is compared with go itself chrooted into the unpacked root.
 */
class GoImageTest {

    /** The image's path as the example classes name it: {@code ${gotrail.test.golang}} is set per run. */
    static final String GOLANG = "${gotrail.test.golang}";

    static Path golang;
    static Path stale;
    static Path golangRoot;

    @TempDir
    Path evidence;

    @BeforeAll
    static void images() {
        RealTools.strace();
        RealTools.onPath("bwrap", "bubblewrap");
        golang = TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE);
        stale = TestImages.require(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE);
        golangRoot = TestImages.require(TestImages.GOLANG_ROOT);
    }

    EngineExecutionResults execute(org.junit.platform.engine.DiscoverySelector selector, Map<String, String> parameters) {
        return execute(selector, evidence, parameters);
    }

    /** Runs {@code selector} on the Jupiter engine, parallel, with the test images' paths as parameters. */
    static EngineExecutionResults execute(org.junit.platform.engine.DiscoverySelector selector, Path evidence,
            Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("junit.jupiter.execution.parallel.enabled", "true");
        all.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        all.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        all.put("gotrail.test.golang", golang.toString());
        all.put("gotrail.test.stale", stale.toString());
        all.put("gotrail.test.golangRoot", TestImages.require(TestImages.GOLANG_ROOT).toString());
        all.put(GotrailConfig.EVIDENCE_DIR, evidence.toString());
        all.put(GotrailConfig.GO, "/nonexistent/host/go"); // a host setting: inside an image it must not matter
        all.putAll(parameters);
        return EngineTestKit.engine("junit-jupiter").configurationParameters(all).selectors(selector).execute();
    }

    static List<String> failures(EngineExecutionResults r) {
        return r.testEvents().failed().list().stream().map(GoImageTest::describe).toList();
    }

    static String describe(Event e) {
        return e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(t -> t.getClass().getName() + ": " + t.getMessage()).orElse("?");
    }

    // ---------------------------------------------------------------- examples

    @GoImage(GOLANG)
    static class InTheGolangImage {

        @Test
        @RequiresGoroot(value = "/usr/local/go", version = "1.23.x")
        void staticToolchain(GoToolchain go, Image image) {
            assertThat(go.goBinary()).isEqualTo(Path.of("/usr/local/go/bin/go"));
            assertThat(go.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
            assertThat(image.digest()).startsWith("sha256:");
        }

        @Test
        @TraceGoCommand({"env", "GOROOT"})
        void tracedGorootIsUsrLocalGo(GoTrace trace) {
            assertThat(trace.command()).containsExactly("/usr/local/go/bin/go", "env", "GOROOT");
            assertThat(trace.stdout().strip()).isEqualTo("/usr/local/go");
            assertThat(trace.effectiveGoroot().path()).isEqualTo("/usr/local/go");
            assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.EXE_DERIVED);
            assertThat(trace.opened()).extracting(FileAccess::path).contains("/usr/local/go/go.env");
            assertThat(trace.execs()).noneMatch(e -> e.path().endsWith("bwrap") || e.path().endsWith("unshare"));
        }

        @Test
        @RequiresGoroot
        void buildsATinyModuleInATempDirInsideTheImage(GoCommand go, @TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("go.mod"), "module example.com/tiny\n\ngo 1.23\n");
            Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"tiny\") }\n");

            GoResult built = go.args("build", "-o", "tiny", ".").dir(dir).env("CGO_ENABLED", "0").run();

            assertThat(built.exitCode()).as(built.stderr()).isZero();
            assertThat(built.command()).containsExactly("/usr/local/go/bin/go", "build", "-o", "tiny", ".");
            GoBuildInfo info = GoBuildInfo.read(dir.resolve("tiny")).orElseThrow();
            assertThat(info.goVersion()).startsWith("go1.23.");
            assertThat(info.path()).isEqualTo("example.com/tiny");
            // a second build reuses the image's build cache (kept per image and JVM): go says so with -x
            GoResult again = go.args("build", "-x", "-o", "tiny2", ".").dir(dir).env("CGO_ENABLED", "0").run();
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(again.stderr()).doesNotContain("/compile ");
        }

        @Test
        @AssumeSharedLibs
        @RequiresGoroot
        void linkMapOfTheImagesGo(LinkMap map) {
            assertThat(map.missing()).isEmpty();
            assertThat(map.glibc()).isPresent();
            assertThat(map.glibc().get().toString()).contains("2.36");
        }
    }

    @GoImage("${gotrail.test.stale}")
    static class InTheStaleImage {
        @Test
        @RequiresGoroot
        void requiresAWorkingGoroot() {
        }
    }

    @GoImage(GOLANG)
    static class WrongRequirements {
        @Test
        @RequiresGoroot(value = "/usr/lib/go")
        void anotherGoroot() {
        }

        @Test
        @RequiresGoroot(version = "<1.20")
        void anOlderGo() {
        }

        @Test
        @RequiresGoroot(go = "/usr/bin/go")
        void aGoTheImageLacks() {
        }

        @Test
        @RequiresGoroot(go = "go")
        void aBareName() {
        }
    }

    /** The extracted golang root: go at /usr/local/go/bin/go, which Docker's default PATH does not reach. */
    @GoImage("${gotrail.test.golangRoot}")
    static class InTheExtractedGolangRoot {
        @Test
        @RequiresGoroot
        void noGoOnItsPath() {
        }

        @Test
        @RequiresGoroot(go = "/usr/local/go/bin/go", value = "/usr/local/go", version = ">=1.23")
        void aGoOffThePathNamedExplicitly(GoToolchain go) {
            assertThat(go.goBinary()).isEqualTo(Path.of("/usr/local/go/bin/go"));
            assertThat(go.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
            assertThat(go.details().consulted()).first().asString().contains("named explicitly", "not reached by PATH=");
        }

        @Test
        @RequiresGoroot(go = "/usr/local/go/bin/go")
        void runsTheNamedGo(GoCommand go) {
            GoResult r = go.args("env", "GOROOT").run();
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.command()).first().isEqualTo("/usr/local/go/bin/go");
            assertThat(r.stdout().strip()).isEqualTo("/usr/local/go");
        }

        @Test
        @RequiresGoroot(go = "/usr/lib/go-1.23/bin/go")
        void aGoTheRootLacks() {
        }
    }

    @Test
    void insideAnImageGoSelectsANamedGoOffThePathAndTheMessagesListIt() {
        EngineExecutionResults r = execute(selectClass(InTheExtractedGolangRoot.class), Map.of());

        List<String> f = failures(r);
        assertThat(f).hasSize(2);
        assertThat(r.testEvents().succeeded().count()).as(f.toString()).isEqualTo(2);
        // the fix the first message gives is what aGoOffThePathNamedExplicitly and runsTheNamedGo do
        assertThat(f).anySatisfy(m -> assertThat(m).contains("noGoOnItsPath", "No go on the PATH of image " + golangRoot,
                "the image holds /usr/local/go/bin/go (not on its PATH)",
                "Fix: name it: @RequiresGoroot(go = \"/usr/local/go/bin/go\"), or add its bin directory to the image's PATH"
                        + " (ENV PATH=/usr/local/go/bin:$PATH)"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("aGoTheRootLacks",
                "@RequiresGoroot(go = \"/usr/lib/go-1.23/bin/go\") is not an executable go in image " + golangRoot,
                "the image's go binaries are [/usr/local/go/bin/go]", "Fix: name one of them: @RequiresGoroot(go = \"/usr/local/go/bin/go\")"));
    }

    static class MissingImage {
        @Test
        @GoImage("/nonexistent/images/golang.docker.tar")
        @RequiresGoroot
        void needsAnImage() {
        }

        @Test
        @GoImage(value = GOLANG, platform = "linux/s390x")
        @RequiresGoroot
        void needsAPlatformTheImageLacks() {
        }
    }

    @GoImage(GOLANG)
    static class WithoutSandbox {
        @Test
        @RequiresGoroot(value = "/usr/local/go")
        void staticAnswersStillWork(GoToolchain go) {
            assertThat(go.goroot()).isEqualTo(Path.of("/usr/local/go"));
        }

        @Test
        @TraceGoCommand({"env", "GOROOT"})
        void tracedCommandNeedsASandbox(GoTrace trace) {
        }

        @Test
        @RequiresGoroot
        void runNeedsASandbox(GoCommand go) {
            go.args("version").run();
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void goRunsInsideTheImageAndAgreesWithGoChrootedIntoIt() {
        EngineExecutionResults r = execute(selectClass(InTheGolangImage.class), Map.of(GotrailConfig.EVIDENCE, "always"));

        assertThat(failures(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(4);
        // the truth: go itself, chrooted into the unpacked root with the image's environment
        Image image = openImage();
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.put("HOME", "/root");
        CommandResult truth = ImageTools.chroot(image.root(), env, "/usr/local/go/bin/go", "env", "GOROOT", "GOVERSION");
        assertThat(truth.stdout().lines().toList()).first().isEqualTo("/usr/local/go");
        assertThat(truth.stdout().lines().toList().get(1)).startsWith("go1.23.");
    }

    @Test
    void theChrootSandboxGivesTheSameTraceWithImagePaths() {
        if (!isRoot()) {
            throw dev.gotrail.testsupport.MissingToolSignal.raise(List.of(new dev.gotrail.testsupport.MissingTool(
                    "root privileges", "", "the chroot sandbox needs root")), RealTools.strict());
        }
        EngineExecutionResults r = execute(selectMethod(InTheGolangImage.class, "tracedGorootIsUsrLocalGo", GoTrace.class.getName()),
                Map.of(GotrailConfig.SANDBOX, "chroot"));

        assertThat(failures(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.substring(4).trim().split("\\s+")[1]).findFirst().orElse("").equals("0");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void evidenceShowsImagePathsAndNamesTheImageAndItsDigest() throws Exception {
        execute(selectMethod(InTheGolangImage.class, "tracedGorootIsUsrLocalGo", GoTrace.class.getName()),
                Map.of(GotrailConfig.EVIDENCE, "always"));
        Image image = openImage();

        List<Path> files;
        try (Stream<Path> walk = Files.walk(evidence)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        String commands = read(files, "commands.txt");
        assertThat(commands).contains("/usr/local/go/bin/go env GOROOT").doesNotContain("bwrap").doesNotContain("--ro-bind");
        String all = read(files, "evidence.html") + read(files, "summary.txt");
        assertThat(all).contains(image.digest()).contains(image.source().toString()).contains("/usr/local/go/go.env");
    }

    @Test
    void aStaleEnvGorootInTheImageFailsRequiresGorootNamingTheEnvLine() {
        EngineExecutionResults r = execute(selectClass(InTheStaleImage.class), Map.of());

        assertThat(failures(r)).singleElement().asString().contains("AssertionFailedError", "ENV GOROOT=/usr/lib/go",
                "inside image " + stale, "Fix:");
    }

    @Test
    void requirementsAreCheckedAgainstImagePaths() {
        EngineExecutionResults r = execute(selectClass(WrongRequirements.class), Map.of());

        List<String> f = failures(r);
        assertThat(f).hasSize(4).allSatisfy(m -> assertThat(m).contains("inside image " + golang));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("aBareName", ExtensionConfigurationException.class.getName(),
                "by its absolute path inside the image", "Fix: write it so, e.g. @RequiresGoroot(go = \"/usr/local/go/bin/go\")"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("anotherGoroot", "expected GOROOT /usr/lib/go does not exist inside the image",
                "the effective GOROOT is /usr/local/go"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("anOlderGo", "version go1.23.", "does not satisfy \"<1.20\"", "use an image whose go does"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("aGoTheImageLacks", "is not an executable go in image",
                "[/usr/local/go/bin/go]"));
    }

    @Test
    void aMissingImageOrAbsentPlatformIsAConfigurationErrorThatSaysHowToFixIt() {
        EngineExecutionResults r = execute(selectClass(MissingImage.class), Map.of());

        List<String> f = failures(r);
        assertThat(f).hasSize(2).allSatisfy(m -> assertThat(m).contains(ExtensionConfigurationException.class.getName(), "Fix"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("needsAnImage", "/nonexistent/images/golang.docker.tar does not exist",
                "podman save"));
        assertThat(f).anySatisfy(m -> assertThat(m).contains("needsAPlatformTheImageLacks", "linux/s390x", "linux/amd64",
                "Fix: name one of them in @GoImage(platform = \"linux/amd64\")").doesNotContain("--platform"));
    }

    @Test
    void withoutASandboxStaticAnswersWorkAndRunningGoAbortsWithCauseAndFix() {
        EngineExecutionResults r = execute(selectClass(WithoutSandbox.class), Map.of(GotrailConfig.SANDBOX, "none"));

        assertThat(failures(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(1);
        List<String> aborted = r.testEvents().aborted().list().stream().map(GoImageTest::describe).toList();
        assertThat(aborted).hasSize(2).allSatisfy(m -> assertThat(m).contains("gotrail.sandbox=none", "Fix:",
                "inside image " + golang));
    }

    @Test
    void withoutASandboxStrictModeFails() {
        EngineExecutionResults r = execute(selectClass(WithoutSandbox.class), Map.of(GotrailConfig.SANDBOX, "none",
                GotrailConfig.STRICT, "true"));

        assertThat(r.testEvents().aborted().count()).isZero();
        assertThat(failures(r)).hasSize(2).allSatisfy(m -> assertThat(m).contains(SkipPolicy.STRICT, "gotrail.sandbox=none"));
    }

    private static Image openImage() {
        try {
            return Image.open(golang);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(List<Path> files, String name) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : files) {
            if (p.getFileName().toString().equals(name)) sb.append(Files.readString(p));
        }
        assertThat(sb).as(name + " among " + files).isNotEmpty();
        return sb.toString();
    }
}
