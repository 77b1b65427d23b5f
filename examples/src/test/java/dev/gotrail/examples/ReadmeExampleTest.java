package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;

import dev.gotrail.junit.AssumeSharedLibs;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import org.junit.jupiter.api.Test;

/** The example of README.md, verbatim: if this breaks, the README is wrong. */
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
