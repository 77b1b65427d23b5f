package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.json.JsonReader;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail image} and {@code gotrail ldd --image/--root --place} on images made by podman. */
// gotrail.image.cache and gotrail.sandbox are system properties the in-process CLI reads: one class at a time
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class ImageCommandTest {

    @TempDir
    static Path work;
    static Path root;
    static Path healthy;
    static Path stale;

    @BeforeAll
    static void images() throws IOException {
        System.setProperty("gotrail.image.cache", work.resolve("cache").toString());
        root = work.resolve("root");
        ImageTools.copyGoroot(root, RealTools.goroot("1.23"), "/usr/local/go");
        ImageTools.copyProgram(root, Path.of("/usr/bin/true"));
        Files.createDirectories(root.resolve("usr/local/bin"));
        healthy = ImageTools.podmanImage(root, work, "docker-archive", "", "ENV PATH=/usr/local/go/bin:/usr/bin:/bin");
        stale = ImageTools.podmanImage(root, work, "oci-archive", "", "ENV PATH=/usr/local/go/bin:/usr/bin:/bin",
                "ENV GOROOT=/usr/lib/go");
    }

    @Test
    void doctorImageDiagnosesTheImagesToolchainsWithTheDoctorsExitRule() {
        CliRun ok = CliRun.gotrail("doctor", "--image", healthy.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("go        /usr/local/go/bin/go").contains("GOROOT      /usr/local/go (EXE_DERIVED)");

        CliRun bad = CliRun.gotrail("doctor", "--image", stale.toString(), "--json");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(1); // goroot-missing is an ERROR: go cannot work
        assertThat(bad.out()).contains("\"goroot-missing\"", "\"severity\": \"ERROR\"");

        CliRun usage = CliRun.gotrail("doctor", "--image", healthy.toString(), "--go", "/usr/bin/go");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--image", "excludes --go");
        assertThat(CliRun.gotrail("doctor", "--platform", "linux/amd64").exit()).isEqualTo(2);
    }

    @Test
    void aPlatformTheImageLacksIsAUsageErrorThatSaysHowToChooseOneOnTheCommandLine() {
        for (List<String> line : List.of(List.of("image", "--platform", "linux/s390x", healthy.toString()),
                List.of("ldd", "--image", healthy.toString(), "--platform", "linux/s390x", "/usr/local/go/bin/go"))) {
            CliRun r = CliRun.gotrail(line);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("has no image for platform linux/s390x; it has linux/amd64. Fix: choose one with --platform,"
                    + " e.g. --platform linux/amd64").doesNotContain("@GoImage");
        }
    }

    @Test
    void aHealthyImageReportsItsGoAndExitsZero() {
        CliRun r = CliRun.gotrail("image", healthy.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("platform  linux/amd64").contains("libc      glibc 2.")
                .contains("go        /usr/local/go/bin/go").contains("GOROOT      /usr/local/go (EXE_DERIVED)").contains("static");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStaleEnvGorootIsAFindingInTheJsonAndExitsOne() throws Exception {
        CliRun r = CliRun.gotrail("image", "--json", stale.toString());

        assertThat(r.exit()).isEqualTo(1);
        Map<String, Object> json = JsonReader.parseObject(r.out(), "gotrail image --json");
        assertThat(json).containsKeys("image", "digest", "platform", "libc", "toolchains", "findings");
        assertThat((Map<String, Object>) json.get("libc")).containsEntry("flavour", "GLIBC");
        Map<String, Object> go = (Map<String, Object>) ((List<Object>) json.get("toolchains")).get(0);
        assertThat(go).containsKeys("go", "goroot", "version", "findings", "glibcFloor");
        assertThat((Map<String, Object>) go.get("goroot")).containsEntry("effective", "/usr/lib/go").containsEntry("source", "ENV");
        assertThat(go.get("glibcFloor")).isNull(); // the official-style go is static
        assertThat((List<Map<String, Object>>) go.get("findings")).anySatisfy(f -> assertThat(f).containsEntry("id", "goroot-missing"));
    }

    /** The cache lives in this class's @TempDir, deleted after it: later classes of the JVM must not inherit it. */
    @org.junit.jupiter.api.AfterAll
    static void forgetTheCache() {
        System.clearProperty("gotrail.image.cache");
    }

    @Test
    void aCorruptImageIsExitTwoNamingTheImage() throws IOException {
        Path bad = work.resolve("bad.tar");
        Files.writeString(bad, "not a tar at all");

        CliRun r = CliRun.gotrail("image", bad.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString());
    }

    /** go-not-on-path names the go the image holds off PATH, or says there is none (a runtime image). */
    @Test
    void goOffPathNamesItsDirectoryAndAnImageWithoutGoSaysSo() throws IOException {
        Path offPath = ImageTools.podmanImage(root, work, "docker-archive", "", "ENV PATH=/usr/bin:/bin");
        CliRun r = CliRun.gotrail("image", offPath.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("the image has /usr/local/go/bin/go", "ENV PATH=/usr/local/go/bin:$PATH");

        Path musl = dev.gotrail.testsupport.TestImages.require(dev.gotrail.testsupport.TestImages.MUSL_DOCKER_ARCHIVE);
        CliRun none = CliRun.gotrail("image", musl.toString());
        assertThat(none.exit()).as(none.err()).isEqualTo(1);
        assertThat(none.out()).contains("nor is there a Go toolchain at /usr/local/go/bin/go", "if this is a runtime image")
                .doesNotContain("ENV PATH=/usr/local/go/bin:$PATH");
    }

    @Test
    void aMissingImageIsNamedOnce() {
        Path missing = work.resolve("golang.tar");

        CliRun r = CliRun.gotrail("image", missing.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("gotrail image: " + missing + ": no such image file or directory");
        assertThat(r.err().split(java.util.regex.Pattern.quote(missing.toString()), -1)).hasSize(2);
    }

    @Test
    void lddPlacesAHostFileIntoTheImageAndIntoARoot() {
        CliRun inImage = CliRun.gotrail("ldd", "--image", healthy.toString(), "--place", "/usr/bin/true");
        CliRun inRoot = CliRun.gotrail("ldd", "--root", root.toString(), "--place", "/usr/bin/true:/opt/t");
        // strace needs libraries beside libc (libdw, libunwind…) that the image does not have
        CliRun missing = CliRun.gotrail("ldd", "--json", "--image", healthy.toString(), "--place", RealTools.strace().toString());

        assertThat(inImage.exit()).as(inImage.out() + inImage.err()).isZero();
        assertThat(inImage.out()).contains("placed at /usr/local/bin/true").contains("would run: yes");
        // the image as the user named it, never the cache directory it is unpacked into
        assertThat(inImage.out()).doesNotContain(work.resolve("cache").toString())
                .contains("no /etc/ld.so.cache in " + healthy + ": ").contains("gotrail ldd --as-if-ldconfig");
        assertThat(inRoot.exit()).isZero();
        assertThat(inRoot.out()).contains("placed at /opt/t");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).doesNotContain(work.resolve("cache").toString());
        assertThat(missing.out()).contains("\"placedFrom\"").contains("\"problems\"").contains("which the image does not have");
    }
}
