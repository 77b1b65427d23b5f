package dev.gotrail.assertj;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GoVersion;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.VersionConstraint;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link GoToolchain}: which GOROOT it uses and why, its version, and whether its
 * sources of truth agree. Failure messages quote the facts: the effective GOROOT with its source
 * and the evidence for that source, {@code go env} values, the go binaries on PATH and every
 * finding with its fix.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class GoToolchainAssert extends AbstractAssert<GoToolchainAssert, GoToolchain> {

    static final String NL = System.lineSeparator();

    public GoToolchainAssert(GoToolchain actual) {
        super(actual, GoToolchainAssert.class);
    }

    /** The effective GOROOT is {@code expected}, compared by real path (symlinks resolved). */
    public GoToolchainAssert hasGoroot(Path expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected GOROOT");
        if (!Paths.samePlace(actual.goroot(), expected)) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto use GOROOT%n  %s%s%nbut its effective GOROOT is%n  %s%s%n%s",
                    describe(actual), expected, Paths.realPathNote(expected), actual.goroot(),
                    Paths.realPathNote(actual.goroot()), gorootEvidence(actual));
        }
        return this;
    }

    /** @see #hasGoroot(Path) */
    public GoToolchainAssert hasGoroot(String expected) {
        return hasGoroot(Path.of(Objects.requireNonNull(expected, "expected GOROOT")));
    }

    /** The effective GOROOT came from {@code expected} (e.g. {@link GorootSource#ENV}). */
    public GoToolchainAssert hasGorootSource(GorootSource expected) {
        isNotNull();
        if (actual.gorootSource() != expected) {
            failWithMessage("%nExpecting the GOROOT of%n  %s%nto come from %s (%s)%nbut it came from %s%n%s",
                    describe(actual), expected, explain(expected), actual.gorootSource(), gorootEvidence(actual));
        }
        return this;
    }

    /** The version is at least {@code minimum}, e.g. {@code "1.21"} (the whole 1.21 line) or {@code "go1.21.5"}. */
    public GoToolchainAssert hasVersionAtLeast(String minimum) {
        isNotNull();
        VersionConstraint constraint = VersionConstraint.parse(">=" + stripOperator(minimum));
        if (!constraint.isSatisfiedBy(actual.version())) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto be at least %s%nbut it is %s%s%n%s",
                    describe(actual), minimum, actual.version(), unknownNote(actual.version()), versionEvidence(actual));
        }
        return this;
    }

    /**
     * The version matches {@code expected}: an exact release ({@code "go1.21.13"}), a minor line
     * ({@code "1.21"}, {@code "1.21.x"}) or any constraint ({@code ">=1.21,<1.24"}).
     */
    public GoToolchainAssert hasVersion(String expected) {
        isNotNull();
        VersionConstraint constraint = VersionConstraint.parse(expected);
        if (!constraint.isSatisfiedBy(actual.version())) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto have version %s%nbut it is %s%s%n%s",
                    describe(actual), expected, actual.version(), unknownNote(actual.version()), versionEvidence(actual));
        }
        return this;
    }

    /**
     * The sources of truth agree: $GOROOT, the go/env file, {@code go env GOROOT}, the GOROOT
     * derived from the binary's location, VERSION vs GOVERSION, GOTOOLDIR, no toolchain switch
     * ({@link GoToolchain#inconsistencies()}). A go shadowed on PATH does not count; see
     * {@link #hasNoProblems()}.
     */
    public GoToolchainAssert isConsistent() {
        isNotNull();
        List<Finding> problems = actual.inconsistencies();
        if (!problems.isEmpty()) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto be consistent, but %d problem(s) were found:%n%s%n%s",
                    describe(actual), problems.size(), findings(problems), gorootEvidence(actual));
        }
        return this;
    }

    /** No finding is a warning or an error (informational findings are allowed). */
    public GoToolchainAssert hasNoProblems() {
        isNotNull();
        List<Finding> problems = actual.problems();
        if (!problems.isEmpty()) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto have no problems, but %d were found:%n%s%n%s",
                    describe(actual), problems.size(), findings(problems), gorootEvidence(actual));
        }
        return this;
    }

    /** No finding at all, not even an informational one. */
    public GoToolchainAssert hasNoFindings() {
        isNotNull();
        if (!actual.findings().isEmpty()) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto have no findings, but it has %d:%n%s",
                    describe(actual), actual.findings().size(), findings(actual.findings()));
        }
        return this;
    }

    /** No finding with this id was reported; the failure quotes the finding. */
    public GoToolchainAssert doesNotHaveFinding(FindingId id) {
        isNotNull();
        List<Finding> hits = actual.findings().stream().filter(f -> f.id() == id).toList();
        if (!hits.isEmpty()) {
            failWithMessage("%nExpecting the toolchain%n  %s%nnot to have the finding [%s]%nbut it has:%n%s",
                    describe(actual), id, findings(hits));
        }
        return this;
    }

    /**
     * No finding with this id (its stable spelling, e.g. {@code go-shadowed}) was reported.
     *
     * @throws IllegalArgumentException when no {@link FindingId} is spelled {@code id} (a typo)
     */
    public GoToolchainAssert doesNotHaveFinding(String id) {
        return doesNotHaveFinding(FindingId.of(id));
    }

    /**
     * A finding with this id (its stable spelling, e.g. {@code goroot-env-other-version}) was reported.
     *
     * @throws IllegalArgumentException when no {@link FindingId} is spelled {@code id} (a typo)
     */
    public GoToolchainAssert hasFinding(String id) {
        return hasFinding(FindingId.of(id));
    }

    /** A finding with this id was reported. */
    public GoToolchainAssert hasFinding(FindingId id) {
        isNotNull();
        if (actual.findings().stream().noneMatch(f -> f.id() == id)) {
            failWithMessage("%nExpecting the toolchain%n  %s%nto have the finding [%s]%nbut %s",
                    describe(actual), id, actual.findings().isEmpty() ? "it has no findings"
                            : "its findings are:" + NL + findings(actual.findings()));
        }
        return this;
    }

    static String describe(GoToolchain t) {
        String binary = t.goBinary().equals(t.realGoBinary()) ? t.goBinary().toString()
                : t.goBinary() + " (really " + t.realGoBinary() + ")";
        return t.version() + " at " + binary;
    }

    /** The source of the effective GOROOT and the facts behind it, as message lines. */
    static String gorootEvidence(GoToolchain t) {
        StringBuilder sb = new StringBuilder();
        sb.append("evidence:").append(NL);
        sb.append("  effective GOROOT: ").append(t.goroot()).append(" (source ").append(t.gorootSource()).append(": ")
                .append(explainFor(t)).append(")").append(NL);
        sb.append("  go env GOROOT:    ").append(t.goEnv().getOrDefault("GOROOT", "(not recorded)")).append(NL);
        String goenv = t.goEnv().get("GOENV");
        if (goenv != null) {
            sb.append("  go/env file:      ").append(goenv).append(NL);
        }
        sb.append("  real go binary:   ").append(t.realGoBinary()).append(NL);
        sb.append("  go on PATH:       ").append(t.candidatesOnPath().isEmpty() ? "(none)" : t.candidatesOnPath().toString());
        if (!t.details().consulted().isEmpty()) {
            sb.append(NL).append("sources consulted (in cmd/go's order):");
            for (String c : t.details().consulted()) {
                sb.append(NL).append("  - ").append(c);
            }
        }
        return sb.toString();
    }

    private static String versionEvidence(GoToolchain t) {
        return "evidence:" + NL + "  GOVERSION (go env): " + t.goEnv().getOrDefault("GOVERSION", "(not recorded)") + NL
                + "  GOROOT: " + t.goroot() + " (source " + t.gorootSource() + ")" + NL
                + "  real go binary: " + t.realGoBinary();
    }

    private static String findings(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            if (sb.length() > 0) sb.append(NL);
            sb.append("  - ").append(f.severity()).append(" [").append(f.id()).append("] ").append(f.message());
            if (!f.fix().isEmpty()) {
                sb.append(NL + "    fix: ").append(f.fix());
            }
        }
        return sb.toString();
    }

    private static String explainFor(GoToolchain t) {
        return switch (t.gorootSource()) {
            case ENV -> "the GOROOT environment variable";
            case CONFIG_FILE -> "GOROOT= in the go/env file " + t.goEnv().getOrDefault("GOENV", "");
            case EXE_DERIVED -> "derived from the location of " + t.realGoBinary();
            case BUILTIN_FALLBACK -> "the GOROOT built into the go binary; nothing else matched";
            case TOOLCHAIN_SWITCH -> "GOTOOLCHAIN=" + t.goEnv().getOrDefault("GOTOOLCHAIN", "?")
                    + " switched to a toolchain from the module cache";
            case GCCGO -> "gccgo's installation prefix";
        };
    }

    private static String explain(GorootSource source) {
        return switch (source) {
            case ENV -> "the GOROOT environment variable";
            case CONFIG_FILE -> "GOROOT= in the user's go/env file";
            case EXE_DERIVED -> "the go binary's location";
            case BUILTIN_FALLBACK -> "the GOROOT built into the binary";
            case TOOLCHAIN_SWITCH -> "a GOTOOLCHAIN switch";
            case GCCGO -> "gccgo's installation prefix";
        };
    }

    private static String unknownNote(GoVersion v) {
        return v.isKnown() ? "" : " (an unnumbered version satisfies no constraint)";
    }

    private static String stripOperator(String v) {
        String s = Objects.requireNonNull(v, "minimum version").strip();
        return s.startsWith(">=") ? s.substring(2) : s;
    }

    /** Redacts the message (it quotes evidence) before AssertJ formats and throws it. */
    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        super.failWithMessage("%s", Redaction.message(actual == null ? java.util.Map.of() : actual.goEnv(), errorMessage, arguments));
    }

    /**
     * The facts of this toolchain (its facts, its go binary's ELF facts and build information) match the baseline {@code file} — snapshot testing; see
     * {@link BaselineAssert#matchesBaseline(java.nio.file.Path)} for the policy and
     * {@link dev.gotrail.baseline.BaselineTarget#toolchain} for the facts.
     */
    public GoToolchainAssert matchesBaseline(java.nio.file.Path file) {
        isNotNull();
        try {
            new BaselineAssert(java.util.List.of(dev.gotrail.baseline.BaselineTarget.toolchain(actual))).matchesBaseline(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }
}
