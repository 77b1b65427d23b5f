package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;

import dev.gotrail.junit.AssumeSharedLibs;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import org.junit.jupiter.api.Test;

/**
 * The example of README.md, verbatim between the snippet markers ({@link DocSnippetsTest} compares
 * them): if this breaks, the README is wrong. ({@code @NeedsTools} is this repository's test
 * plumbing, outside the snippet: on a machine without the tools the tests are skipped with the
 * install command instead of failing, unless {@code -Dgotrail.strict=true}.)
 */
@NeedsTools({Tool.GO_1_23, Tool.STRACE, Tool.GO_1_19})
// snippet-begin readme
@RequiresGoroot(go = "/usr/lib/go-1.23/bin/go", value = "/usr/lib/go-1.23", version = ">=1.23")
class ReadmeExampleTest {

    @Test
    void goUsesItsOwnTree(GoToolchain go) {
        assertThat(go).hasGoroot("/usr/lib/go-1.23").isConsistent();
    }

    @Test
    @TraceGoCommand({"env", "GOROOT"})
    void theTraceProvesIt(GoTrace trace) {
        assertThat(trace).usedGoroot("/usr/lib/go-1.23").didNotSwitchToolchain();
    }

    @Test
    @AssumeSharedLibs(value = "libc.so.6", versions = "GLIBC_2.34", binary = "/usr/lib/go-1.19/bin/go")
    void dynamicGoResolves(LinkMap map) {
        assertThat(map).resolves("libc.so.6").because(LoadReason.LD_SO_CACHE);
    }
}
// snippet-end readme
