package dev.gotrail.image;

/**
 * The C library an image provides, read from its files without running anything.
 *
 * @param flavour the kind of C library
 * @param version the release, e.g. {@code 2.36} for glibc, {@code 1.2.4} for musl; "" when the
 *                files do not say
 * @param path    the library file inside the image ({@code /lib/x86_64-linux-gnu/libc.so.6},
 *                {@code /lib/ld-musl-x86_64.so.1}); "" for {@link Flavour#NONE}
 * @param source  where the version was read, e.g. {@code the banner in /lib/x86_64-linux-gnu/libc.so.6}
 */
public record Libc(Flavour flavour, String version, String path, String source) {

    /** GNU C library, musl, or no C library at all (scratch and distroless-static images). */
    public enum Flavour { GLIBC, MUSL, NONE }

    public Libc {
        version = version == null ? "" : version;
        path = path == null ? "" : path;
        source = source == null ? "" : source;
    }

    /** "glibc 2.36", "musl 1.2.4", "no C library". */
    @Override
    public String toString() {
        return switch (flavour) {
            case GLIBC -> "glibc " + (version.isEmpty() ? "(version unknown)" : version);
            case MUSL -> "musl " + (version.isEmpty() ? "(version unknown)" : version);
            case NONE -> "no C library";
        };
    }
}
