package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.image.Image;
import dev.gotrail.json.JsonReader;
import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.TestImages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code gotrail image --run} on the real golang test images: go runs inside the image under the
 * real sandbox and strace; what it prints equals go chrooted into the unpacked root (the truth).
 */
// gotrail.image.cache and gotrail.sandbox are system properties the in-process CLI reads: one class at a time
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class ImageRunCommandTest {

    static Path golang;
    static Path stale;

    @BeforeAll
    static void images() {
        // the shared default cache, whatever another class of this JVM set before (its own cache may be gone)
        System.clearProperty("gotrail.image.cache");
        System.setProperty("gotrail.image.cache", dev.gotrail.config.GotrailConfig.fromSystemProperties().imageCache().toString());
        RealTools.strace();
        RealTools.onPath("bwrap", "bubblewrap");
        golang = TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE);
        stale = TestImages.require(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE);
    }

    private static String truthGoroot(Path archive) throws Exception {
        Image image = Image.open(archive);
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.putIfAbsent("HOME", "/root");
        CommandResult r = ImageTools.chroot(image.root(), env, "/usr/local/go/bin/go", "env", "GOROOT");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }

    @Test
    void runProvesTheStaticGorootWithATraceInsideTheImage() throws Exception {
        CliRun r = CliRun.gotrail("image", "--run", golang.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        String truth = truthGoroot(golang);
        assertThat(truth).isEqualTo("/usr/local/go");
        assertThat(r.out()).contains("run       go env GOROOT inside the image, ", "traced by strace")
                .contains("/usr/local/go/bin/go env GOROOT -> " + truth)
                .contains("trace GOROOT  /usr/local/go (EXE_DERIVED)")
                .contains("openat(AT_FDCWD, \"/usr/local/go/go.env\"")
                .contains("static        /usr/local/go  [agrees]")
                .doesNotContain("bwrap\", [");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonCarriesTheRunUnderARunKey() throws Exception {
        CliRun r = CliRun.gotrail("image", "--json", "--run", golang.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Map<String, Object> json = JsonReader.parseObject(r.out(), "gotrail image --json --run");
        Map<String, Object> run = (Map<String, Object>) json.get("run");
        assertThat(run).containsEntry("available", true).containsEntry("tracer", "strace");
        Map<String, Object> one = (Map<String, Object>) ((List<Object>) run.get("results")).get(0);
        assertThat(one).containsEntry("go", "/usr/local/go/bin/go").containsEntry("goroot", truthGoroot(golang))
                .containsEntry("static", "/usr/local/go").containsEntry("agrees", true).containsEntry("exitCode", 0L);
        Map<String, Object> trace = (Map<String, Object>) one.get("trace");
        assertThat(trace).containsEntry("path", "/usr/local/go").containsEntry("source", "EXE_DERIVED");
    }

    @Test
    void aStaleEnvGorootFailsInsideTheImageAsGoFailsChrootedThere() throws Exception {
        CliRun r = CliRun.gotrail("image", "--run", stale.toString());

        assertThat(r.exit()).isEqualTo(1);
        Image image = Image.open(stale);
        CommandResult truth = ImageTools.chroot(image.root(), image.config().containerEnv(), "/usr/local/go/bin/go", "env", "GOROOT");
        assertThat(truth.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("/usr/local/go/bin/go env GOROOT -> exit 2")
                .contains("trace GOROOT  /usr/lib/go (ENV)")
                .contains("[ERROR] go-env-failed").contains(truth.stderr().strip());
    }

    @Test
    void withoutASandboxTheStaticReportStaysAndTheExitIsTwoWithCauseAndFix() {
        System.setProperty("gotrail.sandbox", "none");
        try {
            CliRun r = CliRun.gotrail("image", "--run", golang.toString());

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.out()).contains("GOROOT      /usr/local/go (EXE_DERIVED)", "not run: no sandbox: gotrail.sandbox=none");
            assertThat(r.err()).contains("gotrail image --run: no sandbox", "Fix:");
        } finally {
            System.clearProperty("gotrail.sandbox");
        }
    }
}
