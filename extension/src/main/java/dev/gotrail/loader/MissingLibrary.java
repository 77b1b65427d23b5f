package dev.gotrail.loader;

import java.util.List;
import java.util.Objects;

/**
 * A DT_NEEDED (or LD_PRELOAD) name the loader cannot find, or a program interpreter that does not
 * exist.
 *
 * @param soname   the requested name (the PT_INTERP path for a missing interpreter)
 * @param neededBy path of the requesting object
 * @param searched every candidate path tried, in the loader's order (glibc-hwcaps and legacy
 *                 subdirectories only where those directories exist)
 * @param note     the reason in words, with the fix where there is one (e.g. why candidates were
 *                 rejected, or what the shell says for a missing interpreter); empty for a plain
 *                 {@link MissingReason#NOT_FOUND}
 * @param reason   the reason as data
 */
public record MissingLibrary(String soname, String neededBy, List<String> searched, String note, MissingReason reason) {

    public MissingLibrary {
        searched = List.copyOf(searched);
        Objects.requireNonNull(reason, "reason");
    }

    /** A missing library whose reason follows from the note: {@link MissingReason#NOT_FOUND} when it is empty, else other-class only. */
    public MissingLibrary(String soname, String neededBy, List<String> searched, String note) {
        this(soname, neededBy, searched, note, note.isEmpty() ? MissingReason.NOT_FOUND : MissingReason.OTHER_CLASS_ONLY);
    }

    /** True when the program cannot start at all because its interpreter is missing (any of the three interpreter reasons). */
    public boolean interpreterMissing() {
        return reason == MissingReason.INTERPRETER_MISSING || reason == MissingReason.GLIBC_PROGRAM_IN_MUSL_ROOT
                || reason == MissingReason.MUSL_PROGRAM_IN_GLIBC_ROOT;
    }
}
