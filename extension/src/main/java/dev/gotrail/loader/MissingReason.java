package dev.gotrail.loader;

/**
 * Why a requested object is missing from a {@link LinkMap} ({@link MissingLibrary#reason()}); the
 * JSON key {@code reason} of each {@code missing} entry.
 */
public enum MissingReason {
    /** No candidate exists in any directory searched ({@code ENOENT} everywhere). */
    NOT_FOUND,
    /** glibc: only candidates of another ELF class or machine were found, and skipped. */
    OTHER_CLASS_ONLY,
    /**
     * musl: the first file found could not be mapped (a directory, not ELF, another class or
     * machine); musl does not search further and reports the error ({@code load_library} takes the
     * first file that opens).
     */
    CANNOT_LOAD,
    /**
     * The program interpreter (PT_INTERP) does not exist in the root: the kernel's {@code execve}
     * fails with {@code ENOENT}, so a shell reports the program itself as {@code not found}
     * although the file is there.
     */
    INTERPRETER_MISSING,
    /**
     * {@link #INTERPRETER_MISSING} for a glibc program in a root that has musl's loader and no
     * glibc (an Alpine image): the shell says {@code not found}. The fix: build the program static
     * ({@code CGO_ENABLED=0 go build}) or use a glibc base image.
     */
    GLIBC_PROGRAM_IN_MUSL_ROOT,
    /**
     * {@link #INTERPRETER_MISSING} for a musl program in a root that has glibc's loader and no
     * musl: the shell says {@code not found}. The fix: build the program static or use a musl
     * (Alpine) base image.
     */
    MUSL_PROGRAM_IN_GLIBC_ROOT
}
