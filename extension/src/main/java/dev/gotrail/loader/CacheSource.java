package dev.gotrail.loader;

/**
 * Where the answers of the ld.so.cache step came from in one resolution.
 */
public enum CacheSource {
    /** The root's {@code /etc/ld.so.cache}, read and looked up like glibc's {@code _dl_load_cache_lookup}. */
    LD_SO_CACHE,
    /**
     * The root has no {@code /etc/ld.so.cache} (or an unreadable one): like glibc, no cache step at all;
     * only RPATH, LD_LIBRARY_PATH, RUNPATH and the trusted default directories are searched, and
     * {@code /etc/ld.so.conf} is never read (the loader reads it only through the cache).
     */
    NONE,
    /**
     * The root has no {@code /etc/ld.so.cache}, and the caller asked ({@link Loader#asIfLdconfig()})
     * for the answer as if {@code ldconfig -r ROOT} had been run: the cache it would write is built in
     * memory and looked up; objects found through it carry {@link LoadReason#AS_IF_LDCONFIG}.
     */
    AS_IF_LDCONFIG,
    /** Nothing needed a cache (a static binary, a file that is not a dynamic ELF). */
    NOT_CONSULTED
}
