package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.Loader;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "CGO_ENABLED=0 vs dynamic": the same program is a static binary that runs on any
 * Linux with CGO_ENABLED=0, and a dynamic one that needs the image's libc with cgo.
 */
@RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
@NeedsTools({Tool.GO_1_21})
class StaticVsCgoBuildTest {

    private static final String CGO_PROGRAM = """
            package main

            // #include <stdio.h>
            // static void hello(void) { puts("hello from C"); }
            import "C"

            func main() { C.hello() }
            """;

    private static final String PURE_GO_PROGRAM = """
            package main

            import "fmt"

            func main() { fmt.Println("hello from Go") }
            """;

    private static GoResult build(GoCommand go, Path dir, String cgoEnabled) {
        GoResult result = go.args("build", "-o", "app", ".").dir(dir)
                .env("CGO_ENABLED", cgoEnabled).env("GOCACHE", Fixtures.GOCACHE.toString()).run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    @Test
    void cgoDisabledGivesAStaticBinary(GoCommand go, @TempDir Path dir) throws Exception {
        build(go, Fixtures.goModule(dir, PURE_GO_PROGRAM), "0");
        ElfFile app = ElfFile.read(dir.resolve("app"));
        assertThat(app).isStaticallyLinked();
        assertThat(app.needed()).isEmpty();
    }

    @Test
    @NeedsTools({Tool.GCC}) // cgo
    void cgoGivesADynamicBinaryThatNeedsTheImagesLibc(GoCommand go, @TempDir Path dir) throws Exception {
        build(go, Fixtures.goModule(dir, CGO_PROGRAM), "1");
        ElfFile app = ElfFile.read(dir.resolve("app"));
        assertThat(app).isDynamicallyLinked().hasInterpreter("/lib64/ld-linux-x86-64.so.2").needs("libc.so.6");

        LinkMap map = Loader.at(Path.of("/")).resolve(dir.resolve("app"));
        assertThat(map).hasNoMissingLibraries().hasNoVersionProblems()
                .resolves("libc.so.6").because(LoadReason.LD_SO_CACHE);
        assertThat(map.maxVersion("GLIBC")).isPresent();
    }
}
