package dev.gotrail.loader;

/**
 * A symbol-version requirement the link map does not satisfy, in glibc's words.
 *
 * @param version    the required version, e.g. {@code GLIBC_2.34}
 * @param file       path of the object that should define it
 * @param requiredBy path of the object that requires it
 * @param weak       a warning only: VER_FLG_WEAK, or {@code file} has no version information at all
 * @param message    glibc's message, e.g. {@code version `GLIBC_2.34' not found (required by X)}
 */
public record VersionProblem(String version, String file, String requiredBy, boolean weak, String message) {
}
