package dev.gotrail.assertj;

import dev.gotrail.buildinfo.BuildSetting;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.buildinfo.GoModule;
import dev.gotrail.toolchain.GoVersion;
import dev.gotrail.toolchain.VersionConstraint;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the Go build information of a binary ({@link GoBuildInfo}, what
 * {@code go version -m} prints): which Go built it, its build settings ({@code CGO_ENABLED},
 * {@code -trimpath}, {@code -ldflags}, …), its VCS stamp and its dependencies — "prove how this
 * release binary was built". Failure messages name the file and quote the build settings (and the
 * dependencies, for dependency assertions) as {@code go version -m} prints them.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class GoBuildInfoAssert extends AbstractAssert<GoBuildInfoAssert, GoBuildInfo> {

    /** Assertions on {@code actual}; usually reached through {@link GotrailAssertions#assertThat(GoBuildInfo)}. */
    public GoBuildInfoAssert(GoBuildInfo actual) {
        super(actual, GoBuildInfoAssert.class);
    }

    /**
     * Built by a Go release matching {@code constraint}, in the grammar of
     * {@code @RequiresGoroot(version = …)} ({@link VersionConstraint}): {@code "go1.23.x"},
     * {@code ">=1.21,<1.24"}, {@code "1.22.12"}.
     *
     * @throws IllegalArgumentException when the constraint is not valid
     */
    public GoBuildInfoAssert builtWith(String constraint) {
        isNotNull();
        VersionConstraint c = VersionConstraint.parse(constraint);
        Optional<GoVersion> v = GoVersion.tryParse(actual.goVersion());
        if (v.isEmpty() || !c.isSatisfiedBy(v.get())) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto be built with %s%nbut it was built with %s%n%s",
                    actual.file(), constraint, actual.goVersion(), settings());
        }
        return this;
    }

    /** The build setting {@code key} is recorded with exactly {@code value}, e.g. {@code hasSetting("CGO_ENABLED", "0")}. */
    public GoBuildInfoAssert hasSetting(String key, String value) {
        isNotNull();
        Optional<String> actualValue = actual.setting(key);
        if (!actualValue.equals(Optional.of(value))) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto have the build setting%n  %s%nbut %s%n%s",
                    actual.file(), new BuildSetting(key, value),
                    actualValue.map(a -> "it has " + new BuildSetting(key, a)).orElse("it has no " + key + " setting"), settings());
        }
        return this;
    }

    /** Built with {@code -trimpath} (no local file-system paths in the binary). */
    public GoBuildInfoAssert isTrimmed() {
        isNotNull();
        if (!actual.isTrimmed()) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto be built with -trimpath, but it was not (no -trimpath=true setting)%n%s",
                    actual.file(), settings());
        }
        return this;
    }

    /**
     * Stamped with the VCS revision {@code revision} ({@code vcs.revision}); an abbreviated
     * revision of at least 7 characters matches the full one it starts.
     */
    public GoBuildInfoAssert hasVcsRevision(String revision) {
        isNotNull();
        Objects.requireNonNull(revision, "revision");
        Optional<String> rev = actual.vcsRevision();
        boolean matches = rev.isPresent() && (rev.get().equals(revision) || (revision.length() >= 7 && rev.get().startsWith(revision)));
        if (!matches) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto be built from the revision%n  %s%nbut %s%n%s",
                    actual.file(), revision, rev.map(r -> "it was built from " + r)
                            .orElse("it carries no vcs.revision (built outside a repository, with -buildvcs=false, or not by go build)"),
                    settings());
        }
        return this;
    }

    /** VCS-stamped with {@code vcs.modified=false}: built from a clean work tree. */
    public GoBuildInfoAssert isNotModified() {
        isNotNull();
        Optional<Boolean> modified = actual.vcsModified();
        if (modified.isEmpty() || modified.get()) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto be built from a clean work tree (vcs.modified=false)%nbut %s%n%s",
                    actual.file(), modified.isEmpty() ? "it carries no VCS stamp" : "the work tree had uncommitted changes (vcs.modified=true)",
                    settings());
        }
        return this;
    }

    /** Depends on module {@code modulePath} at {@code version} (the {@code dep} line's version, before any replacement). */
    public GoBuildInfoAssert dependsOn(String modulePath, String version) {
        isNotNull();
        Optional<GoModule> dep = actual.dependency(modulePath);
        if (dep.isEmpty() || !dep.get().version().equals(version)) {
            failWithMessage("%nExpecting the Go binary%n  %s%nto depend on%n  %s@%s%nbut %s%nIts dependencies are:%n%s",
                    actual.file(), modulePath, version, dep.map(d -> "it depends on " + d).orElse("it does not depend on " + modulePath),
                    Evidence.lines(actual.deps(), GoModule::toString));
        }
        return this;
    }

    /** Neither depends on module {@code modulePath} nor uses it as a replacement. */
    public GoBuildInfoAssert doesNotDependOn(String modulePath) {
        isNotNull();
        Optional<GoModule> dep = actual.deps().stream()
                .filter(d -> d.path().equals(modulePath) || d.replacement().map(r -> r.path().equals(modulePath)).orElse(false))
                .findFirst();
        if (dep.isPresent()) {
            failWithMessage("%nExpecting the Go binary%n  %s%nnot to depend on%n  %s%nbut it does:%n  %s%nIts dependencies are:%n%s",
                    actual.file(), modulePath, dep.get(), Evidence.lines(actual.deps(), GoModule::toString));
        }
        return this;
    }

    /** The Go version, path and every build setting as {@code go version -m} prints them: the evidence of every failure. */
    private String settings() {
        StringBuilder sb = new StringBuilder("Its build information (go version -m):");
        sb.append(Evidence.NL).append("  go\t").append(actual.goVersion());
        if (!actual.path().isEmpty()) {
            sb.append(Evidence.NL).append("  path\t").append(actual.path());
        }
        for (BuildSetting s : actual.buildSettings()) {
            sb.append(Evidence.NL).append("  build\t").append(s);
        }
        return sb.toString();
    }

    /**
     * The facts of this Go binary's build information match the baseline {@code file} — snapshot testing; see
     * {@link BaselineAssert#matchesBaseline(java.nio.file.Path)} for the policy and
     * {@link dev.gotrail.baseline.BaselineTarget#goBinary} for the facts.
     */
    public GoBuildInfoAssert matchesBaseline(java.nio.file.Path file) {
        isNotNull();
        new BaselineAssert(java.util.List.of(dev.gotrail.baseline.BaselineTarget.goBinary(actual))).matchesBaseline(file);
        return this;
    }
}
