package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failing {@link LinkMapAssert} names the root and the glibc release it provides, and ends
 * with the libtree-style tree: a program built here (it needs GLIBC_2.34) placed into a root whose
 * gcc-built libc.so.6 defines only GLIBC_2.2.5.
 */
class LinkMapAssertRootTest {

    @TempDir
    Path tmp;

    @Test
    void everyFailureEndsWithTheTreeAfterTheRootAndItsGlibc() throws Exception {
        Path root = tmp.resolve("root");
        Path multiarch = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("/usr/lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), root.resolve("usr/lib64/ld-linux-x86-64.so.2"));
        Path script = Files.writeString(tmp.resolve("libc.map"), "GLIBC_2.2.5 { global: *; };\n");
        Gcc.build(multiarch, "libc.so.6", "int puts(const char *s) { return 0; }\n", "-shared", "-fPIC", "-nostdlib",
                "-Wl,-soname,libc.so.6", "-Wl,--version-script," + script);
        Path hello = Gcc.build(tmp, "hello", Gcc.HELLO);
        LinkMap map = Loader.at(root).place(hello, "/usr/local/bin/hello");
        String tree = map.tree().stripTrailing();
        String rootLine = "root " + root + " provides glibc 2.2.5 (/lib/x86_64-linux-gnu/libc.so.6, highest GLIBC_x.y version definition)";

        List<Consumer<LinkMapAssert>> failing = List.of(
                LinkMapAssert::wouldRun, LinkMapAssert::isComplete, LinkMapAssert::hasNoVersionProblems,
                a -> a.requiresAtMost("GLIBC", "2.17"), a -> a.hasVersionProblem("GLIBC_9.9"),
                a -> a.resolves("libpthread.so.0"), a -> a.resolves("libc.so.6").to("/opt/libc.so.6"),
                a -> a.resolves("libc.so.6").because(dev.gotrail.loader.LoadReason.RUNPATH));
        for (Consumer<LinkMapAssert> assertion : failing) {
            assertThatThrownBy(() -> assertion.accept(assertThat(map)))
                    .isInstanceOf(AssertionError.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .contains("/usr/local/bin/hello (host file " + hello + ") (root " + root + ")")
                            .endsWith(rootLine + "\nlink map:\n" + tree));
        }
        assertThat(tree).startsWith("/usr/local/bin/hello [host file " + hello + "]")
                .contains("version `GLIBC_2.34' not found (required by /usr/local/bin/hello)");
    }
}
