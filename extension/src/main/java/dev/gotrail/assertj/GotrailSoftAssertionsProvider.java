package dev.gotrail.assertj;

import dev.gotrail.toolchain.GoToolchain;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft-assertion entry points for gotrail's types, mixed into any AssertJ soft-assertions class.
 * {@link GotrailSoftAssertions} implements it together with AssertJ's standard ones.
 */
public interface GotrailSoftAssertionsProvider extends SoftAssertionsProvider {

    default GoToolchainAssert assertThat(GoToolchain actual) {
        return proxy(GoToolchainAssert.class, GoToolchain.class, actual);
    }
}
