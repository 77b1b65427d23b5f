package dev.gotrail.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.image.Image;
import dev.gotrail.testsupport.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image facts in a baseline, on the real golang-style images of .ci/build-test-images (debootstrap
 * bookworm + Go 1.23 under /usr/local/go, saved by podman): record then verify passes; the same
 * image rebuilt with a stale {@code ENV GOROOT} drifts, and the diff names the facts that moved.
 */
class BaselineImageTest {

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void anImageRoundTripsAndAStaleGorootIsDrift() throws IOException {
        Path golang = TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE);
        Path stale = TestImages.require(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE);
        Path cache = tmp.resolve("cache");
        BaselineTarget good = BaselineTarget.image(Image.opener().cache(cache).open(golang)).as("golang-image");

        Map<String, Object> image = (Map<String, Object>) good.sections().get(BaselineTarget.IMAGE);
        assertThat(image).containsEntry("platform", "linux/amd64");
        assertThat((Map<String, Object>) image.get("libc")).containsEntry("flavour", "GLIBC").containsEntry("version", "2.36");
        Map<String, Object> toolchains = (Map<String, Object>) image.get("toolchains");
        assertThat(toolchains).containsKey("/usr/local/go/bin/go");
        Map<String, Object> go = (Map<String, Object>) toolchains.get("/usr/local/go/bin/go");
        assertThat(go).containsEntry("goroot", "/usr/local/go").containsKey("elf");
        assertThat((String) go.get("version")).startsWith("go1.23");

        Path file = tmp.resolve("image.json");
        Baseline.record(file, List.of(good), List.of());
        assertThat(Files.readString(file)).doesNotContain("sha256:"); // digests change with every rebuild
        BaselineSettings ci = new BaselineSettings(BaselineSettings.Mode.VERIFY, true, tmp.resolve("evidence"));
        assertThat(Baseline.check(file, List.of(good), List.of(), ci).passed()).isTrue();

        BaselineTarget drifted = BaselineTarget.image(Image.opener().cache(cache).open(stale)).as("golang-image");
        BaselineResult result = Baseline.check(file, List.of(drifted), List.of(), ci);
        assertThat(result.passed()).isFalse();
        assertThat(result.changes()).extracting(BaselineChange::path)
                .anyMatch(p -> p.startsWith("/targets/golang-image/image/toolchains/~1usr~1local~1go~1bin~1go/"));
        assertThat(result.message()).contains("golang-image");
        assertThat(result.candidate()).isPresent();
    }
}
