package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.loader.VersionProblem;
import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Would it run there": gcc-built programs of this machine placed into an image, against the
 * truth of copying them into the unpacked root and running them there chrooted.
 */
class ImagePlacementTest {

    @TempDir
    static Path work;
    static Image image;
    static Path app;
    static Path mathApp;

    @BeforeAll
    static void build() throws IOException {
        Path gcc = RealTools.gcc();
        Path src = work.resolve("src");
        Files.createDirectories(src.resolve("v1"));
        Files.createDirectories(src.resolve("v2"));
        Files.writeString(src.resolve("v1.map"), "FOO_1.0 { global: foo; local: *; };\n");
        Files.writeString(src.resolve("v2.map"), "FOO_1.0 { global: foo; local: *; };\nFOO_2.0 { global: bar; } FOO_1.0;\n");
        Files.writeString(src.resolve("v1.c"), "int foo(void) { return 1; }\n");
        Files.writeString(src.resolve("v2.c"), "int foo(void) { return 1; }\nint bar(void) { return 2; }\n");
        Files.writeString(src.resolve("app.c"), "int bar(void);\nint main(void) { return bar() == 2 ? 0 : 1; }\n");
        Files.writeString(src.resolve("math.c"), "#include <math.h>\n#include <stdlib.h>\n"
                + "int main(int c, char **v) { return cos(atof(c > 1 ? v[1] : \"0\")) > 2; }\n");
        ImageTools.run(List.of(gcc.toString(), "-shared", "-fPIC", "-Wl,-soname,libfoo.so.1", "-Wl,--version-script=" + src.resolve("v1.map"),
                "-o", src.resolve("v1/libfoo.so.1").toString(), src.resolve("v1.c").toString()));
        ImageTools.run(List.of(gcc.toString(), "-shared", "-fPIC", "-Wl,-soname,libfoo.so.1", "-Wl,--version-script=" + src.resolve("v2.map"),
                "-o", src.resolve("v2/libfoo.so.1").toString(), src.resolve("v2.c").toString()));
        Files.createSymbolicLink(src.resolve("v2/libfoo.so"), Path.of("libfoo.so.1"));
        app = src.resolve("app");
        ImageTools.run(List.of(gcc.toString(), "-o", app.toString(), src.resolve("app.c").toString(), "-L" + src.resolve("v2"), "-lfoo",
                "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib"));
        mathApp = src.resolve("math");
        ImageTools.run(List.of(gcc.toString(), "-o", mathApp.toString(), src.resolve("math.c").toString(), "-lm"));

        Path root = work.resolve("root");
        ImageTools.copyProgram(root, Path.of("/usr/bin/true"));
        ImageTools.copyFile(root, src.resolve("v1/libfoo.so.1"), "/usr/local/lib/libfoo.so.1");
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("usr/local/bin")); // $ORIGIN/../lib passes through it, as in any real image
        image = Image.opener().cache(work.resolve("cache")).open(ImageTools.podmanImage(root, work, "oci-archive", ""));
    }

    /** The truth: the file copied to {@code pathInImage} in a copy of the root, run there. */
    private static CommandResult runThere(Path hostFile, String pathInImage) throws IOException {
        Path copy = work.resolve("run-" + System.nanoTime());
        ImageTools.run(List.of("cp", "-a", image.root().toString(), copy.toString()));
        Path dest = copy.resolve(pathInImage.substring(1));
        Files.createDirectories(dest.getParent());
        Files.copy(hostFile, dest, StandardCopyOption.COPY_ATTRIBUTES);
        return ImageTools.chroot(copy, Map.of(), pathInImage);
    }

    @Test
    void aProgramWhoseLibrariesTheImageHasWouldRun() throws IOException {
        Placement p = image.place(Path.of("/usr/bin/true"), "/usr/local/bin/true");

        assertThat(p.wouldRun()).isTrue();
        assertThat(p.problems()).isEmpty();
        assertThat(p.linkMap().binary()).isEqualTo("/usr/local/bin/true");
        assertThat(runThere(Path.of("/usr/bin/true"), "/usr/local/bin/true").exitCode()).isZero();
    }

    @Test
    void aMissingLibraryIsNamedWithThePathsSearched() throws IOException {
        Placement p = image.place(mathApp, "/usr/local/bin/math");
        CommandResult truth = runThere(mathApp, "/usr/local/bin/math");

        assertThat(p.wouldRun()).isFalse();
        assertThat(truth.exitCode()).isNotZero();
        assertThat(truth.stderr()).contains("libm.so.6: cannot open shared object file");
        assertThat(p.problems()).singleElement().asString().contains("/usr/local/bin/math needs libm.so.6")
                .contains("/lib/x86_64-linux-gnu");
    }

    @Test
    void aSymbolVersionTheImagesLibraryLacksIsTheLoadersOwnMessage() throws IOException {
        Placement p = image.place(app, "/usr/local/bin/app");
        CommandResult truth = runThere(app, "/usr/local/bin/app");

        assertThat(truth.stderr()).contains("version `FOO_2.0' not found (required by /usr/local/bin/app)");
        assertThat(p.wouldRun()).isFalse();
        assertThat(p.problems()).singleElement().asString()
                .startsWith("/usr/local/bin/app needs FOO_2.0, which the image's /usr/local/bin/../lib/libfoo.so.1 does not define")
                .contains("version `FOO_2.0' not found (required by /usr/local/bin/app)");
        // the same program where the image has no libfoo at the $ORIGIN-relative place
        assertThat(image.place(app, "/opt/app").problems()).singleElement().asString().contains("needs libfoo.so.1");
    }

    @Test
    void aGlibcVersionProblemNamesTheImagesGlibc() {
        Libc old = new Libc(Libc.Flavour.GLIBC, "2.31", "/lib/x86_64-linux-gnu/libc.so.6", "the banner");
        VersionProblem problem = new VersionProblem("GLIBC_2.34", "/lib/x86_64-linux-gnu/libc.so.6", "/usr/local/bin/app", false,
                "version `GLIBC_2.34' not found (required by /usr/local/bin/app)");

        assertThat(Placement.withImageVersion(old, problem)).isEqualTo("the image provides GLIBC up to 2.31; "
                + "/usr/local/bin/app needs GLIBC_2.34 (version `GLIBC_2.34' not found (required by /usr/local/bin/app))");
    }
}
