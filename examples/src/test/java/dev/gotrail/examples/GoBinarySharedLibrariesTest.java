package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.junit.AssumeSharedLibs;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import org.junit.jupiter.api.Test;

/**
 * {@code @AssumeSharedLibs}: tests that only make sense where a binary's libraries resolve. When
 * they do not, the test is aborted with the resolution evidence (a failure with
 * {@code gotrail.strict=true}).
 */
class GoBinarySharedLibrariesTest {

    @Test
    @AssumeSharedLibs(value = "libc.so.6", versions = "GLIBC_2.34", binary = "/usr/lib/go-1.19/bin/go")
    @NeedsTools({Tool.GO_1_19})
    void debiansGo119NeedsGlibc234AndGetsItHere(LinkMap map) {
        assertThat(map).hasNoMissingLibraries().hasNoVersionProblems()
                .resolves("libc.so.6").because(LoadReason.LD_SO_CACHE);
        assertThat(map.maxVersion("GLIBC")).hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("2.34"));
    }

    /** binary = "" analyses the real go binary of the toolchain under test. */
    @Test
    @RequiresGoroot(go = "/usr/lib/go-1.23/bin/go")
    @AssumeSharedLibs
    @NeedsTools({Tool.GO_1_23})
    void debiansGo123IsStatic(LinkMap map) {
        assertThat(map.binary()).isEqualTo("/usr/lib/go-1.23/bin/go");
        assertThat(map.isStatic()).isTrue();
        assertThat(map.libraries()).isEmpty();
    }
}
