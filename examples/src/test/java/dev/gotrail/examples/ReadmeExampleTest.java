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
 * The example of README.md, verbatim: if this breaks, the README is wrong. ({@code @NeedsTools} is
 * this repository's test plumbing, not part of the example: on a machine without go 1.23 the tests
 * are skipped with the install command instead of failing, unless {@code -Dgotrail.strict=true}.)
 */
@RequiresGoroot(go = "/usr/lib/go-1.23/bin/go", value = "/usr/lib/go-1.23", version = ">=1.23")
@NeedsTools({Tool.GO_1_23})
class ReadmeExampleTest {

    @Test
    void goUsesItsOwnTree(GoToolchain go) {
        assertThat(go).hasGoroot("/usr/lib/go-1.23").isConsistent();
    }

    @Test
    @TraceGoCommand({"env", "GOROOT"})
    @NeedsTools({Tool.STRACE})
    void theTraceProvesIt(GoTrace trace) {
        assertThat(trace).usedGoroot("/usr/lib/go-1.23").didNotSwitchToolchain();
    }

    @Test
    @AssumeSharedLibs(value = "libc.so.6", versions = "GLIBC_2.34", binary = "/usr/lib/go-1.19/bin/go")
    @NeedsTools({Tool.GO_1_19})
    void dynamicGoResolves(LinkMap map) {
        assertThat(map).resolves("libc.so.6").because(LoadReason.LD_SO_CACHE);
    }
}
