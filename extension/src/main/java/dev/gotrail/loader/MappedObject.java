package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One object of the link map being built (glibc's {@code struct link_map}): what it is, where it
 * came from, and the names it answers to ({@code l_libname}, which grows as later requests match
 * it by SONAME). Its RPATH and RUNPATH search lists are expanded once, on first use, like
 * {@code cache_rpath}.
 */
final class MappedObject {

    /** The three kinds of object the loader distinguishes. */
    enum Kind { MAIN, INTERPRETER, LIBRARY }

    final Kind kind;
    /** The path as the loader spells it. */
    final String path;
    /** The path with symlinks resolved inside the root; null when it cannot be resolved. */
    final String realPath;
    final ElfFile elf;
    /** (device, inode) of the file, glibc's {@code r_file_id}; null for the executable. */
    final Object fileKey;
    /** {@code l_loader}: the object whose request loaded this one (RPATH inheritance walks it); null for main and ld.so. */
    final MappedObject loader;
    /** The object whose request first loaded it (the interpreter counts as the executable's). */
    final MappedObject neededBy;
    final String requestedAs;
    final LoadReason reason;
    /** The directory $ORIGIN expands to. */
    final String origin;
    private final Set<String> names = new LinkedHashSet<>();
    private List<String> rpathDirs;
    private List<String> runpathDirs;

    MappedObject(Kind kind, String path, String realPath, ElfFile elf, Object fileKey, MappedObject loader,
            MappedObject neededBy, String requestedAs, LoadReason reason, String origin) {
        this.kind = kind;
        this.path = path;
        this.realPath = realPath;
        this.elf = elf;
        this.fileKey = fileKey;
        this.loader = loader;
        this.neededBy = neededBy;
        this.requestedAs = requestedAs;
        this.reason = reason;
        this.origin = origin;
    }

    boolean isMain() {
        return kind == Kind.MAIN;
    }

    boolean isInterpreter() {
        return kind == Kind.INTERPRETER;
    }

    void addName(String name) {
        names.add(name);
    }

    /** {@code _dl_name_match_p}: one of its names. */
    boolean hasName(String name) {
        return names.contains(name);
    }

    /** {@link #hasName} or its DT_SONAME. */
    boolean answersTo(String name) {
        return names.contains(name) || elf.soname().map(name::equals).orElse(false);
    }

    /** DT_RPATH expanded (empty when DT_RUNPATH is present: glibc then ignores DT_RPATH). */
    List<String> rpathDirs(Function<MappedObject, List<String>> expand) {
        if (rpathDirs == null) {
            rpathDirs = elf.runpath().isPresent() || elf.rpath().isEmpty() ? List.of() : expand.apply(this);
        }
        return rpathDirs;
    }

    /** DT_RUNPATH expanded. */
    List<String> runpathDirs(Function<MappedObject, List<String>> expand) {
        if (runpathDirs == null) {
            runpathDirs = elf.runpath().isEmpty() ? List.of() : expand.apply(this);
        }
        return runpathDirs;
    }

    @Override
    public String toString() {
        return kind + " " + path;
    }
}
