package dev.gotrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.image.Image;
import dev.gotrail.junit.AssumeSharedLibs;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoImage;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.testsupport.TestImages;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI engineer proves, by running it, that the team's builder image works (docs/go-image.md): its
 * go really uses /usr/local/go (a trace taken inside the image, no daemon), and the team's module
 * builds there with the image's Go. The image is the golang test image {@code .ci/build-test-images}
 * saves with podman; the path follows that script's own {@code GOTRAIL_TEST_IMAGES} default.
 */
@GoImage("${GOTRAIL_TEST_IMAGES:-/var/cache/gotrail/test-images}/archives/golang.docker.tar")
class GoImageExampleTest {

    @BeforeAll
    static void theImagesAreBuilt() {
        TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE); // skips (strict: fails) naming the script
    }

    @Test
    @RequiresGoroot(value = "/usr/local/go", version = ">=1.23")
    @TraceGoCommand({"env", "GOROOT"})
    void theBuilderImagesGoReallyUsesUsrLocalGo(GoTrace trace, GoToolchain go, Image image) {
        // the static answer, from the image's files
        assertThat(go.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        // the proof: go ran inside the image, strace watched from outside; paths are the image's
        assertThat(trace.stdout().strip()).isEqualTo("/usr/local/go");
        assertThat(trace.effectiveGoroot().path()).isEqualTo("/usr/local/go");
        assertThat(trace.opened()).extracting(FileAccess::path).contains("/usr/local/go/go.env");
        assertThat(image.digest()).startsWith("sha256:");
    }

    @Test
    @RequiresGoroot
    void ourModuleBuildsInsideTheBuilderImage(GoCommand go, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("go.mod"), "module example.com/release\n\ngo 1.23\n");
        Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"release\") }\n");

        // the @TempDir is bound at the same path inside the image: the binary lands here
        GoResult built = go.args("build", "-trimpath", "-o", "release", ".").dir(dir).env("CGO_ENABLED", "0").run();

        assertThat(built.exitCode()).as(built.stderr()).isZero();
        GoBuildInfo info = GoBuildInfo.read(dir.resolve("release")).orElseThrow();
        assertThat(info.goVersion()).startsWith("go1.23.");
        assertThat(info.settings()).containsEntry("CGO_ENABLED", "0").containsEntry("-trimpath", "true");
    }

    @Test
    @RequiresGoroot
    void ourReleaseScriptRunsTheImagesGo(GoCommand go, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("go.mod"), "module example.com/release\n\ngo 1.23\n");
        Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() { println(\"release\") }\n");
        Path script = Files.writeString(dir.resolve("release.sh"), "#!/bin/sh\nset -e\n"
                + "CGO_ENABLED=0 go build -o release .\n"
                + "go version -m release\n");
        script.toFile().setExecutable(true);

        // the release script shells out to a bare go: the shim first on its PATH runs the image's go in the image
        ProcessBuilder pb = new ProcessBuilder("./release.sh").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", go.shim() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("build\tCGO_ENABLED=0"); // the script's setting reached go inside the image
        assertThat(go.traces()).hasSize(2).allSatisfy(call -> {
            assertThat(call.command().get(0)).isEqualTo("/usr/local/go/bin/go");
            assertThat(call.effectiveGoroot().path()).isEqualTo("/usr/local/go");
        });
    }

    @Test
    @RequiresGoroot
    @AssumeSharedLibs
    void theImagesGoStartsThere(LinkMap goInTheImage) {
        // resolved in the image (nothing run): the image's go needs nothing the image lacks
        assertThat(goInTheImage.missing()).isEmpty();
        assertThat(goInTheImage.versionProblems()).isEmpty();
    }
}
