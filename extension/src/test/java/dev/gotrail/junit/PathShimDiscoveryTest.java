package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.PathShims;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.tracer.StraceTracer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PATH shim of {@code @TraceGoOnPath} stays first on the test JVM's PATH for every test of that
 * JVM (and, in {@code target/gotrail-shim}, from one run to the next): discovery must look through
 * it to the go it runs, as a bare {@code go} does — found by a new user's trial, where
 * {@code @RequiresGoroot} took the script for the toolchain (GOROOT BUILTIN_FALLBACK) and
 * {@code @TraceGoCommand} traced a tracer.
 */
class PathShimDiscoveryTest {

    @TempDir
    Path tmp;

    @Test
    void discoveryLooksThroughTheShimToTheGoItRuns() {
        Path go = RealTools.go("1.23");
        PathShim shim = PathShim.at(tmp.resolve("gotrail-shim"), new StraceTracer(RealTools.strace().toString()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("GOROOT");
        env.put("PATH", shim.directory() + ":" + go.getParent() + ":/usr/bin:/bin");

        // what the shell runs for a bare go: the shim, which runs go 1.23 (the truth)
        CommandResult bare = CommandRunner.run(CommandSpec.of("/bin/sh", "-c", "go env GOROOT").withExactEnvironment(env).withDir(tmp));
        assertThat(bare.stdout().strip()).as(bare.stderr()).isEqualTo("/usr/lib/go-1.23");
        assertThat(PathShims.isPathShim(shim.directory().resolve("go"))).isTrue();
        assertThat(PathShims.isPathShim(go)).isFalse();

        GoToolchain found = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", env, tmp, null)).toolchain().orElseThrow();

        assertThat(found.goBinary()).isEqualTo(go);
        assertThat(found.goroot()).isEqualTo(Path.of("/usr/lib/go-1.23"));
        assertThat(found.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        // the shim is no go of its own: no finding names it (go 1.23 shadowing /usr/bin/go is a real one)
        assertThat(found.findings()).extracting(f -> f.id().toString()).doesNotContain("go-not-first-on-path");
        assertThat(found.findings()).noneMatch(f -> (f.message() + f.fix()).contains(shim.directory().toString()));
    }
}
