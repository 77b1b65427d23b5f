package dev.gotrail.loader;

/**
 * One DT_NEEDED (or LD_PRELOAD) request and what satisfied it: every edge of the dependency graph,
 * including those answered by an object that was already loaded ({@link LoadReason#ALREADY_LOADED}).
 *
 * @param neededBy path of the requesting object ("LD_PRELOAD"/"/etc/ld.so.preload" requests count as the executable's)
 * @param name     the requested name
 * @param path     the object that satisfied it; null when it is missing
 * @param reason   how: the search rule that found a new object, or ALREADY_LOADED; null when missing
 */
public record Dependency(String neededBy, String name, String path, LoadReason reason) {
}
