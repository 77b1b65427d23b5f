package dev.gotrail.assertj;

/** Entry point for gotrail's AssertJ assertions. */
public final class GotrailAssertions {

    private GotrailAssertions() {
    }
}
