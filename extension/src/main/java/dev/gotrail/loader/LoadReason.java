package dev.gotrail.loader;

/** Why the loader found a shared object where it did, in the order glibc's ld.so searches. */
public enum LoadReason {
    /** DT_RPATH of the requesting object or of an object up its loader chain. */
    RPATH,
    /** The LD_LIBRARY_PATH environment variable. */
    LD_LIBRARY_PATH,
    /** DT_RUNPATH of the requesting object (not inherited). */
    RUNPATH,
    /** An entry of /etc/ld.so.cache. */
    LD_SO_CACHE,
    /**
     * An entry of the cache {@code ldconfig -r ROOT} would write, for a root that has no
     * /etc/ld.so.cache, answered only on request ({@link Loader#asIfLdconfig()}): the real loader
     * would not find the object this way in the root as it is.
     */
    AS_IF_LDCONFIG,
    /** The loader's built-in default directories (e.g. /lib/x86_64-linux-gnu, /usr/lib). */
    DEFAULT_DIR,
    /** The name contains a slash (or came from LD_PRELOAD) and was opened as a path. */
    DIRECT,
    /** The program interpreter (PT_INTERP), loaded by the kernel. */
    INTERPRETER,
    /** Already loaded under the same name, SONAME or file. */
    ALREADY_LOADED
}
