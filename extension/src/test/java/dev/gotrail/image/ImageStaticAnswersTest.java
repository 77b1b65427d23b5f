package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.json.JsonReader;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static answers of an image (libc, toolchains, GOROOT and its source, findings, link maps)
 * against the truth: the real programs run chrooted in the unpacked root with the image's
 * environment ({@code go env -json}, {@code LD_DEBUG=libs}, libc.so.6's own banner).
 */
class ImageStaticAnswersTest {

    @TempDir
    static Path work;
    static Path cache;
    static Path root;
    static final String PATH = "/usr/local/go/bin:/opt/go119/bin:/usr/bin:/bin";

    @BeforeAll
    static void makeRoot() throws IOException {
        cache = work.resolve("cache");
        root = work.resolve("root");
        // a golang-style tree (static go 1.23) first on PATH, a Debian go 1.19 (dynamic, glibc) second
        ImageTools.copyGoroot(root, RealTools.goroot("1.23"), "/usr/local/go");
        ImageTools.copyGoroot(root, RealTools.goroot("1.19"), "/opt/go119");
        ImageTools.writeFile(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ngopher:x:1000:1000::/home/gopher:/bin/sh\n");
        ImageTools.writeFile(root, "/home/gopher/.config/go/env", "GOROOT=/opt/go119\n");
        Files.createDirectories(root.resolve("root"));
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("tmp"));
    }

    private static Image image(String... changes) {
        List<String> all = new java.util.ArrayList<>(List.of("ENV PATH=" + PATH));
        all.addAll(List.of(changes));
        Path archive = ImageTools.podmanImage(root, work, "oci-archive", "", all.toArray(String[]::new));
        try {
            return Image.opener().cache(cache).open(archive);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code go env -json} of {@code go}, chrooted into the image with its environment (HOME as the runtime sets it). */
    private static Map<String, Object> goEnvInImage(Image image, String go, String home) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.putIfAbsent("HOME", home);
        CommandResult r = ImageTools.chroot(image.root(), env, go, "env", "-json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JsonReader.parseObject(r.stdout(), "go env -json");
    }

    @Test
    void aGoOffThePathIsFoundByItsPathAndListedAmongTheImagesGos() throws Exception {
        Image image = image("ENV PATH=/usr/bin:/bin");

        assertThat(image.toolchains()).isEmpty();
        assertThat(image.goBinaries()).containsExactly("/usr/local/go/bin/go"); // a usual install; /opt/go119 is not one
        for (String go : List.of("/usr/local/go/bin/go", "/opt/go119/bin/go")) {
            GoToolchain t = image.toolchain(go).orElseThrow();
            Map<String, Object> truth = goEnvInImage(image, go, "/root");
            assertThat(t.goBinary().toString()).isEqualTo(go);
            assertThat(t.goroot().toString()).isEqualTo(truth.get("GOROOT"));
            assertThat(t.version().toString()).isEqualTo(truth.get("GOVERSION"));
            assertThat(t.details().consulted()).first().asString().contains("named explicitly", "not reached by PATH=/usr/bin:/bin");
        }
        assertThat(image.toolchain("/usr/local/go/bin/../bin/go")).containsSame(image.toolchain("/usr/local/go/bin/go").orElseThrow());
        assertThat(image.toolchain("/usr/bin/go")).isEmpty();
        assertThat(image.toolchain("/usr/local/go")).isEmpty(); // a directory is no go
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> image.toolchain("bin/go"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
    }

    @Test
    void aGoOnThePathIsTheSameToolchainByPathOrRealPath() {
        Image image = image();

        assertThat(image.toolchain("/opt/go119/bin/go")).containsSame(image.toolchains().get(1));
        assertThat(image.goBinaries()).containsExactly("/usr/local/go/bin/go", "/opt/go119/bin/go");
    }

    @Test
    void everyGoOnThePathWithTheGorootAndVersionGoItselfReports() throws Exception {
        Image image = image();

        List<GoToolchain> found = image.toolchains();

        assertThat(found).extracting(t -> t.goBinary().toString()).containsExactly("/usr/local/go/bin/go", "/opt/go119/bin/go");
        for (GoToolchain t : found) {
            Map<String, Object> truth = goEnvInImage(image, t.goBinary().toString(), "/root");
            assertThat(t.goroot().toString()).isEqualTo(truth.get("GOROOT"));
            assertThat(t.version().toString()).isEqualTo(truth.get("GOVERSION"));
            assertThat(t.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
            assertThat(t.goEnv().get("GOTOOLDIR")).isEqualTo(truth.get("GOTOOLDIR"));
        }
        assertThat(found.get(0).finding(FindingId.GO_SHADOWED)).isPresent();
        assertThat(found.get(0).problems()).extracting(f -> f.id()).containsOnly(FindingId.GO_SHADOWED);
    }

    @Test
    void libcVersionIsTheOneLibcItselfPrints() {
        Image image = image();

        CommandResult banner = ImageTools.chroot(image.root(), Map.of(), "/lib/x86_64-linux-gnu/libc.so.6");

        assertThat(image.libc().flavour()).isEqualTo(Libc.Flavour.GLIBC);
        assertThat(banner.stdout()).contains("release version " + image.libc().version() + ".");
        assertThat(image.libc().path()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void theDynamicGoBinarysLinkMapIsWhatTheRealLoaderLoadsInTheImage() {
        Image image = image();

        LinkMap go119 = image.toolchainLinkMaps().get(1);
        CommandResult real = ImageTools.chroot(image.root(), Map.of("LD_DEBUG", "libs"), "/opt/go119/bin/go", "version");

        assertThat(real.exitCode()).isZero();
        assertThat(go119.isComplete()).isTrue();
        for (var lib : go119.libraries()) {
            assertThat(real.stderr()).contains("calling init: " + lib.path());
        }
        assertThat(go119.maxVersion("GLIBC")).isPresent();
        assertThat(image.toolchainLinkMaps().get(0).isStatic()).isTrue();
    }

    @Test
    void aStaleEnvGorootIsTheClassicFinding() throws Exception {
        Image image = image("ENV GOROOT=/usr/lib/go");

        GoToolchain go = image.toolchains().get(0);
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.put("HOME", "/root");
        CommandResult truth = ImageTools.chroot(image.root(), env, "/usr/local/go/bin/go", "env", "GOROOT");
        env.remove("GOROOT");
        CommandResult without = ImageTools.chroot(image.root(), env, "/usr/local/go/bin/go", "env", "GOROOT");

        assertThat(go.gorootSource()).isEqualTo(GorootSource.ENV);
        assertThat(go.goroot().toString()).isEqualTo("/usr/lib/go");
        assertThat(truth.exitCode()).isNotZero();
        assertThat(truth.stderr()).contains("go: cannot find GOROOT directory: /usr/lib/go");
        assertThat(without.stdout().strip()).isEqualTo("/usr/local/go");
        assertThat(go.finding(FindingId.GOROOT_MISSING)).hasValueSatisfying(f -> {
            assertThat(f.message()).contains("ENV GOROOT=/usr/lib/go").contains("cannot find GOROOT directory: /usr/lib/go")
                    .contains("/usr/local/go");
            assertThat(f.fix()).contains("remove the ENV GOROOT line");
        });
    }

    @Test
    void theGoEnvFileOfTheImageUsersHomeFromEtcPasswdSetsTheGoroot() throws Exception {
        Image image = image("USER gopher");

        GoToolchain go = image.toolchains().get(0);
        Map<String, Object> truth = goEnvInImage(image, "/usr/local/go/bin/go", "/home/gopher");

        assertThat(go.gorootSource()).isEqualTo(GorootSource.CONFIG_FILE);
        assertThat(go.goroot().toString()).isEqualTo("/opt/go119").isEqualTo(truth.get("GOROOT"));
        assertThat(go.finding(FindingId.GOROOT_CONFIG_FILE)).hasValueSatisfying(f ->
                assertThat(f.message()).contains("/home/gopher/.config/go/env"));
    }
}
