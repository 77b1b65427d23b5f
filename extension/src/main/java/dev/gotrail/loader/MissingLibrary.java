package dev.gotrail.loader;

import java.util.List;

/**
 * A DT_NEEDED (or LD_PRELOAD) name the loader cannot find.
 *
 * @param soname   the requested name
 * @param neededBy path of the requesting object
 * @param searched every candidate path tried, in the loader's order (glibc-hwcaps and legacy
 *                 subdirectories only where those directories exist)
 * @param note     why candidates were rejected, e.g. wrong ELF class; empty when none was found
 */
public record MissingLibrary(String soname, String neededBy, List<String> searched, String note) {

    public MissingLibrary {
        searched = List.copyOf(searched);
    }
}
