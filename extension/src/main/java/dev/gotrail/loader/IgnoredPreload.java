package dev.gotrail.loader;

/**
 * An {@code LD_PRELOAD} or {@code /etc/ld.so.preload} entry the loader cannot load and skips:
 * glibc's {@code do_preload} (elf/rtld.c) prints one line and starts the program as if the entry
 * were not there. This is a warning, never an error: it does not make a link map incomplete.
 *
 * @param name   the entry as written
 * @param source {@code LD_PRELOAD} or {@code /etc/ld.so.preload}
 * @param reason glibc's error string, e.g. {@code cannot open shared object file},
 *               {@code file too short}, {@code cannot read file data}, {@code wrong ELF class: ELFCLASS32},
 *               {@code invalid ELF header}
 */
public record IgnoredPreload(String name, String source, String reason) {

    /** glibc's words without its prefix: {@code object 'X' from LD_PRELOAD cannot be preloaded (REASON): ignored.} */
    public String message() {
        return "object '" + name + "' from " + source + " cannot be preloaded (" + reason + "): ignored.";
    }

    /** The exact line ld.so prints to stderr: {@code ERROR: ld.so: } followed by {@link #message()}. */
    public String glibcLine() {
        return "ERROR: ld.so: " + message();
    }
}
