package dev.gotrail.assertj;

import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.image.Image;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.util.List;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft-assertion entry points for gotrail's types, mixed into any AssertJ soft-assertions class.
 * {@link GotrailSoftAssertions} implements it together with AssertJ's standard ones.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public interface GotrailSoftAssertionsProvider extends SoftAssertionsProvider {

    default GoToolchainAssert assertThat(GoToolchain actual) {
        return proxy(GoToolchainAssert.class, GoToolchain.class, actual);
    }

    default GoTraceAssert assertThat(GoTrace actual) {
        return proxy(GoTraceAssert.class, GoTrace.class, actual);
    }

    default ElfFileAssert assertThat(ElfFile actual) {
        return proxy(ElfFileAssert.class, ElfFile.class, actual);
    }

    default LinkMapAssert assertThat(LinkMap actual) {
        return proxy(LinkMapAssert.class, LinkMap.class, actual);
    }

    default GoBuildInfoAssert assertThat(GoBuildInfo actual) {
        return proxy(GoBuildInfoAssert.class, GoBuildInfo.class, actual);
    }

    /** Soft {@link ImageAssert}: every failed expectation about the image is collected. */
    default ImageAssert assertThat(Image actual) {
        return proxy(ImageAssert.class, Image.class, actual);
    }

    /** Soft {@link BaselineAssert}: a drifted baseline is collected like any other failure. */
    default BaselineAssert assertThat(BaselineTarget actual) {
        return proxy(BaselineAssert.class, List.class, List.of(actual));
    }
}
