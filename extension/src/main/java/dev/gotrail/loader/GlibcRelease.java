package dev.gotrail.loader;

import java.util.Objects;

/**
 * The glibc a root provides: the {@code libc.so.6} the loader resolves there and its release.
 * Found as glibc itself states it: the release banner compiled into libc.so.6 (the text
 * {@code gnu_get_libc_version()}'s release prints when libc.so.6 is run, "GNU C Library …
 * release version 2.36."), else the highest {@code GLIBC_x.y} version definition (VERDEF) of the
 * file, which names the release that last added a symbol and may be older than the release.
 *
 * @param libcPath the libc.so.6 as the loader spells it, a path inside the root
 * @param version  the release, e.g. {@code 2.36} (a bare number: {@link SymbolVersion#of})
 * @param source   how the version was read: {@link #BANNER} or {@link #VERSION_DEFINITIONS}
 */
public record GlibcRelease(String libcPath, SymbolVersion version, String source) {

    /** The version comes from libc.so.6's release banner. */
    public static final String BANNER = "release banner";
    /** The version is the highest GLIBC_x.y version definition of libc.so.6. */
    public static final String VERSION_DEFINITIONS = "highest GLIBC_x.y version definition";

    public GlibcRelease {
        Objects.requireNonNull(libcPath, "libcPath");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }

    /** E.g. {@code glibc 2.36 (/lib/x86_64-linux-gnu/libc.so.6, release banner)}. */
    public String describe() {
        return "glibc " + version + " (" + libcPath + ", " + source + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
