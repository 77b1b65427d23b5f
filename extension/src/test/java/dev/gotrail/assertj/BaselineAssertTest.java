package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.baseline.BaselineResult;
import dev.gotrail.baseline.BaselineSettings;
import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.testsupport.GoBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matchesBaseline as a user writes it: created on first run, matched after, a drift fails with the diff. */
class BaselineAssertTest {

    @TempDir
    Path tmp;

    private BaselineSettings local() {
        return new BaselineSettings(BaselineSettings.Mode.VERIFY, false, tmp.resolve("evidence/baselines"));
    }

    @Test
    void createdThenMatchedThenDriftFailsWithTheDiff() throws IOException {
        Path release = GoBinaries.byName("1.23/release").file();
        Path modified = GoBinaries.byName("1.23/modified").file();
        Path file = tmp.resolve("release.json");

        BaselineAssert first = assertThat(BaselineTarget.elf(release).as("app")).withSettings(local()).matchesBaseline(file);
        assertThat(first.result().status()).isEqualTo(BaselineResult.Status.CREATED);
        assertThat(assertThat(BaselineTarget.elf(release).as("app")).withSettings(local()).matchesBaseline(file).result().status())
                .isEqualTo(BaselineResult.Status.MATCHED);

        // the binary built from a modified work tree is not the one the baseline recorded
        assertThatThrownBy(() -> assertThat(BaselineTarget.elf(modified).as("app")).withSettings(local()).matchesBaseline(file))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Baseline " + file + ": ")
                .hasMessageContaining("~ /targets/app/buildInfo/settings/vcs.modified: \"false\" -> \"true\"")
                .hasMessageContaining("- /targets/app/buildInfo/settings/-trimpath: \"true\"")
                .hasMessageContaining("release.json.new");
        // an ignore declared in code silences exactly those facts
        assertThatThrownBy(() -> assertThat(BaselineTarget.elf(modified).as("app")).withSettings(local())
                .ignoring("/targets/app/buildInfo/settings/vcs.modified").matchesBaseline(file))
                .hasMessageNotContaining("vcs.modified").hasMessageContaining("-trimpath");
    }

    @Test
    void theResultTypesAssertionsMatchBaselinesToo() throws IOException {
        // the typed assertions use the process's settings (verify; in CI too: the baselines exist and match or drift)
        Path release = GoBinaries.byName("1.23/release").file();
        Path file = tmp.resolve("elf.json");
        Files.writeString(file, dev.gotrail.baseline.Baseline.render(
                dev.gotrail.baseline.Baseline.document(java.util.List.of(BaselineTarget.elf(release)), java.util.List.of())));
        assertThat(ElfFile.read(release)).matchesBaseline(file);
        Path info = tmp.resolve("info.json");
        Files.writeString(info, dev.gotrail.baseline.Baseline.render(dev.gotrail.baseline.Baseline.document(
                java.util.List.of(BaselineTarget.goBinary(GoBuildInfo.read(release).orElseThrow())), java.util.List.of())));
        assertThat(GoBuildInfo.read(release).orElseThrow()).matchesBaseline(info);
        assertThatThrownBy(() -> assertThat(GoBuildInfo.read(GoBinaries.byName("1.23/modified").file()).orElseThrow()).matchesBaseline(info))
                .hasMessageContaining("- /targets/");
    }

    @Test
    void softAssertionsCollectADriftedBaseline() throws IOException {
        Path file = tmp.resolve("soft.json");
        assertThat(BaselineTarget.elf(GoBinaries.byName("1.23/release").file()).as("app")).withSettings(local()).matchesBaseline(file);
        GotrailSoftAssertions softly = new GotrailSoftAssertions();
        softly.assertThat(BaselineTarget.elf(GoBinaries.byName("1.23/modified").file()).as("app")).withSettings(local()).matchesBaseline(file);
        softly.assertThat(BaselineTarget.elf(GoBinaries.byName("1.23/release").file()).as("app")).withSettings(local()).matchesBaseline(file);
        assertThat(softly.errorsCollected()).hasSize(1);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("/targets/app/buildInfo/settings/vcs.modified");
    }
}
