package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.ImageTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images written by the real tools (podman import/save, skopeo copy, umoci repack, podman manifest)
 * read by {@link Image}: the unpacked root equals the directory the image was made from, and the
 * real program runs in it under chroot.
 */
class ImageRealToolsTest {

    @TempDir
    static Path work;
    static Path rootDir;
    static Path dockerArchive;
    static Path ociArchive;

    @BeforeAll
    static void makeImages() throws IOException {
        rootDir = work.resolve("root");
        ImageTools.copyProgram(rootDir, Path.of("/usr/bin/true"));
        ImageTools.writeFile(rootDir, "/etc/hello", "hello\n");
        ImageTools.writeFile(rootDir, "/etc/replace-me/old", "old\n");
        Files.createDirectories(rootDir.resolve("usr/local/bin"));
        Files.createSymbolicLink(rootDir.resolve("usr/local/bin/yes-true"), Path.of("/usr/bin/true"));
        Files.createLink(rootDir.resolve("etc/hello-again"), rootDir.resolve("etc/hello"));
        dockerArchive = ImageTools.podmanImage(rootDir, work, "docker-archive", "", "ENV PATH=/usr/local/bin:/usr/bin:/bin",
                "ENV GREETING=hi", "WORKDIR /etc", "USER nobody");
        ociArchive = ImageTools.podmanImage(rootDir, work, "oci-archive", "", "ENV PATH=/usr/local/bin:/usr/bin:/bin");
    }

    private static Image.Opener opener(Path cache) {
        return Image.opener().cache(cache);
    }

    @Test
    void dockerArchiveUnpacksToTheRootItWasMadeFrom(@TempDir Path cache) throws IOException {
        Image image = opener(cache).open(dockerArchive);

        assertThat(image.format()).isEqualTo("docker-archive");
        assertThat(ImageTrees.listing(image.root())).isEqualTo(ImageTrees.listing(rootDir));
        assertThat(image.platform()).isEqualTo(Platform.current());
        assertThat(image.config().envMap()).containsEntry("GREETING", "hi").containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
        assertThat(image.config().workingDir()).isEqualTo("/etc");
        assertThat(image.config().user()).isEqualTo("nobody");
        assertThat(image.layers()).hasSize(1);
        assertThat(image.layers().get(0).compression()).isEqualTo("none");
        // the hard link stays one file under two names
        assertThat(Files.isSameFile(image.root().resolve("etc/hello"), image.root().resolve("etc/hello-again"))).isTrue();
        // the image ID podman printed is the digest
        String id = ImageTools.run(ImageTools.podmanCommand(work, "images", "--no-trunc", "--format", "{{.ID}}",
                "--filter", "reference=localhost/gotrail-test")).stdout();
        assertThat(id).contains(image.digest().substring("sha256:".length()));
    }

    @Test
    void theUnpackedProgramRunsUnderChrootAndLoadsTheImagesLibc(@TempDir Path cache) throws IOException {
        Image image = opener(cache).open(ociArchive);

        CommandResult run = ImageTools.chroot(image.root(), Map.of("LD_DEBUG", "libs"), "/usr/local/bin/yes-true");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).contains("/lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void ociArchiveAndOciLayoutsWithGzipAndZstdLayersGiveTheSameRoot(@TempDir Path cache) throws IOException {
        Path gzip = ImageTools.skopeoToLayout(ociArchive, work.resolve("layout-gzip-" + System.nanoTime()), "t", "gzip");
        Path zstd = ImageTools.skopeoToLayout(ociArchive, work.resolve("layout-zstd-" + System.nanoTime()), "t", "zstd");

        Image fromArchive = opener(cache).open(ociArchive);
        Image fromGzip = opener(cache).open(gzip);
        Image fromZstd = opener(cache).open(zstd);

        assertThat(fromArchive.format()).isEqualTo("oci");
        assertThat(ImageTrees.listing(fromArchive.root())).isEqualTo(ImageTrees.listing(rootDir));
        assertThat(fromGzip.layers().get(0).compression()).isEqualTo("gzip");
        assertThat(fromZstd.layers().get(0).compression()).isEqualTo("zstd");
        assertThat(fromZstd.layers().get(0).mediaType()).endsWith("zstd");
        assertThat(ImageTrees.listing(fromGzip.root())).isEqualTo(ImageTrees.listing(rootDir));
        assertThat(ImageTrees.listing(fromZstd.root())).isEqualTo(ImageTrees.listing(rootDir));
        assertThat(fromZstd.digest()).isNotEqualTo(fromGzip.digest());
    }

