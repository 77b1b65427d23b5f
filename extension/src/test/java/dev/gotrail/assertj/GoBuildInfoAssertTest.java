package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.testsupport.GoBinaries;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each build-info assertion passing and failing on real binaries: a release build (Go 1.23,
 * CGO_ENABLED=0, -trimpath, clean work tree), a build from a modified work tree, and a CGO build.
 */
class GoBuildInfoAssertTest {

    private static GoBuildInfo release;
    private static GoBuildInfo modified;
    private static GoBuildInfo cgo;

    @BeforeAll
    static void read() throws IOException {
        release = GoBuildInfo.read(GoBinaries.byName("1.23/release").file()).orElseThrow();
        modified = GoBuildInfo.read(GoBinaries.byName("1.23/modified").file()).orElseThrow();
        cgo = GoBuildInfo.read(GoBinaries.byName("1.19/cgo1").file()).orElseThrow();
    }

    @Test
    void builtWith() {
        assertThat(release).builtWith("go1.23.x").builtWith(">=1.21,<1.24");
        assertThatThrownBy(() -> assertThat(cgo).builtWith("go1.23.x"))
                .hasMessageContaining("to be built with go1.23.x")
                .hasMessageContaining("but it was built with go1.19")
                .hasMessageContaining("build\tCGO_ENABLED=1");
    }

    @Test
    void hasSetting() {
        assertThat(release).hasSetting("CGO_ENABLED", "0").hasSetting("GOOS", "linux");
        assertThatThrownBy(() -> assertThat(cgo).hasSetting("CGO_ENABLED", "0"))
                .hasMessageContaining("to have the build setting\n  CGO_ENABLED=0\nbut it has CGO_ENABLED=1")
                .hasMessageContaining("build\tGOARCH=amd64");
        assertThatThrownBy(() -> assertThat(release).hasSetting("-race", "true"))
                .hasMessageContaining("it has no -race setting");
    }

    @Test
    void isTrimmed() {
        assertThat(release).isTrimmed();
        assertThatThrownBy(() -> assertThat(modified).isTrimmed())
                .hasMessageContaining("to be built with -trimpath")
                .hasMessageContaining("build\tvcs.modified=true");
    }

    @Test
    void hasVcsRevision() {
        String rev = GoBinaries.revision();
        assertThat(release).hasVcsRevision(rev).hasVcsRevision(rev.substring(0, 12));
        assertThatThrownBy(() -> assertThat(release).hasVcsRevision("0123456789abcdef0123456789abcdef01234567"))
                .hasMessageContaining("but it was built from " + rev)
                .hasMessageContaining("build\tvcs=git");
    }

    @Test
    void isNotModified() {
        assertThat(release).isNotModified();
        assertThatThrownBy(() -> assertThat(modified).isNotModified())
                .hasMessageContaining("the work tree had uncommitted changes (vcs.modified=true)");
    }

    @Test
    void isNotModifiedFailsWithoutAVcsStamp() throws IOException {
        GoBuildInfo go = GoBuildInfo.read(RealTools.go("1.23")).orElseThrow();
        assertThatThrownBy(() -> assertThat(go).isNotModified()).hasMessageContaining("it carries no VCS stamp");
    }

    @Test
    void dependsOn() {
        assertThat(release).dependsOn("example.com/greet", "v1.0.0");
        assertThatThrownBy(() -> assertThat(release).dependsOn("example.com/greet", "v2.0.0"))
                .hasMessageContaining("but it depends on example.com/greet@v1.0.0")
                .hasMessageContaining("example.com/lib@v0.0.0 => ../lib@(devel)");
    }

    @Test
    void doesNotDependOn() {
        assertThat(release).doesNotDependOn("example.com/banned");
        assertThatThrownBy(() -> assertThat(release).doesNotDependOn("../lib"))
                .hasMessageContaining("not to depend on\n  ../lib\nbut it does:\n  example.com/lib@v0.0.0 => ../lib@(devel)");
    }

    @Test
    void softAssertionsCollectEveryFailure() {
        GotrailSoftAssertions softly = new GotrailSoftAssertions();
        softly.assertThat(modified).isTrimmed();
        softly.assertThat(modified).isNotModified();
        softly.assertThat(modified).hasSetting("CGO_ENABLED", "0");
        org.assertj.core.api.Assertions.assertThat(softly.errorsCollected()).hasSize(2);
        assertThatThrownBy(softly::assertAll).hasMessageContaining("-trimpath").hasMessageContaining("vcs.modified=true");
    }
}
