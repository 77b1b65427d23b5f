package dev.gotrail.examples;

// snippet-begin getting-started-imports
import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
// snippet-end getting-started-imports
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import org.junit.jupiter.api.Nested;

/**
 * The first tests of docs/getting-started.md ("Write the first tests"), verbatim between the
 * snippet markers ({@link DocSnippetsTest} compares them), run against the Go module
 * {@code examples/src/test/go/hello}. {@code @NeedsTools} is this repository's plumbing.
 */
@NeedsTools({Tool.GO_1_23, Tool.STRACE})
class GettingStartedExampleTest {

    @Nested
    // snippet-begin getting-started
    @RequiresGoroot(go = "/usr/lib/go-1.23/bin/go")   // or leave go out: the go first on PATH, or -Dgotrail.go=…
    class OurImageTest {

        @Test
        @RequiresGoroot(go = "/usr/lib/go-1.23/bin/go", version = ">=1.21")
        void goIsConsistent(GoToolchain go) {
            assertThat(go).isConsistent().hasNoProblems();
        }

        @Test
        @TraceGoCommand(value = {"build", "./..."}, dir = "src/test/go/hello")
        void buildReadsOnlyItsOwnGoroot(GoTrace trace) {
            assertThat(trace).exitedWith(0)
                    .usedGoroot("/usr/lib/go-1.23")
                    .neverOpenedUnder("/usr/local/go")
                    .didNotSwitchToolchain();
        }

        @Test
        void staticReleaseBuild(GoCommand go, @TempDir Path out) throws IOException {
            GoResult result = go.args("build", "-o", out.resolve("app").toString(), "./cmd/app")
                    .dir(Path.of("src/test/go/hello")).env("CGO_ENABLED", "0").run();
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(ElfFile.read(out.resolve("app"))).isStaticallyLinked();
        }
    }
    // snippet-end getting-started
}
