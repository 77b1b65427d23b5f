package dev.gotrail.assertj;

import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.image.Image;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Assertions on a container image: platform, C library, the go on its PATH and its GOROOT,
     * Env/WorkingDir/User, files, and whether a file of this machine would start there.
     */
    public static ImageAssert assertThat(Image actual) {
        return new ImageAssert(actual);
    }

    /**
     * Snapshot assertions on the facts of one or more targets, e.g.
     * {@code assertThat(BaselineTarget.toolchain(go)).matchesBaseline("src/test/baselines/go.json")}.
     */
    public static BaselineAssert assertThat(BaselineTarget target) {
        return new BaselineAssert(List.of(target));
    }

    /** {@link #assertThat(BaselineTarget)} for several targets recorded in one baseline file. */
    public static BaselineAssert assertThat(BaselineTarget first, BaselineTarget... more) {
        List<BaselineTarget> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return new BaselineAssert(all);
    }
}
