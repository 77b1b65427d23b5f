package dev.gotrail.loader;

/**
 * One candidate path the loader tried ({@code trying file=} of {@code LD_DEBUG=libs}) and the
 * search list it came from.
 *
 * @param path   the candidate as the loader spells it
 * @param source the list: RPATH, LD_LIBRARY_PATH, RUNPATH, the cache, the default directories, or DIRECT
 */
record SearchStep(String path, LoadReason source) {
}
