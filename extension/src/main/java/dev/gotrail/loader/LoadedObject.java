package dev.gotrail.loader;

/**
 * One object in a {@link LinkMap}: the executable, the interpreter or a shared library.
 *
 * @param soname      DT_SONAME, or the name it was requested as when it has none
 * @param path        the path as the loader spells it (the ld.so.cache entry, the expanded RPATH element + name)
 * @param requestedAs the DT_NEEDED (or LD_PRELOAD) name that first loaded it
 * @param neededBy    path of the object whose DT_NEEDED loaded it first; null for the executable
 * @param reason      where the loader found it
 * @param realPath    the path with every symlink resolved (inside the root)
 */
public record LoadedObject(String soname, String path, String requestedAs, String neededBy, LoadReason reason, String realPath) {
}
