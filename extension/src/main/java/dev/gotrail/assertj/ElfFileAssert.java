package dev.gotrail.assertj;

import static dev.gotrail.assertj.Evidence.NL;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.VersionNeed;
import dev.gotrail.loader.SymbolVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link ElfFile}: static or dynamic, its interpreter, its DT_NEEDED libraries
 * and the symbol versions it requires ("our release binary needs at most GLIBC_2.31"). Failure
 * messages name the file and quote its dynamic section: interpreter, NEEDED entries, and each
 * offending version with the library it is required from.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class ElfFileAssert extends AbstractAssert<ElfFileAssert, ElfFile> {

    public ElfFileAssert(ElfFile actual) {
        super(actual, ElfFileAssert.class);
    }

    /** No program interpreter and no dynamic dependencies (static or static-pie). */
    public ElfFileAssert isStaticallyLinked() {
        isNotNull();
        if (!actual.isStatic()) {
            failWithMessage("%nExpecting%n  %s%nto be statically linked, but it is dynamically linked:%n%s",
                    actual.path(), dynamicSection());
        }
        return this;
    }

    /** Has a dynamic section with dependencies or an interpreter. */
    public ElfFileAssert isDynamicallyLinked() {
        isNotNull();
        if (actual.isStatic()) {
            failWithMessage("%nExpecting%n  %s%nto be dynamically linked, but it is statically linked%s (no PT_INTERP, no NEEDED)",
                    actual.path(), actual.isStaticPie() ? " (static-pie)" : "");
        }
        return this;
    }

    /** Has a program interpreter (PT_INTERP). */
    public ElfFileAssert hasInterpreter() {
        isNotNull();
        if (actual.interpreter().isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto have a program interpreter (PT_INTERP), but it has none:%n%s",
                    actual.path(), dynamicSection());
        }
        return this;
    }

    /** The program interpreter is {@code expected}, e.g. {@code /lib64/ld-linux-x86-64.so.2}. */
    public ElfFileAssert hasInterpreter(String expected) {
        isNotNull();
        Optional<String> interp = actual.interpreter();
        if (interp.isEmpty() || !interp.get().equals(expected)) {
            failWithMessage("%nExpecting%n  %s%nto have the interpreter%n  %s%nbut it has %s",
                    actual.path(), expected, interp.map(i -> "\n  " + i).orElse("none (statically linked)"));
        }
        return this;
    }

    /** {@code DT_RUNPATH} is exactly {@code expected} (e.g. {@code "$ORIGIN/../lib"}), as written in the file. */
    public ElfFileAssert hasRunpath(String expected) {
        isNotNull();
        if (!actual.runpath().equals(java.util.Optional.of(expected))) {
            failWithMessage("%nExpecting%n  %s%nto have the RUNPATH%n  %s%nbut %s%s",
                    actual.path(), expected, actual.runpath().map(r -> "its RUNPATH is " + r).orElse("it has no RUNPATH"),
                    actual.rpath().map(r -> " (it has the RPATH " + r + ")").orElse(""));
        }
        return this;
    }

    /** {@code DT_RPATH} is exactly {@code expected}; glibc ignores it when the file also has a RUNPATH. */
    public ElfFileAssert hasRpath(String expected) {
        isNotNull();
        if (!actual.rpath().equals(java.util.Optional.of(expected))) {
            failWithMessage("%nExpecting%n  %s%nto have the RPATH%n  %s%nbut %s%s",
                    actual.path(), expected, actual.rpath().map(r -> "its RPATH is " + r).orElse("it has no RPATH"),
                    actual.runpath().map(r -> " (it has the RUNPATH " + r + ")").orElse(""));
        }
        return this;
    }

    /** DT_NEEDED lists {@code soname}. */
    public ElfFileAssert needs(String soname) {
        isNotNull();
        if (!actual.needed().contains(soname)) {
            failWithMessage("%nExpecting%n  %s%nto need%n  %s%nbut its NEEDED entries are:%n%s",
                    actual.path(), soname, Evidence.lines(actual.needed()));
        }
        return this;
    }

    /** DT_NEEDED does not list {@code soname}. */
    public ElfFileAssert doesNotNeed(String soname) {
        isNotNull();
        if (actual.needed().contains(soname)) {
            failWithMessage("%nExpecting%n  %s%nnot to need%n  %s%nbut it does; its NEEDED entries are:%n%s",
                    actual.path(), soname, Evidence.lines(actual.needed()));
        }
        return this;
    }

    /**
     * Every symbol version with this prefix that the file requires (its .gnu.version_r) is at most
     * {@code maximum}: {@code requiresAtMost("GLIBC", "2.31")}. Versions compare numerically, so
     * 2.4 &lt; 2.34. The message names each offending version, the library it is required from
     * and the file.
     */
    public ElfFileAssert requiresAtMost(String prefix, String maximum) {
        isNotNull();
        SymbolVersion limit = SymbolVersion.of(maximum);
        List<String> offending = new ArrayList<>();
        SymbolVersion highest = null;
        for (VersionNeed need : actual.versionNeeds()) {
            for (VersionNeed.Requirement r : need.versions()) {
                Optional<SymbolVersion> v = SymbolVersion.parse(r.name()).filter(sv -> sv.prefix().equals(prefix));
                if (v.isPresent() && v.get().compareTo(limit) > 0) {
                    offending.add(r.name() + " from " + need.file() + (r.weak() ? " (weak)" : ""));
                }
                if (v.isPresent() && (highest == null || v.get().compareTo(highest) > 0)) {
                    highest = v.get();
                }
            }
        }
        if (!offending.isEmpty()) {
            offending.sort(Comparator.naturalOrder());
            failWithMessage("%nExpecting%n  %s%nto require at most %s_%s, but it requires %s:%n%s%n(the highest %s version it requires is %s)",
                    actual.path(), prefix, maximum, offending.size() == 1 ? "a newer version" : offending.size() + " newer versions",
                    Evidence.lines(offending), prefix, highest);
        }
        return this;
    }

    private String dynamicSection() {
        StringBuilder sb = new StringBuilder();
        sb.append("  interpreter: ").append(actual.interpreter().orElse("(none)")).append(NL);
        sb.append("  NEEDED:      ").append(actual.needed().isEmpty() ? "(none)" : String.join(", ", actual.needed()));
        actual.rpath().ifPresent(r -> sb.append(NL).append("  RPATH:       ").append(r));
        actual.runpath().ifPresent(r -> sb.append(NL).append("  RUNPATH:     ").append(r));
        return sb.toString();
    }

    /** Redacts the message (it quotes evidence) before AssertJ formats and throws it. */
    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        super.failWithMessage("%s", Redaction.message(java.util.Map.of(), errorMessage, arguments));
    }

    /**
     * The facts of this ELF file (its dynamic section, link map at / and, for a Go binary, build information) match the baseline {@code file} — snapshot testing; see
     * {@link BaselineAssert#matchesBaseline(java.nio.file.Path)} for the policy and
     * {@link dev.gotrail.baseline.BaselineTarget#elf} for the facts.
     */
    public ElfFileAssert matchesBaseline(java.nio.file.Path file) {
        isNotNull();
        try {
            new BaselineAssert(java.util.List.of(dev.gotrail.baseline.BaselineTarget.elf(actual.path()))).matchesBaseline(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }
}
