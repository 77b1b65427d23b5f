package dev.gotrail.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gotrail.junit.AssumeSharedLibs;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.junit.TraceGoCommand;
import dev.gotrail.trace.GoTrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes run through EngineTestKit by the evidence tests; they fail on purpose. */
final class EvidenceFixtures {

    private EvidenceFixtures() {
    }

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    @ExtendWith(RecordsTracedGoEnv.class)
    static class OneFailingOnePassing {

        @Test
        void failing() {
            fail("expected GOROOT /usr/local/go but go env said /usr/lib/go-1.21");
        }

        @Test
        void passing() {
            assertEquals(2, 1 + 1);
        }
    }

    /** Each test: one trace by RecordsTracedGoEnv, one by @TraceGoCommand, both carrying the test's marker. */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    @ExtendWith(RecordsTracedGoEnv.class)
    static class SixFailing {

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=alpha", "GOROOT="})
        void alpha() {
            fail("alpha failed");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=bravo", "GOROOT="})
        void bravo() {
            fail("bravo failed");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=charlie", "GOROOT="})
        void charlie() {
            fail("charlie failed");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=delta", "GOROOT="})
        void delta() {
            fail("delta failed");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=echo", "GOROOT="})
        void echo() {
            fail("echo failed");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GOTRAIL_MARKER=foxtrot", "GOROOT="})
        void foxtrot() {
            fail("foxtrot failed");
        }
    }

    /** Only @RequiresGoroot: the toolchain it resolved is the whole evidence. */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class FailingWithToolchainOnly {

        @Test
        void failing() {
            fail("nothing but the toolchain was recorded");
        }
    }

    /** Planted in @TraceGoCommand(env): secret by the built-in list and through gotrail.redact=PRIVATE_THING. */
    static final String PLANTED_TOKEN = "ghp_PlantedByGotrailTest0123456789abcd";
    static final String PLANTED_PRIVATE = "private-thing-PlantedByGotrailTest-42";

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class TracedWithSecrets {

        @Test
        @TraceGoCommand(value = {"env", "GOROOT"}, env = {"GITHUB_TOKEN=" + PLANTED_TOKEN, "MY_PRIVATE_THING=" + PLANTED_PRIVATE, "GOROOT="})
        void failsAfterTracing(GoTrace trace) throws Exception {
            // precondition: the raw log really holds the planted values, so their absence from the evidence means something
            String raw = new String(Files.readAllBytes(trace.rawLog()), StandardCharsets.ISO_8859_1);
            if (!raw.contains("GITHUB_TOKEN=" + PLANTED_TOKEN) || !raw.contains("MY_PRIVATE_THING=" + PLANTED_PRIVATE)) {
                fail("precondition: the raw trace " + trace.rawLog() + " does not show the planted environment");
            }
            fail("intended failure after tracing go env GOROOT");
        }
    }

    /** A requirement that go 1.21 cannot meet: fails in RequiresGoroot's beforeEach, before the test. */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go", version = ">=1.99")
    static class RequirementNotMet {

        @Test
        void neverRuns() {
            fail("the requirement should have failed first");
        }
    }

    /** The assumption holds (ls finds libc), then the test fails: the link map is evidence. */
    @TestKitOnly
    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
    static class LinkMapThenFailure {

        @Test
        void failing() {
            fail("intended failure after resolving /usr/bin/ls");
        }
    }

    /** Code under test shells out to go through the shim; its traced calls are evidence. */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class ShimCallThenFailure {

        @Test
        void failing(GoCommand go) {
            CommandResult r = CommandRunner.run(CommandSpec.of(go.shim().resolve("go").toString(), "version"));
            if (!r.succeeded() || go.traces().size() != 1) {
                fail("precondition: the shim call did not run or was not traced: " + r.describe());
            }
            fail("intended failure after a go call through the shim");
        }
    }
    /** The usual way to give go credentials for a private module proxy (issue 15). */
    static final String GOPROXY_WITH_CREDENTIALS = "https://ci-user:PASSWORD@proxy.example.com/go";

    /**
     * go runs with a GOPROXY holding credentials: {@code go env GOPROXY} prints them, strace shows
     * them in every execve environment. One test fails with an assertion that quotes every exec of
     * the trace, the other passes (evidence=always publishes both).
     */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class GoproxyWithCredentials {

        @Test
        @TraceGoCommand(value = {"env", "GOPROXY"}, env = {"GOPROXY=" + GOPROXY_WITH_CREDENTIALS, "GOROOT="})
        void failsQuotingTheTrace(GoTrace trace) throws Exception {
            // precondition: go printed the credentials and the raw log holds them, so their absence elsewhere means something
            String raw = new String(Files.readAllBytes(trace.rawLog()), StandardCharsets.ISO_8859_1);
            if (!trace.stdout().strip().equals(GOPROXY_WITH_CREDENTIALS) || !raw.contains("GOPROXY=" + GOPROXY_WITH_CREDENTIALS)) {
                fail("precondition: go env did not print the planted proxy URL, or the raw trace " + trace.rawLog() + " lacks it");
            }
            dev.gotrail.assertj.GotrailAssertions.assertThat(trace).executed("no-such-tool");
        }

        @Test
        @TraceGoCommand(value = {"env", "GOPROXY"}, env = {"GOPROXY=" + GOPROXY_WITH_CREDENTIALS, "GOROOT="})
        void passes(GoTrace trace) {
            assertEquals(0, trace.exitCode());
        }
    }
}
