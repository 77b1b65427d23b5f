package dev.gotrail.assertj;

import dev.gotrail.toolchain.GoToolchain;

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
}
