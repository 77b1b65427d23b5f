package dev.gotrail.loader;

/**
 * A candidate that stops the loader (not ELF, truncated, wrong byte order, a directory, ...).
 *
 * @param path    the candidate as the loader spells it
 * @param message glibc's reason, e.g. {@code invalid ELF header}
 */
public record LoadError(String path, String message) {
}
