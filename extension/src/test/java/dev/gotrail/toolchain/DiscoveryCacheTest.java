package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-JVM cache. Each test discovers a go through its own symlink in its temp dir, so the
 * cache key and the launch counters are private to the test even with other tests running in
 * parallel.
 */
class DiscoveryCacheTest {

    @TempDir
    Path tmp;

    @Test
    void theSameRequestLaunchesGoOnlyOnce() {
        GoStage stage = new GoStage(tmp);
        Path go = GoStage.symlink(stage.dir("bin"), "go", RealTools.go("1.21"));

        DiscoveryResult first = ToolchainDiscovery.discover(stage.request(go.toString()));
        long launches = ToolchainDiscovery.processLaunches(go);
        DiscoveryResult second = ToolchainDiscovery.discover(stage.request(go.toString()));

        assertThat(launches).as("go env twice and compile -V once").isEqualTo(3);
        assertThat(second).isSameAs(first);
        assertThat(ToolchainDiscovery.processLaunches(go)).isEqualTo(launches);
        assertThat(ToolchainDiscovery.discoveryRuns(go)).isEqualTo(1);
    }

    @Test
    void aDifferentRelevantEnvironmentIsDiscoveredAgain() {
        GoStage stage = new GoStage(tmp);
        Path go = GoStage.symlink(stage.dir("bin"), "go", RealTools.go("1.22"));

        GoToolchain plain = ToolchainDiscovery.discover(stage.request(go.toString())).toolchain().orElseThrow();
        stage.env("GOROOT", RealTools.goroot("1.19").toString());
        GoToolchain stale = ToolchainDiscovery.discover(stage.request(go.toString())).toolchain().orElseThrow();
        stage.env("GOROOT", null).env("UNRELATED_VARIABLE", "x");
        GoToolchain again = ToolchainDiscovery.discover(stage.request(go.toString())).toolchain().orElseThrow();

        assertThat(plain.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(stale.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(again).as("variables go does not read are not part of the key").isSameAs(plain);
        assertThat(ToolchainDiscovery.discoveryRuns(go)).isEqualTo(2);
    }

    @Test
    void editingTheGoenvFileInvalidatesTheEntry() throws Exception {
        GoStage stage = new GoStage(tmp);
        Path go = GoStage.symlink(stage.dir("bin"), "go", RealTools.go("1.23"));
        Path envFile = GoStage.write(stage.home().resolve(".config/go/env"), "GOFLAGS=-mod=mod\n");

        GoToolchain before = ToolchainDiscovery.discover(stage.request(go.toString())).toolchain().orElseThrow();
        GoStage.write(envFile, "GOROOT=" + RealTools.goroot("1.23") + "\n");
        java.nio.file.Files.setLastModifiedTime(envFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        GoToolchain after = ToolchainDiscovery.discover(stage.request(go.toString())).toolchain().orElseThrow();

        assertThat(before.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(after.gorootSource()).isEqualTo(GorootSource.CONFIG_FILE);
    }

    @Test
    void concurrentRequestsForTheSameKeyShareOneDiscovery() throws Exception {
        GoStage stage = new GoStage(tmp);
        Path go = GoStage.symlink(stage.dir("bin"), "go", RealTools.go("1.19"));
        DiscoveryRequest request = stage.request(go.toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<DiscoveryResult>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> ToolchainDiscovery.discover(request));
            }
            List<DiscoveryResult> results = new ArrayList<>();
            for (Future<DiscoveryResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results).allSatisfy(r -> assertThat(r).isSameAs(results.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(ToolchainDiscovery.discoveryRuns(go)).isEqualTo(1);
        assertThat(ToolchainDiscovery.processLaunches(go)).isEqualTo(3);
    }

    @Test
    void brokenResultsAreCachedTooSoAHangingGoIsWaitedForOnce() {
        GoStage stage = new GoStage(tmp);
        Path fake = GoStage.script(stage.dir("fake"), "go", "exit 7");

        DiscoveryResult first = ToolchainDiscovery.discover(stage.request(fake.toString()));
        DiscoveryResult second = ToolchainDiscovery.discover(stage.request(fake.toString()));

        assertThat(first).isInstanceOf(NoToolchain.class).isSameAs(second);
        assertThat(ToolchainDiscovery.processLaunches(fake)).isEqualTo(2);
    }
}
