package dev.gotrail.loader;

/**
 * Whose rules resolved a {@link LinkMap}: the program's interpreter decides (PT_INTERP
 * {@code ld-musl-<arch>.so.1} is musl's, anything else glibc's); a library analysed alone takes the
 * root's loader. The JSON key {@code loader}.
 */
public enum LoaderKind {
    /** glibc's ld.so (elf/rtld.c, elf/dl-load.c): ld.so.cache, RPATH/RUNPATH rules, symbol versions. */
    GLIBC,
    /** musl's loader (ldso/dynlink.c): LD_LIBRARY_PATH first, RPATH = RUNPATH, /etc/ld-musl-ARCH.path, no versions. */
    MUSL,
    /** Nothing to load: a static binary, or a file that could not be read as ELF. */
    NONE
}
