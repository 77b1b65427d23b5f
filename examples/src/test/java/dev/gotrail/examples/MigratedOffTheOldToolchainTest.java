package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.loader.Loader;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI job moved from go 1.19 to go 1.23. The suite proves the move is complete with the negative
 * and completeness assertions: the build never <em>used</em> anything of the old tree (not opened,
 * not executed, not even probed, and its GOROOT is not there), no toolchain switch happened, and
 * the binary it produced would start on this machine.
 */
@NeedsTools({Tool.GO_1_19, Tool.GO_1_23, Tool.STRACE})
@RequiresGoroot(go = "/usr/lib/go-1.23/bin/go", version = "1.23.x")
class MigratedOffTheOldToolchainTest {

    @Test
    void theBuildNeverTouchedGo119(GoCommand go, @TempDir Path dir) throws Exception {
        Fixtures.goModule(dir, "package main\n\nfunc main() { println(\"hi\") }\n");
        Path out = dir.resolve("app");

        GoTrace trace = go.args("build", "-o", out.toString(), ".").dir(dir)
                .env("GOCACHE", Fixtures.GOCACHE.toString()).env("GOTOOLCHAIN", "local").trace();

        assertThat(trace).exitedWith(0)
                .neverUsedUnder("/usr/lib/go-1.19")
                .didNotExecute("/usr/lib/go-1.19/bin/go")
                .didNotSwitchToolchain()
                .usedGoroot("/usr/lib/go-1.23");
        assertThat(Loader.at("/").resolve(out)).wouldRun().isComplete();
        assertThat(ElfFile.read(out)).isStaticallyLinked();
    }
}
