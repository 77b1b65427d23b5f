package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GOTOOLCHAIN switches, staged with a {@code go1.23.5} symlink on PATH (cmd/go looks the target up
 * on PATH before it would download; GOPROXY=off makes sure nothing is downloaded).
 */
class ToolchainSwitchTest {

    @TempDir
    Path tmp;

    private GoStage stageWithGo1235OnPath() {
        GoStage stage = new GoStage(tmp);
        GoStage.symlink(stage.pathDir("sdk"), "go1.23.5", RealTools.go("1.23"));
        return stage;
    }

    @Test
    void gotoolchainInTheEnvironmentSwitchesGo121ToTheGo1235OnPath() {
        GoStage stage = stageWithGo1235OnPath().env("GOTOOLCHAIN", "go1.23.5");
        Path go121 = RealTools.go("1.21");

        GoToolchain t = stage.found(go121.toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
        assertThat(t.version()).hasToString("go1.23.5");
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.23"));
        assertThat(t.details().localGoEnv()).containsEntry("GOVERSION", "go1.21.13");
        ToolchainSwitch sw = t.toolchainSwitch().orElseThrow();
        assertThat(sw.from()).hasToString("go1.21.13");
        assertThat(sw.to()).hasToString("go1.23.5");
        assertThat(sw.toBinary()).isEqualTo(tmp.resolve("sdk/go1.23.5"));
        assertThat(sw.cause()).contains("GOTOOLCHAIN=go1.23.5 from the environment");
        assertThat(sw.fromModuleCache()).isFalse();
        Finding f = t.finding(FindingId.TOOLCHAIN_SWITCH).orElseThrow();
        assertThat(f.message()).contains(go121.toString(), "go1.21.13", "go1.23.5");
        // the setting's own fix: it came from the environment
        assertThat(f.fix()).contains("unset GOTOOLCHAIN");
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(t.isConsistent()).isFalse();
    }

    @Test
    void pathModeSwitchesBecauseOfTheGoModInTheWorkingDirectory() {
        GoStage stage = stageWithGo1235OnPath().env("GOTOOLCHAIN", "path");
        Path module = stage.dir("module");
        GoStage.write(module.resolve("go.mod"), "module m\n\ngo 1.23.5\n");

        GoToolchain t = ToolchainDiscovery.discoverUncached(stage.request(RealTools.go("1.21").toString()).withWorkDir(module))
                .toolchain().orElseThrow();

        assertThat(t.version()).hasToString("go1.23.5");
        assertThat(t.gorootSource()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
        assertThat(t.details().workDir()).isEqualTo(module);
    }

    @Test
    void withoutTheGoModTheSameSettingDoesNotSwitch() {
        GoStage stage = stageWithGo1235OnPath().env("GOTOOLCHAIN", "path");

        GoToolchain t = stage.found(RealTools.go("1.21").toString());

        assertThat(t.toolchainSwitch()).isEmpty();
        assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
    }

    @Test
    void go119IgnoresGotoolchain() {
        GoStage stage = stageWithGo1235OnPath().env("GOTOOLCHAIN", "go1.23.5");

        GoToolchain t = stage.found(RealTools.go("1.19").toString());

        assertThat(t.version()).hasToString("go1.19.8");
        assertThat(t.toolchainSwitch()).isEmpty();
    }

    @Test
    void aSwitchToAToolchainThatIsNotAvailableIsAnErrorOnTheLocalToolchain() {
        GoStage stage = stageWithGo1235OnPath().env("GOTOOLCHAIN", "go1.23.99+path");

        GoToolchain t = stage.found(RealTools.go("1.21").toString());

        assertThat(t.version()).hasToString("go1.21.13");
        Finding f = t.finding(FindingId.TOOLCHAIN_SWITCH_FAILED).orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("cannot find \"go1.23.99\" in PATH");
        assertThat(t.isConsistent()).isFalse();
    }
}
