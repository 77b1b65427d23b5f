package dev.gotrail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.LoaderKind;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images {@code .ci/build-test-images} builds are what {@link TestImages} says they are, checked
 * with the real programs: the roots' own ldd and go run under chroot (with /proc), the archives' manifests and
 * configs read with tar, the layers' media types and the umoci layer's whiteout entries listed.
 */
class TestImagesTest {

    private static final Pattern DIGEST = Pattern.compile("\"digest\"\\s*:\\s*\"sha256:([0-9a-f]{64})\"");

    @Test
    void aMissingSetAbortsOutsideStrictModeAndFailsInItNamingTheScript(@TempDir Path empty) throws IOException {
        assertThatThrownBy(() -> TestImages.require(TestImages.BOOKWORM_ROOT, empty, false))
                .isInstanceOf(MissingToolAbort.class).hasMessageContaining(".ci/build-test-images");
        assertThatThrownBy(() -> TestImages.require(TestImages.BOOKWORM_ROOT, empty, true))
                .isInstanceOf(MissingToolFailure.class).hasMessageContaining("gotrail.strict=true")
                .hasMessageContaining(".ci/build-test-images");
        Files.writeString(empty.resolve("COMPLETE"), "x\n");
        assertThatThrownBy(() -> TestImages.require(TestImages.GOLANG_ROOT, empty, true))
                .isInstanceOf(MissingToolFailure.class).hasMessageContaining(empty.resolve("rootfs/golang").toString());
    }

    @Test
    void theDebootstrapRootsHaveTheirGlibc() {
        assertThat(chroot(TestImages.require(TestImages.BOOKWORM_ROOT), "ldd", "--version").lines().findFirst().orElseThrow())
                .startsWith("ldd (Debian GLIBC 2.36-").endsWith(" 2.36");
        assertThat(chroot(TestImages.require(TestImages.BULLSEYE_ROOT), "ldd", "--version").lines().findFirst().orElseThrow())
                .startsWith("ldd (Debian GLIBC 2.31-").endsWith(" 2.31");
    }

    @Test
    void theGolangRootsGoIsGo123UnderUsrLocalGo() {
        Path root = TestImages.require(TestImages.GOLANG_ROOT);
        assertThat(chroot(root, "/usr/local/go/bin/go", "version")).startsWith("go version go1.23");
        assertThat(chroot(root, "/usr/local/go/bin/go", "env", "GOROOT").strip()).isEqualTo("/usr/local/go");
    }

