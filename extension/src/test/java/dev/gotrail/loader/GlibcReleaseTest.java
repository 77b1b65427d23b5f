package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.assertj.Gcc;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glibc a root provides ({@link Loader#glibc()}, {@link LinkMap#glibc()}) against the real
 * {@code ldd --version} and the libc.so.6 the real ldd resolves; roots with gcc-built libc.so.6
 * stand-ins for the version-definition fallback, the banner and no glibc at all.
 */
class GlibcReleaseTest {

    @TempDir
    Path tmp;

    @Test
    void thisMachinesGlibcIsTheOneLddReports() throws IOException {
        Path ldd = RealTools.onPath("ldd", "libc-bin");
        CommandResult version = CommandRunner.run(CommandSpec.of(List.of(ldd.toString(), "--version")));
        String first = version.stdout().lines().findFirst().orElseThrow();
        String lddVersion = first.substring(first.lastIndexOf(' ') + 1); // "ldd (Debian GLIBC 2.36-9+deb12u14) 2.36"
        Path hello = Gcc.build(tmp, "hello", Gcc.HELLO);
        CommandResult resolved = CommandRunner.run(CommandSpec.of(List.of(ldd.toString(), hello.toString())));
        Matcher m = Pattern.compile("libc\\.so\\.6 => (\\S+)").matcher(resolved.stdout());
        assertThat(m.find()).as(resolved.stdout()).isTrue();
        Path lddLibc = Path.of(m.group(1)).toRealPath();

        GlibcRelease root = Loader.at("/").glibc().orElseThrow();
        assertThat(root.version()).hasToString(lddVersion);
        assertThat(root.source()).isEqualTo(GlibcRelease.BANNER);
        assertThat(Path.of(root.libcPath()).toRealPath()).isEqualTo(lddLibc);

        LinkMap map = Loader.at("/").resolve(hello);
        GlibcRelease loaded = map.glibc().orElseThrow();
        assertThat(loaded.version()).hasToString(lddVersion);
        assertThat(loaded.libcPath()).isEqualTo(map.find("libc.so.6").orElseThrow().path());
    }

    @Test
    void withoutBannerTheHighestGlibcVersionDefinitionCounts() throws IOException {
        Path root = root("GLIBC_2.2.5 { global: gotrail_a; }; GLIBC_2.17 { global: gotrail_b; } GLIBC_2.2.5; GLIBC_PRIVATE { global: gotrail_c; local: *; };", "");
        GlibcRelease glibc = Loader.at(root).glibc().orElseThrow();
        assertThat(glibc.version()).hasToString("2.17");
        assertThat(glibc.source()).isEqualTo(GlibcRelease.VERSION_DEFINITIONS);
        assertThat(glibc.libcPath()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(glibc.describe()).isEqualTo("glibc 2.17 (/lib/x86_64-linux-gnu/libc.so.6, highest GLIBC_x.y version definition)");
    }

    @Test
    void theBannerWinsOverVersionDefinitions() throws IOException {
        // glibc 2.37 added no GLIBC_2.37 symbol: its newest definition is GLIBC_2.36, its banner says 2.37
        Path root = root("GLIBC_2.36 { global: *; };",
                "const char gotrail_banner[] = \"GNU C Library (GNU libc) stable release version 2.37.\\n\";");
        assertThat(Loader.at(root).glibc().orElseThrow())
                .satisfies(g -> assertThat(g.version()).hasToString("2.37"))
                .satisfies(g -> assertThat(g.source()).isEqualTo(GlibcRelease.BANNER));
    }

    @Test
    void aBannerAcrossTheReadBlocksIsFound() throws IOException {
        byte[] banner = "\0GNU C Library (Debian GLIBC 2.31-13) stable release version 2.31.\n\0".getBytes(StandardCharsets.US_ASCII);
        for (int offset = (1 << 16) - banner.length - 4; offset <= (1 << 16) + 4; offset++) {
            byte[] file = new byte[offset + banner.length + 8];
            System.arraycopy(banner, 0, file, offset, banner.length);
            Path f = Files.write(tmp.resolve("libc-" + offset), file);
            assertThat(GlibcProbe.banner(f)).as("banner at offset %d", offset)
                    .hasValueSatisfying(v -> assertThat(v).hasToString("2.31"));
        }
        Path other = Files.write(tmp.resolve("other"), "\0libfoo stable release version 9.9.\n\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(GlibcProbe.banner(other)).as("only glibc's banner counts").isEmpty();
    }

    @Test
    void aStaticBinaryStillNamesTheRootsGlibcAndARootWithoutLibcNamesNone() throws IOException {
        Path root = root("GLIBC_2.2.5 { global: *; };", "");
        Path app = Gcc.build(tmp, "static", "int main(void) { return 0; }\n", "-static");
        LinkMap map = Loader.at(root).place(app, "/usr/local/bin/static");
        assertThat(map.isStatic()).isTrue();
        assertThat(map.glibc()).hasValueSatisfying(g -> assertThat(g.version()).hasToString("2.2.5"));

        Path empty = Files.createDirectories(tmp.resolve("empty/usr/lib/x86_64-linux-gnu"));
        assertThat(Loader.at(empty.getParent().getParent().getParent()).glibc()).isEmpty();
    }

    @Test
    void aHostFilePlacedIntoARootKeepsItsHostPath() throws IOException {
        Path root = root("GLIBC_2.2.5 { global: *; };", "");
        Path libDir = Files.createDirectories(root.resolve("usr/local/lib"));
        Files.createDirectories(root.resolve("usr/local/bin")); // $ORIGIN/../lib passes through it, as in the kernel
        Gcc.build(libDir, "libgreet.so", "int greet(void) { return 42; }\n", "-shared", "-fPIC", "-nostdlib", "-Wl,-soname,libgreet.so");
        Path app = Gcc.build(tmp, "app", "int greet(void);\nint main(void) { return greet(); }\n",
                "-L" + libDir, "-lgreet", "-Wl,-rpath,$ORIGIN/../lib", "-Wl,--enable-new-dtags");

        LinkMap map = Loader.at(root).place(app, "/usr/local/bin/app");

        assertThat(map.binary()).isEqualTo("/usr/local/bin/app");
        assertThat(map.hostFile()).contains(app.toString());
        assertThat(map.find("libgreet.so")).as("$ORIGIN is the directory of the path in the root:%n%s", map.tree())
                .hasValueSatisfying(l -> assertThat(l.path()).isEqualTo("/usr/local/bin/../lib/libgreet.so"));
        assertThat(map.tree().lines().findFirst().orElseThrow()).isEqualTo("/usr/local/bin/app [host file " + app + "]");
        assertThat(map.toJsonMap()).containsEntry("hostFile", app.toString()).containsEntry("binary", "/usr/local/bin/app");
        assertThat(Loader.at(root).resolve("/usr/local/lib/libgreet.so").hostFile()).isEmpty();
        assertThat(Loader.at(root).resolve("/usr/local/lib/libgreet.so").toJsonMap()).containsEntry("hostFile", null);
        assertThatThrownBy(() -> Loader.at(root).place(app, "usr/local/bin/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an absolute path inside the root");
    }

    /** A root with /usr/lib/x86_64-linux-gnu/libc.so.6 built by gcc with the given version script and extra C source. */
    private Path root(String versionScript, String extraSource) throws IOException {
        Path root = tmp.resolve("root");
        Path multiarch = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("/usr/lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), root.resolve("usr/lib64/ld-linux-x86-64.so.2"));
        Path map = Files.writeString(tmp.resolve("libc.map"), versionScript + "\n");
        Gcc.build(multiarch, "libc.so.6",
                "int gotrail_a(void) { return 0; }\nint gotrail_b(void) { return 1; }\nint gotrail_c(void) { return 2; }\n" + extraSource,
                "-shared", "-fPIC", "-nostdlib", "-Wl,-soname,libc.so.6", "-Wl,--version-script," + map);
        return root;
    }
}