    @Test
    void umocisSecondLayerDeletesWithRealWhiteouts(@TempDir Path cache) throws IOException {
        Path layout = ImageTools.skopeoToLayout(ociArchive, work.resolve("layout-umoci-" + System.nanoTime()), "base", "gzip");
        ImageTools.umociChange(layout, "base", "changed", work, rootfs -> {
            try {
                Files.delete(rootfs.resolve("etc/hello"));
                Files.delete(rootfs.resolve("etc/replace-me/old"));
                Files.writeString(rootfs.resolve("etc/replace-me/new"), "new\n");
                Files.createDirectories(rootfs.resolve("opt/added"));
                Files.writeString(rootfs.resolve("opt/added/file"), "added\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        Image changed = opener(cache).open(Path.of(layout + ":changed"));
        Image base = opener(cache).open(Path.of(layout + ":base"));

        assertThat(changed.layers()).hasSize(2);
        assertThat(whiteoutsIn(layout, changed.layers().get(1).digest())).contains("etc/.wh.hello", "etc/replace-me/.wh.old");
        assertThat(changed.root().resolve("etc/hello")).doesNotExist();
        assertThat(changed.root().resolve("etc/replace-me/old")).doesNotExist();
        assertThat(changed.root().resolve("etc/replace-me/new")).hasContent("new");
        assertThat(changed.root().resolve("opt/added/file")).hasContent("added");
        assertThat(changed.root().resolve("etc/hello-again")).hasContent("hello"); // the other name of the hard link stays
        assertThat(ImageTrees.listing(base.root())).isEqualTo(ImageTrees.listing(rootDir));
        assertThatThrownBy(() -> opener(cache).open(layout))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("base").hasMessageContaining("changed").hasMessageContaining(":REF");
    }

    private static List<String> whiteoutsIn(Path layout, String digest) throws IOException {
        List<String> names = new ArrayList<>();
        Path blob = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(blob));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().contains(".wh.")) names.add(e.getName().replaceFirst("^\\./", ""));
            }
        }
        return names;
    }

    @Test
    void aMultiPlatformIndexIsReadForTheAskedPlatformAndListsWhatItHasOtherwise(@TempDir Path cache) throws IOException {
        Path armRoot = work.resolve("root-arm64");
        ImageTools.writeFile(armRoot, "/etc/arch", "arm64\n");
        Path amdRoot = work.resolve("root-amd64");
        ImageTools.writeFile(amdRoot, "/etc/arch", "amd64\n");
        Path store = work.resolve("multi-" + System.nanoTime());
        Files.createDirectories(store);
        ImageTools.run(ImageTools.podmanCommand(store, "import", "--arch", "arm64", tar(armRoot, store), "localhost/m:arm64"));
        ImageTools.run(ImageTools.podmanCommand(store, "import", "--arch", "amd64", tar(amdRoot, store), "localhost/m:amd64"));
        ImageTools.run(ImageTools.podmanCommand(store, "manifest", "create", "localhost/m:list"));
        ImageTools.run(ImageTools.podmanCommand(store, "manifest", "add", "localhost/m:list", "containers-storage:localhost/m:arm64"));
        ImageTools.run(ImageTools.podmanCommand(store, "manifest", "add", "localhost/m:list", "containers-storage:localhost/m:amd64"));
        Path multi = store.resolve("multi.tar");
        ImageTools.run(ImageTools.podmanCommand(store, "manifest", "push", "--all", "localhost/m:list", "oci-archive:" + multi));

        Image byDefault = opener(cache).open(multi);
        Image arm = opener(cache).platform("linux/arm64").open(multi);

        assertThat(byDefault.platform().toString()).isEqualTo("linux/amd64");
        assertThat(byDefault.root().resolve("etc/arch")).hasContent("amd64");
        assertThat(arm.platform().toString()).isEqualTo("linux/arm64");
        assertThat(arm.root().resolve("etc/arch")).hasContent("arm64");
        assertThatThrownBy(() -> opener(cache).platform("linux/s390x").open(multi))
                .isInstanceOfSatisfying(NoSuchPlatformException.class, e -> assertThat(e.offered())
                        .containsExactlyInAnyOrder("linux/arm64", "linux/amd64"))
                .hasMessageContaining(multi.toString())
                .hasMessageContaining("no image for platform linux/s390x")
                .hasMessageContaining("linux/arm64").hasMessageContaining("linux/amd64")
                .hasMessageNotContaining("--platform").hasMessageNotContaining("@GoImage"); // each interface says how, in its words
    }

    private static String tar(Path dir, Path store) {
        Path t = store.resolve(dir.getFileName() + ".tar");
        ImageTools.run(List.of("tar", "-C", dir.toString(), "-cf", t.toString(), "."));
        return t.toString();
    }

    @Test
    void aSecondOpenIsACacheHitAndConcurrentOpensShareOneEntry(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Image>> opens = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                opens.add(pool.submit(() -> opener(cache).open(dockerArchive)));
            }
            List<Path> roots = new ArrayList<>();
            for (Future<Image> f : opens) {
                roots.add(f.get().root());
            }
            assertThat(roots).containsOnly(roots.get(0));
        } finally {
            pool.shutdown();
        }
        Image again = opener(cache).open(dockerArchive);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")))
                    .containsExactly(again.digest().replace(':', '-'));
        }
        assertThat(ImageTrees.listing(again.root())).isEqualTo(ImageTrees.listing(rootDir));
    }

    @Test
    void anExtractedRootDirectoryIsAnImageWithoutConfig(@TempDir Path cache) throws IOException {
        Image image = opener(cache).open(rootDir);

        assertThat(image.format()).isEqualTo("directory");
        assertThat(image.root()).isEqualTo(rootDir.toAbsolutePath());
        assertThat(image.digest()).isEmpty();
        assertThat(image.platform()).isEqualTo(Platform.current());
        assertThat(image.config().containerEnv()).containsEntry("PATH", ImageConfig.DEFAULT_PATH);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).isEmpty();
        }
    }
}
