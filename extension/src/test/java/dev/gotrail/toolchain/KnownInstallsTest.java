package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs found at well-known locations whether or not PATH reaches them. */
class KnownInstallsTest {

    @TempDir
    Path tmp;

    @Test
    void findsDebianSdkAndModuleCacheInstallsAndMarksWhichArOnPath() {
        GoStage stage = new GoStage(tmp);
        // ~/sdk/go1.99.0 (golang.org/dl layout) and a module-cache toolchain, as VERSION files and binaries
        Path sdkRoot = stage.dir("home/sdk/go1.99.0");
        GoStage.script(sdkRoot.resolve("bin"), "go", "exit 0");
        GoStage.write(sdkRoot.resolve("VERSION"), "go1.99.0\ntime 2030-01-01T00:00:00Z\n");
        Path modRoot = stage.dir("gopath/pkg/mod/golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64");
        GoStage.script(modRoot.resolve("bin"), "go", "exit 0");
        GoStage.write(modRoot.resolve("VERSION"), "go1.99.1\n");
        GoStage.symlink(stage.pathDir("bin"), "go", RealTools.go("1.22"));

        var installs = ToolchainDiscovery.knownInstalls(stage.env());

        assertThat(installs).anySatisfy(i -> {
            assertThat(i.binary()).isEqualTo(sdkRoot.resolve("bin/go"));
            assertThat(i.version()).isEqualTo("go1.99.0");
            assertThat(i.onPath()).isFalse();
        });
        assertThat(installs).anySatisfy(i -> {
            assertThat(i.binary()).isEqualTo(modRoot.resolve("bin/go"));
            assertThat(i.parsedVersion()).hasValueSatisfying(v -> assertThat(v).hasToString("go1.99.1"));
        });
        assertThat(installs).anySatisfy(i -> {
            assertThat(i.binary()).isEqualTo(RealTools.go("1.22"));
            assertThat(i.onPath()).isTrue();
        });
        assertThat(installs).anySatisfy(i -> {
            assertThat(i.binary()).isEqualTo(RealTools.go("1.19"));
            assertThat(i.onPath()).isFalse();
        });
        assertThat(installs).extracting(InstalledGo::realBinary).doesNotHaveDuplicates();
        assertThat(ToolchainDiscovery.knownLocations(stage.env()))
                .contains(tmp.resolve("gopath/pkg/mod") + "/golang.org/toolchain@*/bin/go");
    }

    @Test
    void goOnPathIsWhichMinusA() {
        GoStage stage = new GoStage(tmp);
        Path a = GoStage.symlink(stage.pathDir("a"), "go", RealTools.go("1.21"));
        stage.pathDir("none");
        Path b = GoStage.symlink(stage.pathDir("b"), "go", RealTools.go("1.19"));
        GoStage.write(stage.pathDir("c").resolve("go"), "not executable");

        assertThat(ToolchainDiscovery.goOnPath(stage.env(), tmp)).containsExactly(a, b);
    }
}