    @Test
    void theGolangArchivesCarryTheOfficialImagesEnvAndTheStaleGoroot() {
        String config = dockerConfig(TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE));
        assertThat(config).contains("\"GOPATH=/go\"", "\"GOTOOLCHAIN=local\"", "\"GOLANG_VERSION=1.23",
                "\"PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"",
                "\"WorkingDir\":\"/go\"").doesNotContain("GOROOT=");
        String stale = dockerConfig(TestImages.require(TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE));
        assertThat(stale).contains("\"GOROOT=/usr/lib/go\"", "\"GOPATH=/go\"");
        assertThat(TestImages.require(TestImages.GOLANG_ROOT).resolve("usr/lib/go")).doesNotExist();
    }

    @Test
    void theMuslRootRunsItsMuslProgramAndGotrailResolvesItByMuslsRules() throws IOException {
        Path root = TestImages.require(TestImages.MUSL_ROOT);
        assertThat(chroot(root, "/usr/local/bin/hello-musl")).isEqualTo("hello from musl\n");
        assertThat(ElfFile.read(root.resolve("usr/local/bin/hello-musl")).interpreter()).hasValue("/lib/ld-musl-x86_64.so.1");
        LinkMap map = Loader.at(root).resolve("/usr/local/bin/hello-musl");
        assertThat(map.loaderKind()).isEqualTo(LoaderKind.MUSL);
        assertThat(map.isComplete()).as(map.tree()).isTrue();
        assertThat(ElfFile.read(root.resolve("bin/busybox")).isStatic()).isTrue();
        assertThat(dockerConfig(TestImages.require(TestImages.MUSL_DOCKER_ARCHIVE))).contains("\"Cmd\":[\"/bin/sh\"]");
    }

    @Test
    void podmanWroteADockerArchiveAndAnOciArchive() {
        String manifest = tar("-xOf", TestImages.require(TestImages.BOOKWORM_DOCKER_ARCHIVE).toString(), "manifest.json");
        assertThat(manifest).contains("localhost/gotrail/bookworm:latest");
        String ociList = tar("-tf", TestImages.require(TestImages.BOOKWORM_OCI_ARCHIVE).toString());
        assertThat(ociList.lines()).contains("oci-layout", "index.json");
        assertThat(tar("-tf", TestImages.require(TestImages.MUSL_OCI_ARCHIVE).toString()).lines()).contains("index.json");
        assertThat(tar("-xOf", TestImages.require(TestImages.BULLSEYE_DOCKER_ARCHIVE).toString(), "manifest.json"))
                .contains("localhost/gotrail/bullseye:latest");
    }

    @Test
    void skopeoWroteGzipAndZstdLayers() throws IOException {
        for (String[] c : new String[][] {{TestImages.BOOKWORM_OCI_LAYOUT_GZIP, "gzip"}, {TestImages.BOOKWORM_OCI_LAYOUT_ZSTD, "zstd"}}) {
            Path layout = TestImages.require(c[0]);
            String manifest = manifest(layout);
            assertThat(manifest).contains("application/vnd.oci.image.layer.v1.tar+" + c[1]);
            assertThat(layers(layout, manifest)).hasSize(1);
        }
    }

    @Test
    void umocisSecondLayerHasRealWhiteouts() throws IOException {
        Path layout = TestImages.require(TestImages.WHITEOUTS_OCI_LAYOUT);
        String manifest = manifest(layout);
        List<Path> layers = layers(layout, manifest);
        assertThat(layers).hasSize(2);
        List<String> entries = tar("-tzf", layers.get(1).toString()).lines().map(e -> e.replaceFirst("^\\./", "")).toList();
        assertThat(entries).contains("etc/.wh.issue.net", "usr/share/.wh.doc", "etc/issue", "etc/apt/apt.conf.d/99gotrail");
        assertThat(entries).anyMatch(e -> e.contains(".wh."));
    }

    /** The one manifest of an OCI layout's index.json. */
    private static String manifest(Path layout) throws IOException {
        Matcher m = DIGEST.matcher(Files.readString(layout.resolve("index.json")));
        assertThat(m.find()).as("a manifest in %s/index.json", layout).isTrue();
        String digest = m.group(1);
        assertThat(m.find()).as("only one manifest in %s/index.json", layout).isFalse();
        return Files.readString(layout.resolve("blobs/sha256/" + digest));
    }

    /** The layer blobs of a manifest, in order (the config's digest comes first in the manifest text). */
    private static List<Path> layers(Path layout, String manifest) {
        int at = manifest.indexOf("\"layers\"");
        Matcher m = DIGEST.matcher(manifest.substring(at));
        List<Path> out = new ArrayList<>();
        while (m.find()) out.add(layout.resolve("blobs/sha256/" + m.group(1)));
        return out;
    }

    /** The image config of a docker-archive, as podman wrote it. */
    private static String dockerConfig(Path archive) {
        String manifest = tar("-xOf", archive.toString(), "manifest.json");
        Matcher m = Pattern.compile("\"Config\"\\s*:\\s*\"([^\"]+)\"").matcher(manifest);
        assertThat(m.find()).as(manifest).isTrue();
        return tar("-xOf", archive.toString(), m.group(1));
    }

    private static String tar(String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealTools.onPath("tar", "tar").toString()));
        cmd.addAll(List.of(args));
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd));
        assertThat(r.exitCode()).as(r.describe() + "\n" + r.stderr()).isZero();
        return r.stdout();
    }

    private static String chroot(Path root, String... command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw MissingToolSignal.raise(List.of(new MissingTool("root privileges", "", "chroot into a test image needs root")),
                    RealTools.strict());
        }
        // /proc mounted in a private namespace, as in a container: go finds its GOROOT through /proc/self/exe.
        List<String> cmd = new ArrayList<>(List.of(RealTools.onPath("unshare", "util-linux").toString(), "--fork", "--pid",
                "--mount-proc=" + root.resolve("proc"), RealTools.onPath("chroot", "coreutils").toString(), root.toString()));
        cmd.addAll(List.of(command));
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd).withExactEnvironment(
                Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME", "/root")));
        assertThat(r.exitCode()).as(r.describe() + "\n" + r.stderr()).isZero();
        return r.stdout();
    }
}
