package dev.gotrail.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gotrail.junit.RequiresGoroot;
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

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    @ExtendWith(RecordsTracedGoEnv.class)
    static class SixFailing {

        @Test
        void alpha() {
            fail("alpha failed");
        }

        @Test
        void bravo() {
            fail("bravo failed");
        }

        @Test
        void charlie() {
            fail("charlie failed");
        }

        @Test
        void delta() {
            fail("delta failed");
        }

        @Test
        void echo() {
            fail("echo failed");
        }

        @Test
        void foxtrot() {
            fail("foxtrot failed");
        }
    }

    /** Uses gotrail but records nothing: an empty bundle publishes nothing. */
    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class FailingWithoutEvidence {

        @Test
        void failing() {
            fail("no evidence recorded");
        }
    }
}
