package dev.gotrail.assertj;

import static dev.gotrail.assertj.Evidence.NL;

import dev.gotrail.loader.GlibcRelease;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.LoadedObject;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.SymbolVersion;
import dev.gotrail.loader.VersionProblem;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link LinkMap}: which shared objects the loader would load, from where and
 * why. Failure messages quote the loader's work: every path tried for a missing library, the
 * reason and requester of a loaded one, glibc's own words for version problems; every failure
 * message ends with the root, the glibc release it provides ({@link LinkMap#glibc()}) and the
 * libtree-style tree.
 *
 * <p>{@link #resolves(String)} selects a library for {@link #to(String)} and
 * {@link #because(LoadReason)}; the chain stays on this assertion object, so soft assertions
 * collect every step.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class LinkMapAssert extends AbstractAssert<LinkMapAssert, LinkMap> {

    private String selectedSoname;
    private LoadedObject selected;

    public LinkMapAssert(LinkMap actual) {
        super(actual, LinkMapAssert.class);
    }

    /** The loader finds {@code soname}; select it for {@link #to} and {@link #because}. */
    public LinkMapAssert resolves(String soname) {
        isNotNull();
        selectedSoname = soname;
        selected = actual.find(soname).orElse(null);
        if (selected == null) {
            Optional<MissingLibrary> missing = actual.missing().stream().filter(m -> m.soname().equals(soname)).findFirst();
            if (missing.isPresent()) {
                MissingLibrary m = missing.get();
                failWithMessage("%nExpecting the link map of%n  %s%nto resolve%n  %s%nbut the loader cannot find it (needed by %s)%s.%nPaths tried, in the loader's order:%n%s%n%s",
                        where(), soname, m.neededBy(), m.note().isEmpty() ? "" : "; " + m.note(),
                        Evidence.lines(m.searched()), tree());
            } else {
                failWithMessage("%nExpecting the link map of%n  %s%nto resolve%n  %s%nbut nothing needs it.%n%s",
                        where(), soname, tree());
            }
        }
        return this;
    }

    /**
     * The library selected by {@link #resolves(String)} is loaded from {@code path}: as the loader
     * spells it (the ld.so.cache entry, the expanded RPATH element) or its real path.
     */
    public LinkMapAssert to(String path) {
        if (requireSelection("to")) {
            String normal = java.nio.file.Path.of(path).normalize().toString();
            if (!selected.path().equals(normal) && !normal.equals(selected.realPath())) {
                failWithMessage("%nExpecting%n  %s%nin the link map of%n  %s%nto resolve to%n  %s%nbut it resolves to%n  %s%s%nfound by %s, needed by %s%n%s",
                        selectedSoname, where(), path, selected.path(),
                        selected.realPath() == null || selected.realPath().equals(selected.path()) ? "" : " (real path " + selected.realPath() + ")",
                        selected.reason(), selected.neededBy(), tree());
            }
        }
        return this;
    }

    /** The library selected by {@link #resolves(String)} was found for {@code reason}, e.g. {@code RUNPATH}. */
    public LinkMapAssert because(LoadReason reason) {
        if (requireSelection("because") && selected.reason() != reason) {
            failWithMessage("%nExpecting%n  %s%nin the link map of%n  %s%nto be found through %s%nbut the loader found it through %s at%n  %s%nneeded by %s%n%s",
                    selectedSoname, where(), reason, selected.reason(), selected.path(), selected.neededBy(), tree());
        }
        return this;
    }

    /** Every DT_NEEDED of every loaded object resolves. */
    public LinkMapAssert hasNoMissingLibraries() {
        isNotNull();
        if (!actual.missing().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (MissingLibrary m : actual.missing()) {
                if (sb.length() > 0) sb.append(NL);
                sb.append("  ").append(m.soname()).append(" (needed by ").append(m.neededBy()).append(")")
                        .append(m.note().isEmpty() ? "" : ": " + m.note()).append(NL).append("  tried:").append(NL)
                        .append(Evidence.lines(m.searched(), s -> "  " + s));
            }
            failWithMessage("%nExpecting the link map of%n  %s%nto have no missing libraries, but %d cannot be found:%n%s%n%s",
                    where(), actual.missing().size(), sb, tree());
        }
        return this;
    }

    /** No symbol-version requirement is unsatisfied (weak ones, which glibc only warns about, are ignored). */
    public LinkMapAssert hasNoVersionProblems() {
        isNotNull();
        List<VersionProblem> hard = actual.versionProblems().stream().filter(v -> !v.weak()).toList();
        if (!hard.isEmpty()) {
            failWithMessage("%nExpecting the link map of%n  %s%nto have no symbol-version problems, but the loader would say:%n%s%n%s",
                    where(), Evidence.lines(hard, VersionProblem::message), tree());
        }
        return this;
    }

    /**
     * The binary and the libraries it loads require no {@code prefix} version above
     * {@code maximum}: {@code requiresAtMost("GLIBC", "2.31")}; see {@link LinkMap#maxVersion}.
     */
    public LinkMapAssert requiresAtMost(String prefix, String maximum) {
        isNotNull();
        Optional<SymbolVersion> max = actual.maxVersion(prefix);
        if (max.isPresent() && max.get().compareTo(SymbolVersion.of(maximum)) > 0) {
            failWithMessage("%nExpecting the link map of%n  %s%nto require at most %s_%s, but it requires %s_%s%nhighest versions required: %s%n%s",
                    where(), prefix, maximum, prefix, max.get(), actual.maxVersions(), tree());
        }
        return this;
    }

    /**
     * The program would start: every DT_NEEDED resolves, no candidate stops the loader and no
     * non-weak symbol version is missing — what {@code ld.so} checks before {@code main} runs
     * (glibc {@code _dl_map_object_deps}, {@code _dl_check_all_versions}). Lazy symbol binding is
     * not checked: that fails later, at the first call.
     */
    public LinkMapAssert wouldRun() {
        isNotNull();
        List<String> reasons = startFailures();
        if (!reasons.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto start, but the loader would stop it:%n%s%n%s",
                    where(), Evidence.lines(reasons), tree());
        }
        return this;
    }

    /** The opposite of {@link #wouldRun()}: the loader would refuse to start the program. */
    public LinkMapAssert wouldNotRun() {
        isNotNull();
        if (startFailures().isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nnot to start, but every library resolves and every symbol version is provided.%n%s",
                    where(), tree());
        }
        return this;
    }

    /**
     * The loader would report a problem with the symbol version {@code version}
     * ({@code "GLIBC_2.34"}), weak or not, as in ``version `GLIBC_2.34' not found``.
     */
    public LinkMapAssert hasVersionProblem(String version) {
        isNotNull();
        if (actual.versionProblems().stream().noneMatch(v -> v.version().equals(version))) {
            failWithMessage("%nExpecting the link map of%n  %s%nto have a problem with %s, but %s%nhighest versions required: %s%n%s",
                    where(), version, actual.versionProblems().isEmpty() ? "it has no version problems"
                            : "its version problems are:" + NL + Evidence.lines(actual.versionProblems(), VersionProblem::message),
                    actual.maxVersions(), tree());
        }
        return this;
    }

    /**
     * The link map is complete: nothing missing, no loader error and no version problem, weak
     * ones included ({@link LinkMap#isComplete()}). Stricter than {@link #wouldRun()}, which
     * tolerates the weak version problems glibc only warns about.
     */
    public LinkMapAssert isComplete() {
        isNotNull();
        if (!actual.isComplete()) {
            List<String> reasons = startFailures();
            actual.versionProblems().stream().filter(VersionProblem::weak).forEach(v -> reasons.add(v.message() + " (weak)"));
            failWithMessage("%nExpecting the link map of%n  %s%nto be complete, but:%n%s%n%s",
                    where(), Evidence.lines(reasons), tree());
        }
        return this;
    }

    private List<String> startFailures() {
        List<String> reasons = new java.util.ArrayList<>();
        for (MissingLibrary m : actual.missing()) {
            reasons.add(m.soname() + ": cannot open shared object file: No such file or directory (needed by " + m.neededBy() + ")");
        }
        actual.errors().forEach(e -> reasons.add(e.path() + ": " + e.message()));
        actual.versionProblems().stream().filter(v -> !v.weak()).forEach(v -> reasons.add(v.message()));
        return reasons;
    }

    private boolean requireSelection(String method) {
        isNotNull();
        if (selectedSoname == null) {
            throw new IllegalStateException("call resolves(soname) before " + method + "(…)");
        }
        return selected != null; // resolves() already failed: soft assertions continue here
    }

    private String where() {
        return actual.binary() + actual.hostFile().map(h -> " (host file " + h + ")").orElse("")
                + (actual.root().equals("/") ? "" : " (root " + actual.root() + ")");
    }

    /**
     * The closing part of every failure: the root with the glibc it provides (a GLIBC_x.y problem
     * is only half a story without it), then the libtree-style tree, last.
     */
    private String tree() {
        String glibc = actual.glibc().map(GlibcRelease::describe)
                .orElse("no glibc (no libc.so.6 for this binary's machine and class)");
        return "root " + actual.root() + " provides " + glibc + NL + "link map:" + NL + actual.tree().stripTrailing();
    }

    /** Redacts the message (it quotes evidence) before AssertJ formats and throws it. */
    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        super.failWithMessage("%s", Redaction.message(java.util.Map.of(), errorMessage, arguments));
    }
}
