package dev.gotrail.assertj;

import dev.gotrail.baseline.Baseline;
import dev.gotrail.baseline.BaselineResult;
import dev.gotrail.baseline.BaselineSettings;
import dev.gotrail.baseline.BaselineTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Snapshot testing of facts: the facts of one or more {@link BaselineTarget}s must match a
 * reviewed baseline file, as {@code expect(x).toMatchSnapshot()} (Jest), {@code assert_snapshot!}
 * (insta) or {@code Approvals.verify} (ApprovalTests) do for values.
 *
 * <pre>{@code
 * assertThat(BaselineTarget.toolchain(go)).matchesBaseline("src/test/baselines/go.json");
 * assertThat(BaselineTarget.elf(app), BaselineTarget.toolchain(go))
 *         .ignoring("/targets/*}{@code /toolchain/findings")
 *         .matchesBaseline(Path.of("src/test/baselines/release.json"));
 * }</pre>
 *
 * <p>The behaviour is {@link Baseline#check}'s: {@code gotrail.baseline} (system property or
 * {@code junit-platform.properties}; {@code verify} by default, {@code update} rewrites) and the
 * {@code CI} environment variable ({@code update} refused, a missing baseline fails). A failure
 * message quotes the structural diff (JSON Pointer paths) and names the candidate written for
 * review under {@code gotrail.evidence.dir}/baselines. A created or updated baseline passes and
 * says so on stderr.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class BaselineAssert extends AbstractAssert<BaselineAssert, List<BaselineTarget>> {

    private final List<String> ignores = new ArrayList<>();
    private BaselineSettings settings;
    private BaselineResult result;

    /** Assertions on the facts of {@code targets}; usually reached through {@link GotrailAssertions#assertThat(BaselineTarget, BaselineTarget...)}. */
    public BaselineAssert(List<BaselineTarget> targets) {
        super(targets == null ? null : List.copyOf(targets), BaselineAssert.class);
    }

    /**
     * Leaves out the facts matched by these JSON Pointer patterns ({@code *} = any one token; a
     * pattern covers everything under it), e.g. {@code "/targets/*}{@code /buildInfo/settings/-ldflags"}.
     * Patterns declared here are not written into the file; patterns in the file's {@code ignore}
     * apply too.
     */
    public BaselineAssert ignoring(String... patterns) {
        ignores.addAll(Arrays.asList(patterns));
        return this;
    }

    /** Checks with these settings instead of {@link BaselineSettings#fromEnvironment()} (tests of the policy, tools). */
    public BaselineAssert withSettings(BaselineSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
        return this;
    }

    /** {@link #matchesBaseline(Path)} with a path string. */
    public BaselineAssert matchesBaseline(String file) {
        return matchesBaseline(Path.of(file));
    }

    /**
     * The facts match the baseline {@code file} (see {@link Baseline#check}).
     *
     * @throws UncheckedIOException when the file cannot be read or written, or is not a valid baseline
     */
    public BaselineAssert matchesBaseline(Path file) {
        isNotNull();
        BaselineSettings s = settings != null ? settings : BaselineSettings.fromEnvironment();
        try {
            result = Baseline.check(file, actual, ignores, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!result.passed()) {
            failWithMessage("%n%s", result.message());
        } else if (result.status() != BaselineResult.Status.MATCHED) {
            System.err.println("gotrail: " + result.message());
        }
        return this;
    }

    /** The outcome of the last {@link #matchesBaseline} (null before one ran). */
    public BaselineResult result() {
        return result;
    }
}
