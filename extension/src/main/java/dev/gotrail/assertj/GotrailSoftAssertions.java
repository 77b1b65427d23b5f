package dev.gotrail.assertj;

import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * AssertJ's {@link SoftAssertions} plus {@code assertThat} for gotrail's types: collect every
 * failed expectation about a toolchain, a trace, an ELF file or a link map and report them
 * together. Works with {@code assertSoftly}, as a plain object ({@code assertAll()} at the end) and
 * with AssertJ's JUnit {@code SoftAssertionsExtension} (inject it as a parameter or an
 * {@code @InjectSoftAssertions} field).
 *
 * <pre>{@code
 * GotrailSoftAssertions.softly(softly -> {
 *     softly.assertThat(toolchain).hasVersionAtLeast("1.21");
 *     softly.assertThat(toolchain).isConsistent();
 * });
 * }</pre>
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class GotrailSoftAssertions extends SoftAssertions implements GotrailSoftAssertionsProvider {

    /** A fresh collector; call {@link #assertAll()} at the end (or let AssertJ's JUnit extension do it). */
    public GotrailSoftAssertions() {
    }

    /**
     * Runs {@code assertions} and fails with every collected error at the end (named {@code softly}
     * because {@code SoftAssertions.assertSoftly} already takes a {@code Consumer<SoftAssertions>}).
     */
    public static void softly(Consumer<GotrailSoftAssertions> assertions) {
        SoftAssertionsProvider.assertSoftly(GotrailSoftAssertions.class, assertions::accept);
    }
}
