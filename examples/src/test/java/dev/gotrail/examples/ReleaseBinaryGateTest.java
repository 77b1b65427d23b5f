package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.toolchain.GoToolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release gate: the binary we ship must be built with Go 1.23, without cgo, with -trimpath,
 * from a clean, committed work tree, and must not pull in a banned module. The facts come from the
 * binary's own build information (what {@code go version -m} prints), read without running it.
 */
@RequiresGoroot(go = "/usr/lib/go-1.23/bin/go")
class ReleaseBinaryGateTest {

    private static final String PROGRAM = """
            package main

            import "fmt"

            func main() { fmt.Println("release") }
            """;

    @Test
    void releaseBinaryPassesTheGate(GoCommand go, GoToolchain toolchain, @TempDir Path dir) throws Exception {
        Fixtures.goModule(dir, PROGRAM);
        git(dir, "init", "-q");
        git(dir, "add", ".");
        git(dir, "-c", "user.name=release", "-c", "user.email=release@example.invalid", "commit", "-q", "-m", "v1.0.0");
        String commit = git(dir, "rev-parse", "HEAD").strip();

        GoResult build = go.args("build", "-trimpath", "-o", "app", ".").dir(dir)
                .env("CGO_ENABLED", "0").env("GOCACHE", Fixtures.GOCACHE.toString()).env("GOFLAGS", "-buildvcs=true").run();
        assertThat(build.exitCode()).as(build.stderr()).isZero();

        GoBuildInfo app = GoBuildInfo.read(dir.resolve("app")).orElseThrow();
        assertThat(app)
                .builtWith("go1.23.x")
                .hasSetting("CGO_ENABLED", "0")
                .isTrimmed()
                .hasVcsRevision(commit)
                .isNotModified()
                .doesNotDependOn("github.com/banned/module");

        // Everything else about the release binary is pinned by a reviewed baseline: Go version,
        // build settings, dependencies, static or not (the revision and time are never recorded).
        assertThat(BaselineTarget.elf(dir.resolve("app")).as("release-app")).matchesBaseline("src/test/baselines/release-app.json");

        // The toolchain that built it knows which Go built *it* (Debian builds go with -trimpath).
        assertThat(toolchain.buildInfo()).hasValueSatisfying(self -> assertThat(self.path()).isEqualTo("cmd/go"));
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
