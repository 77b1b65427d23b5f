package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A go that is not there, not executable, fails, prints garbage or hangs: each gives a
 * {@link NoToolchain} with a finding and a fix. The misbehaving "go" binaries are shell scripts,
 * since a real go cannot be made to misbehave this way.
 */
class DiscoveryBadInputTest {

    @TempDir
    Path tmp;

    @Test
    void nothingOnPathIsMissingAndListsInstallsThatPathDoesNotReach() {
        GoStage stage = new GoStage(tmp);
        stage.pathDir("empty");
        RealTools.go("1.21"); // the well-known install the result must mention

        NoToolchain none = stage.notFound("");

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.NOT_ON_PATH);
        assertThat(none.isMissing()).isTrue();
        assertThat(none.findings().get(0).id()).isEqualTo(FindingId.GO_NOT_ON_PATH);
        assertThat(none.installsNotOnPath()).extracting(InstalledGo::binary).contains(RealTools.go("1.21"));
        assertThat(none.knownLocations()).contains("/usr/lib/go-*/bin/go", "/usr/local/go/bin/go",
                stage.home() + "/sdk/go*/bin/go");
        assertThat(none.message()).contains("No Go toolchain found", "PATH=" + tmp.resolve("empty"),
                "Installed but not on PATH", RealTools.go("1.21") + " (go1.21.13)");
        assertThat(none.fix()).contains("export PATH=");
        assertThat(none.findings()).extracting(Finding::id).containsExactly(FindingId.GO_NOT_ON_PATH, FindingId.INSTALLED_NOT_ON_PATH);
        assertThat(none.lastCommand()).isNull();
    }

    @Test
    void aNonexistentGoIsMissingAndNamesThePath() {
        GoStage stage = new GoStage(tmp);
        Path nowhere = tmp.resolve("opt/go/bin/go");

        NoToolchain none = stage.notFound(nowhere.toString());

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.NO_SUCH_FILE);
        assertThat(none.isMissing()).isTrue();
        assertThat(none.findings().get(0).message()).isEqualTo(nowhere + " does not exist");
        assertThat(none.consulted()).contains("requested go " + nowhere);
    }

    @Test
    void theFixNamesTheLibrarysWaysByDefaultAndTheRequestsGoOptionWhenGiven() {
        GoStage stage = new GoStage(tmp);
        String nowhere = tmp.resolve("opt/go/bin/go").toString();

        assertThat(stage.notFound(nowhere).fix()).startsWith("point gotrail.go / @RequiresGoroot(go = …) at an existing go binary");
        DiscoveryResult cli = ToolchainDiscovery.discoverUncached(stage.request(nowhere).withGoOption("--go"));
        assertThat(((NoToolchain) cli).fix()).startsWith("point --go at an existing go binary").doesNotContain("RequiresGoroot");
        DiscoveryResult byName = ToolchainDiscovery.discoverUncached(stage.request("go-nope").withGoOption("--go"));
        assertThat(((NoToolchain) byName).fix()).contains("(--go /usr/lib/go-1.23/bin/go)").doesNotContain("gotrail.go");
    }

    @Test
    void aDanglingSymlinkSaysWhereItPoints() {
        GoStage stage = new GoStage(tmp);
        Path link = GoStage.symlink(stage.dir("bin"), "go", tmp.resolve("removed/go"));

        NoToolchain none = stage.notFound(link.toString());

        assertThat(none.findings().get(0).message()).contains("dangling symlink to " + tmp.resolve("removed/go"));
    }

    @Test
    void aGorootDirectoryInsteadOfItsGoBinaryIsExplained() {
        GoStage stage = new GoStage(tmp);

        NoToolchain none = stage.notFound(RealTools.goroot("1.22").toString());

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.NOT_EXECUTABLE);
        assertThat(none.isMissing()).isFalse();
        assertThat(none.fix()).contains(RealTools.go("1.22").toString());
    }

    @Test
    void aFileWithoutExecutePermissionIsNotExecutable() throws Exception {
        GoStage stage = new GoStage(tmp);
        Path plain = Files.writeString(tmp.resolve("go"), "not a program");

        NoToolchain none = stage.notFound(plain.toString());

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.NOT_EXECUTABLE);
        assertThat(none.fix()).contains("chmod +x " + plain);
    }

    @Test
    void aGoThatExitsNonZeroGivesItsStderrAndAFix() {
        GoStage stage = new GoStage(tmp);
        Path fake = GoStage.script(stage.dir("fake"), "go", "echo 'go: something is badly wrong' >&2; exit 3");

        NoToolchain none = stage.notFound(fake.toString());

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.FAILED);
        assertThat(none.isMissing()).isFalse();
        Finding f = none.findings().get(0);
        assertThat(f.id()).isEqualTo(FindingId.GO_ENV_FAILED);
        assertThat(f.message()).contains("exited with 3", "go: something is badly wrong");
        assertThat(f.fix()).contains(fake + " env -json");
        assertThat(none.lastCommand().exitCode()).isEqualTo(3);
    }

    @Test
    void aGoThatPrintsInvalidJsonGivesTheOffsetAndTheOutput() {
        GoStage stage = new GoStage(tmp);
        Path fake = GoStage.script(stage.dir("fake"), "go", "echo 'Welcome to go-wrapper 2.0'; echo '{\"GOROOT\": \"/x\"}'");

        NoToolchain none = stage.notFound(fake.toString());

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.INVALID_OUTPUT);
        Finding f = none.findings().get(0);
        assertThat(f.id()).isEqualTo(FindingId.GO_ENV_INVALID_OUTPUT);
        assertThat(f.message()).contains("at offset 0", "Welcome to go-wrapper 2.0");
        assertThat(f.fix()).contains("wrapper");
    }

    @Test
    void aGoThatHangsIsKilledWithItsProcessTreeAfterTheTimeout() throws Exception {
        GoStage stage = new GoStage(tmp);
        Path pidFile = tmp.resolve("child.pid");
        // the child (sleep) must die too, not only the script
        Path fake = GoStage.script(stage.dir("fake"), "go", "/bin/sleep 300 &\necho $! > " + pidFile + "\nwait");

        long start = System.nanoTime();
        NoToolchain none = (NoToolchain) ToolchainDiscovery.discoverUncached(
                stage.request(fake.toString()).withTimeout(Duration.ofMillis(800)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(none.reason()).isEqualTo(NoToolchain.Reason.TIMED_OUT);
        assertThat(none.findings().get(0).id()).isEqualTo(FindingId.GO_TIMED_OUT);
        assertThat(none.findings().get(0).message()).contains("800 ms", "killed with its process tree");
        assertThat(none.lastCommand().timedOut()).isTrue();
        assertThat(took).as("no second run after a timeout").isLessThan(Duration.ofSeconds(30));
        long childPid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertThat(child.map(ProcessHandle::isAlive).orElse(false)).as("child sleep %d still alive", childPid).isFalse();
    }
}
