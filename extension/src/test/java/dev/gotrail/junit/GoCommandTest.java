package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoStage;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GoVersion;
import dev.gotrail.toolchain.GorootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoCommandTest {

    @TempDir
    Path tmp;

    private GoCommand go(String minor) {
        GoStage stage = new GoStage(tmp);
        GoToolchain toolchain = stage.found(RealTools.go(minor).toString());
        return GoCommand.of(toolchain, stage.env(), Duration.ofMinutes(2));
    }

    @Test
    void runsTheToolchainsGoWithArgumentsDirectoryAndEnvironment() throws Exception {
        GoCommand go = go("1.22");
        Path module = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(module.resolve("go.mod"), "module example.com/m\n\ngo 1.22\n");

        GoResult r = go.args("env", "GOOS", "GOMOD", "CGO_ENABLED").dir(module).env("GOOS", "windows").env("CGO_ENABLED", "0").run();

        assertThat(r.succeeded()).as(r.describe()).isTrue();
        assertThat(r.stdout().lines()).containsExactly("windows", module.resolve("go.mod").toString(), "0");
        assertThat(r.command()).containsExactly(RealTools.go("1.22").toString(), "env", "GOOS", "GOMOD", "CGO_ENABLED");
        assertThat(r.dir()).isEqualTo(module);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.duration()).isPositive();
    }

    @Test
    void aFailingCommandReportsExitCodeAndStderr() {
        GoResult r = go("1.21").args("build", "./does-not-exist").dir(tmp).run();

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.stderr()).isNotBlank();
        assertThat(r.describe()).contains("exited with " + r.exitCode());
    }

    @Test
    void unsetEnvRemovesAVariable() {
        GoCommand go = go("1.23").env("GOFLAGS", "-mod=mod");
        GoResult r = go.unsetEnv("GOFLAGS").args("env", "GOFLAGS").run();

        assertThat(r.stdout().strip()).isEmpty();
        assertThat(go.args("env", "GOFLAGS").run().stdout().strip()).isEqualTo("-mod=mod");
    }

    @Test
    void buildersReturnNewCommandsAndLeaveTheOriginalUnchanged() {
        GoCommand base = go("1.19");
        GoCommand version = base.args("version");
        GoCommand other = version.env("X", "1").timeout(Duration.ofSeconds(5)).dir(tmp);

        assertThat(base.arguments()).isEmpty();
        assertThat(version.arguments()).containsExactly("version");
        assertThat(version.environment()).doesNotContainKey("X");
        assertThat(other.environment()).containsEntry("X", "1");
        assertThat(other.timeoutValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(other.directory()).isEqualTo(tmp);
        assertThat(other.commandLine()).containsExactly(RealTools.go("1.19").toString(), "version");
        assertThat(version.run().stdout()).startsWith("go version go1.19.8");
    }

    @Test
    void aHangingGoIsKilledWithItsProcessTreeAtTheTimeout() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path fake = GoStage.script(tmp.resolve("fake"), "go", "/bin/sleep 300 &\necho $! > " + pidFile + "\nwait");
        GoToolchain byHand = new GoToolchain(fake, fake, tmp, GorootSource.ENV, GoVersion.parse("go1.21.13"), Map.of(),
                List.of(), List.of());

        GoResult r = GoCommand.of(byHand).args("env").timeout(Duration.ofMillis(500)).run();

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.describe()).contains("was killed");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void invalidInputIsRejectedWithAClearMessage() {
        GoCommand go = go("1.21");

        assertThatThrownBy(() -> go.timeout(Duration.ZERO)).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> go.env("A=B", "x")).hasMessageContaining("invalid environment variable name 'A=B'");
    }
}
