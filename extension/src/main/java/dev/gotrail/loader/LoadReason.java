package dev.gotrail.loader;

/**
 * Why the loader found a shared object where it did: glibc's ld.so in the order it searches, then
 * the reasons only musl's loader gives ({@link #LD_MUSL_PATH}, {@link #MUSL_BUILTIN}). A musl
 * link map uses {@link #LD_LIBRARY_PATH}, {@link #RPATH}/{@link #RUNPATH} (which musl treats
 * alike), {@link #LD_MUSL_PATH}, {@link #DEFAULT_DIR}, {@link #DIRECT}, {@link #INTERPRETER} and
 * {@link #ALREADY_LOADED}.
 */
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
    /**
     * The loader's built-in default directories (glibc: e.g. /lib/x86_64-linux-gnu, /usr/lib; musl,
     * when its path file does not exist: /lib, /usr/local/lib, /usr/lib).
     */
    DEFAULT_DIR,
    /** The name contains a slash (or came from LD_PRELOAD) and was opened as a path. */
    DIRECT,
    /** The program interpreter (PT_INTERP), loaded by the kernel. */
    INTERPRETER,
    /**
     * Already loaded under the same name, SONAME or file (musl: the same file name found by a
     * search, or the same device and inode; musl never looks at DT_SONAME).
     */
    ALREADY_LOADED,
    /**
     * musl: a directory of the loader's path file {@code /etc/ld-musl-<arch>.path} (musl's
     * {@code sys_path}, read from the loader's prefix), searched instead of the default directories.
     */
    LD_MUSL_PATH,
    /**
     * musl: a name musl's libc.so provides itself and never searches for — {@code libc.*},
     * {@code libpthread.*}, {@code librt.*}, {@code libm.*}, {@code libdl.*}, {@code libutil.*},
     * {@code libxnet.*} or the interpreter's own path ({@code load_library}'s reserved names): the
     * request is answered by the interpreter.
     */
    MUSL_BUILTIN
}
