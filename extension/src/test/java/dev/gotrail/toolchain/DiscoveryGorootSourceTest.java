package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** $GOROOT and the user go/env file: stale, redundant, overriding, missing. */
class DiscoveryGorootSourceTest {

    @TempDir
    Path tmp;

    @Test
    void staleGorootEnvPointingAtAnotherVersionIsAnErrorAndBuildsReallyFail() {
        GoStage stage = new GoStage(tmp).env("GOROOT", RealTools.goroot("1.19").toString());
        Path go = RealTools.go("1.21");

        GoToolchain t = stage.found(go.toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.19"));
        assertThat(t.version()).hasToString("go1.21.13");
        Finding f = t.finding(FindingId.GOROOT_ENV_OTHER_VERSION).orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        String quoted = "compile: version \"go1.19.8\" does not match go tool version \"go1.21.13\"";
        assertThat(f.message()).contains("$GOROOT=" + RealTools.goroot("1.19"), quoted);
        assertThat(f.fix()).contains("unset GOROOT", RealTools.goroot("1.21").toString());
        assertThat(t.isConsistent()).isFalse();
        assertThat(t.finding(FindingId.VERSION_MISMATCH)).as("one finding per cause").isEmpty();

        CommandResult build = stage.buildHello(go, Map.of());
        assertThat(build.exitCode()).isNotZero();
        assertThat(build.stderr()).as("the finding quotes what go really prints").contains(quoted);
    }

    @Test
    void gorootEnvSetToTheBinarysOwnTreeIsOnlyInformational() {
        GoStage stage = new GoStage(tmp).env("GOROOT", RealTools.goroot("1.22").toString());

        GoToolchain t = stage.found(RealTools.go("1.22").toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(t.finding(FindingId.GOROOT_ENV_REDUNDANT)).hasValueSatisfying(f ->
                assertThat(f.severity()).isEqualTo(Finding.Severity.INFO));
        assertThat(t.isConsistent()).isTrue();
    }

    @Test
    void gorootEnvThatDoesNotExistMakesGoFailWithAFixNamingTheVariable() {
        Path missing = tmp.resolve("no-such-goroot");
        GoStage stage = new GoStage(tmp).env("GOROOT", missing.toString());

        NoToolchain none = stage.notFound(RealTools.go("1.21").toString());

        assertThat(none.isMissing()).isFalse();
        assertThat(none.findings().get(0).id()).isEqualTo(FindingId.GOROOT_MISSING);
        assertThat(none.findings().get(0).message()).contains("$GOROOT=" + missing, "cannot find GOROOT directory");
        assertThat(none.fix()).contains("unset GOROOT");
        assertThat(none.consulted()).contains("$GOROOT -> " + missing);
    }

    @Test
    void gorootInTheGoenvFileWinsOverTheExecutablesLocation() {
        GoStage stage = new GoStage(tmp);
        Path envFile = GoStage.write(tmp.resolve("cfg/go-env"), "# written by go env -w\nGOROOT=" + RealTools.goroot("1.19") + "\n");
        stage.env("GOENV", envFile.toString());

        GoToolchain t = stage.found(RealTools.go("1.21").toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.CONFIG_FILE);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.19"));
        assertThat(t.details().configFile()).isEqualTo(envFile);
        assertThat(t.details().configFileGoroot()).isEqualTo(RealTools.goroot("1.19").toString());
        assertThat(t.finding(FindingId.GOROOT_CONFIG_FILE)).hasValueSatisfying(f ->
                assertThat(f.fix()).contains("go env -u GOROOT", envFile.toString()));
        assertThat(t.finding(FindingId.GOROOT_CONFIG_OTHER_VERSION)).hasValueSatisfying(f ->
                assertThat(f.message()).contains("go1.19.8", "go1.21.13"));
        assertThat(t.isConsistent()).isFalse();
    }

    @Test
    void withoutGoenvTheFileIsFoundUnderXdgConfigHome() {
        GoStage stage = new GoStage(tmp);
        Path xdg = stage.dir("xdg");
        GoStage.write(xdg.resolve("go/env"), "GOROOT=" + RealTools.goroot("1.22") + "\n");
        stage.env("XDG_CONFIG_HOME", xdg.toString());

        GoToolchain t = stage.found(RealTools.go("1.22").toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.CONFIG_FILE);
        assertThat(t.details().configFile()).isEqualTo(xdg.resolve("go/env"));
        assertThat(t.goEnv()).containsEntry("GOENV", xdg.resolve("go/env").toString());
        // same tree as the binary's own: still a warning, it goes stale on the next upgrade
        assertThat(t.finding(FindingId.GOROOT_CONFIG_FILE)).isPresent();
        assertThat(t.finding(FindingId.GOROOT_CONFIG_OTHER_VERSION)).isEmpty();
    }

    @Test
    void withoutGoenvAndXdgTheFileIsHomeDotConfigGoEnv() {
        GoStage stage = new GoStage(tmp);
        Path file = GoStage.write(stage.home().resolve(".config/go/env"), "GOROOT=" + RealTools.goroot("1.23") + "\n");

        GoToolchain t = stage.found(RealTools.go("1.23").toString());

        assertThat(t.details().configFile()).isEqualTo(file);
        assertThat(t.gorootSource()).isEqualTo(GorootSource.CONFIG_FILE);
        assertThat(t.goEnv()).containsEntry("GOENV", file.toString());
    }

    @Test
    void goenvOffDisablesTheFile() {
        GoStage stage = new GoStage(tmp).env("GOENV", "off");
        GoStage.write(stage.home().resolve(".config/go/env"), "GOROOT=" + RealTools.goroot("1.19") + "\n");

        GoToolchain t = stage.found(RealTools.go("1.21").toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.21"));
        assertThat(t.details().consulted()).anyMatch(c -> c.contains("GOENV=off"));
    }

    @Test
    void gorootEnvWinsOverTheGoenvFile() {
        GoStage stage = new GoStage(tmp).env("GOROOT", RealTools.goroot("1.21").toString());
        GoStage.write(stage.home().resolve(".config/go/env"), "GOROOT=" + RealTools.goroot("1.19") + "\n");

        GoToolchain t = stage.found(RealTools.go("1.21").toString());

        assertThat(t.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(t.goroot()).isEqualTo(RealTools.goroot("1.21"));
        assertThat(t.finding(FindingId.GOROOT_CONFIG_FILE)).hasValueSatisfying(f ->
                assertThat(f.message()).contains("currently $GOROOT overrides it"));
    }
}
