package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.config.GotrailConfig;
import dev.gotrail.image.Image;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.MissingTool;
import dev.gotrail.testsupport.MissingToolSignal;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code GoCommand.shim()} inside {@code @GoImage}: code under test that shells out to a bare
 * {@code go} gets the image's go, run in the image's sandbox and traced, through the Jupiter engine
 * (parallel execution on) against the real golang test image, real bubblewrap (or the chroot
 * sandbox as root) and real strace. The truth is go itself chrooted into the unpacked root.
 */
class GoImageShimTest {

    @TempDir
    Path evidence;

    @BeforeAll
    static void images() {
        GoImageTest.images();
    }

    /** What a build script does: runs a bare "go" found on the PATH it was given, in its own directory. */
    static CommandResult shellOut(Path shim, Path dir, Map<String, String> env, String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec go \"$@\"", "build-script"));
        line.addAll(List.of(args));
        return CommandRunner.run(CommandSpec.of(line).withDir(dir).withEnv("PATH", shim + ":" + System.getenv("PATH"))
                .withEnv(env).withTimeout(Duration.ofMinutes(3)));
    }

    @GoImage(GoImageTest.GOLANG)
    static class CodeThatShellsOutToGo {

        @Test
        @RequiresGoroot
        void buildsWithTheImagesGoTraced(GoCommand go, @TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("go.mod"), "module example.com/tiny\n\ngo 1.23\n");
            Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"tiny\") }\n");
            Path shim = go.env("GOFLAGS", "-trimpath").shim();

            // the caller's cmd/go settings are passed into the image; its host paths are not
            Map<String, String> caller = Map.of("CGO_ENABLED", "0", "GOROOT", "/nonexistent/host/goroot",
                    "GOCACHE", "/nonexistent/host/cache");
            CommandResult built = shellOut(shim, dir, caller, "build", "-o", "tiny", ".");
            CommandResult env = shellOut(shim, dir, Map.of("GOOS", "windows"), "env", "GOROOT", "GOOS", "GOFLAGS", "GOCACHE");
            CommandResult failed = shellOut(shim, dir, Map.of(), "build", "./nonexistent");

            assertThat(built.exitCode()).as(built.stderr()).isZero();
            GoBuildInfo info = GoBuildInfo.read(dir.resolve("tiny")).orElseThrow();
            assertThat(info.goVersion()).startsWith("go1.23.");
            assertThat(info.settings()).containsEntry("CGO_ENABLED", "0").containsEntry("-trimpath", "true");
            assertThat(env.exitCode()).as(env.stderr()).isZero();
            assertThat(env.stdout().lines().toList()).containsExactly("/usr/local/go", "windows", "-trimpath",
                    "/root/.cache/go-build");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.stderr()).contains("nonexistent");

            List<GoTrace> traces = go.traces();
            assertThat(traces).hasSize(3);
            assertThat(traces).extracting(GoTrace::exitCode).containsExactly(0, 0, 1);
            assertThat(traces.get(1).command()).containsExactly("/usr/local/go/bin/go", "env", "GOROOT", "GOOS", "GOFLAGS", "GOCACHE");
            for (GoTrace t : traces) {
                assertThat(t.effectiveGoroot().path()).isEqualTo("/usr/local/go");
                assertThat(t.effectiveGoroot().source()).isEqualTo(GorootSource.EXE_DERIVED);
                assertThat(t.opened()).extracting(FileAccess::path).contains("/usr/local/go/go.env");
                assertThat(t.execs()).noneMatch(e -> e.path().endsWith("bwrap") || e.path().endsWith("unshare")
                        || e.path().equals("/bin/sh"));
            }
            // the build's compile ran inside: the image's tool directory, not this machine's
            assertThat(traces.get(0).execs()).anySatisfy(e -> assertThat(e.path()).startsWith("/usr/local/go/pkg/tool/"));
        }

        @Test
        @RequiresGoroot
        void aCallerInTheRootDirectoryIsRefusedWithExit125(GoCommand go) throws Exception {
            CommandResult r = shellOut(go.shim(), Path.of("/"), Map.of(), "version");

            assertThat(r.exitCode()).isEqualTo(125);
            assertThat(r.stderr()).contains("cannot run in /", "run it from a directory of its own");
            // the call is recorded (it was made), and its trace shows that go never ran: only the launcher's calls
            assertThat(go.traces()).singleElement().satisfies(t -> {
                assertThat(t.exitCode()).isEqualTo(125);
                assertThat(t.execs()).noneMatch(e -> e.path().equals("/usr/local/go/bin/go"));
            });
        }
    }

    @dev.gotrail.evidence.TestKitOnly
    @GoImage(GoImageTest.GOLANG)
    static class ShimTraceAssertionFails {
        @Test
        @RequiresGoroot
        void wrongGoroot(GoCommand go, @TempDir Path dir) {
            CommandResult r = shellOut(go.shim(), dir, Map.of(), "env", "GOROOT");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            dev.gotrail.assertj.GotrailAssertions.assertThat(go.traces().get(0)).usedGoroot("/usr/lib/go-not-this-one");
        }
    }

    @GoImage(GoImageTest.GOLANG)
    static class TraceGoOnPathInAnImage {
        @Test
        @TraceGoOnPath
        void bareGoOnTheJvmsPath() {
        }
    }

    EngineExecutionResults execute(Class<?> tests, Map<String, String> parameters) {
        return GoImageTest.execute(selectClass(tests), evidence, parameters);
    }

    @Test
    void theShimRunsTheImagesGoInTheCallersDirectoryWithTheCallersGoSettings() throws IOException {
        EngineExecutionResults r = execute(CodeThatShellsOutToGo.class, Map.of());

        assertThat(GoImageTest.failures(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(2);
        // the truth: go chrooted into the unpacked root, with the image's environment, says the same GOROOT
        Image image = Image.open(GoImageTest.golang);
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.put("HOME", "/root");
        env.put("GOOS", "windows");
        CommandResult truth = ImageTools.chroot(image.root(), env, "/usr/local/go/bin/go", "env", "GOROOT", "GOOS", "GOCACHE");
        assertThat(truth.stdout().lines().toList()).containsExactly("/usr/local/go", "windows", "/root/.cache/go-build");
    }

    @Test
    void theChrootSandboxRunsTheShimTheSameWay() {
        if (!GoImageTest.isRoot()) {
            throw MissingToolSignal.raise(List.of(new MissingTool("root privileges", "", "the chroot sandbox needs root")),
                    RealTools.strict());
        }
        EngineExecutionResults r = execute(CodeThatShellsOutToGo.class, Map.of(GotrailConfig.SANDBOX, "chroot"));

        assertThat(GoImageTest.failures(r)).isEmpty();
        assertThat(r.testEvents().succeeded().count()).isEqualTo(2);
    }

    /** Trial finding B3: the trace of a shim call into the image is quoted by its kept copy, not its log under the shim's calls/. */
    @Test
    void aFailingAssertionOnAShimTraceQuotesTheKeptCopy() throws IOException {
        EngineExecutionResults r = execute(ShimTraceAssertionFails.class, Map.of("gotrail.testkit", "true"));

        List<Throwable> failed = r.testEvents().failed().list().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow()).toList();
        assertThat(failed).as("%s", GoImageTest.failures(r)).singleElement()
                .satisfies(t -> assertThat(t.getMessage()).contains("to use GOROOT", "/usr/local/go"));
        String message = failed.get(0).getMessage();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\\(trace (\\S+)\\)").matcher(message);
        assertThat(quoted.find()).as(message).isTrue();
        Path log = Path.of(quoted.group(1));
        assertThat(log).as("the kept copy, which exists after the test").startsWithRaw(evidence.toAbsolutePath())
                .hasFileName("trace-1.log").isRegularFile();
        assertThat(message).doesNotContain("/shim/calls/");
        assertThat(log.getParent().resolve("summary.txt")).content().contains("(trace " + log + ")").doesNotContain("/shim/calls/");
    }

    @Test
    void traceGoOnPathInsideAnImageIsAConfigurationErrorPointingToTheShim() {
        EngineExecutionResults r = execute(TraceGoOnPathInAnImage.class, Map.of());

        assertThat(GoImageTest.failures(r)).singleElement().asString().contains(ExtensionConfigurationException.class.getName(),
                "@TraceGoOnPath traces the go of this machine", "@GoImage on " + TraceGoOnPathInAnImage.class.getName(),
                "Fix:", "go.shim()");
    }
}
