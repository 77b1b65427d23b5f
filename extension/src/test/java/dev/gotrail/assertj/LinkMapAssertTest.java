package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.Loader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real fixtures: libgreet.so (soname libgreet.so.1, version node GREET_2.0) and a program that
 * finds it through RUNPATH $ORIGIN/lib, all built by gcc; then the library is removed or
 * replaced by an older build to stage a missing library and a version problem.
 */
class LinkMapAssertTest {

    @TempDir
    Path tmp;

    private Path build(String versionNode) throws Exception {
        Path lib = library(versionNode);
        return Gcc.build(tmp, "app", "int greet(void);\nint main(void) { return greet() == 42 ? 0 : 1; }\n",
                "-L" + lib, "-l:libgreet.so.1", "-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
    }

    private Path library(String versionNode) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(tmp.resolve("greet.map"), versionNode + " { global: greet; local: *; };\n");
        Gcc.build(lib, "libgreet.so.1", "int greet(void) { return 42; }\n", "-shared", "-fPIC",
                "-Wl,-soname,libgreet.so.1", "-Wl,--version-script," + tmp.resolve("greet.map"));
        return lib;
    }

    @Test
    void resolvesToAndBecause() throws Exception {
        Path app = build("GREET_2.0");
        LinkMap map = Loader.at("/").resolve(app);

        assertThat(map).hasNoMissingLibraries().hasNoVersionProblems()
                .resolves("libgreet.so.1").to(tmp.resolve("lib/libgreet.so.1").toString()).because(LoadReason.RUNPATH)
                .resolves("libc.so.6").because(LoadReason.LD_SO_CACHE)
                .requiresAtMost("GLIBC", "2.36");
    }

    @Test
    void wrongPathAndReasonQuoteWhereTheLoaderFoundIt() throws Exception {
        LinkMap map = Loader.at("/").resolve(build("GREET_2.0"));

        assertThatThrownBy(() -> assertThat(map).resolves("libgreet.so.1").to("/usr/lib/libgreet.so.1"))
                .hasMessageContaining("to resolve to\n  /usr/lib/libgreet.so.1\nbut it resolves to\n  " + tmp.resolve("lib/libgreet.so.1"))
                .hasMessageContaining("found by RUNPATH, needed by " + tmp.resolve("app"))
                .hasMessageContaining("libgreet.so.1 [runpath]");
        assertThatThrownBy(() -> assertThat(map).resolves("libgreet.so.1").because(LoadReason.LD_LIBRARY_PATH))
                .hasMessageContaining("to be found through LD_LIBRARY_PATH\nbut the loader found it through RUNPATH at");
        assertThatThrownBy(() -> assertThat(map).resolves("libpthread.so.0"))
                .hasMessageContaining("to resolve\n  libpthread.so.0\nbut nothing needs it.")
                .hasMessageContaining("libc.so.6 [ld.so.cache]");
        assertThatThrownBy(() -> assertThat(map).requiresAtMost("GLIBC", "2.31"))
                .hasMessageContaining("to require at most GLIBC_2.31, but it requires GLIBC_2.34");
    }

    @Test
    void missingLibraryListsEveryPathTried() throws Exception {
        Path app = build("GREET_2.0");
        Files.delete(tmp.resolve("lib/libgreet.so.1"));
        LinkMap map = Loader.at("/").resolve(app);

        assertThatThrownBy(() -> assertThat(map).hasNoMissingLibraries())
                .hasMessageContaining("to have no missing libraries, but 1 cannot be found:")
                .hasMessageContaining("libgreet.so.1 (needed by " + app + ")")
                .hasMessageContaining(tmp.resolve("lib/libgreet.so.1").toString())
                .hasMessageContaining(SystemLibs.libDir() + "/libgreet.so.1");
        assertThatThrownBy(() -> assertThat(map).resolves("libgreet.so.1"))
                .hasMessageContaining("but the loader cannot find it (needed by " + app + ")")
                .hasMessageContaining("Paths tried, in the loader's order:\n  " + tmp.resolve("lib/libgreet.so.1"));
    }

    @Test
    void versionProblemInGlibcsWords() throws Exception {
        Path app = build("GREET_2.0");
        library("GREET_1.0"); // an older build under the same soname replaces the library; the app still wants GREET_2.0
        LinkMap map = Loader.at("/").resolve(app);

        assertThat(map).hasNoMissingLibraries();
        assertThatThrownBy(() -> assertThat(map).hasNoVersionProblems())
                .hasMessageContaining("to have no symbol-version problems, but the loader would say:")
                .hasMessageContaining("version `GREET_2.0' not found (required by " + app + ")");
    }
}
