package dev.gotrail.assertj;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;

/**
 * Entry point for gotrail's AssertJ assertions: {@code import static
 * dev.gotrail.assertj.GotrailAssertions.assertThat;} next to AssertJ's own {@code assertThat}.
 * For soft assertions use {@link GotrailSoftAssertions}.
 */
public final class GotrailAssertions {

    private GotrailAssertions() {
    }

    public static GoToolchainAssert assertThat(GoToolchain actual) {
        return new GoToolchainAssert(actual);
    }

    public static GoTraceAssert assertThat(GoTrace actual) {
        return new GoTraceAssert(actual);
    }

    public static ElfFileAssert assertThat(ElfFile actual) {
        return new ElfFileAssert(actual);
    }

    public static LinkMapAssert assertThat(LinkMap actual) {
        return new LinkMapAssert(actual);
    }

    public static GoBuildInfoAssert assertThat(GoBuildInfo actual) {
        return new GoBuildInfoAssert(actual);
    }
}
