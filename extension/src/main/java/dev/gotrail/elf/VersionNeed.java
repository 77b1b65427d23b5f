package dev.gotrail.elf;

import java.util.List;

/**
 * One {@code Elf_Verneed} entry: the versions this object requires from the object named
 * {@code file} (a DT_NEEDED name such as {@code libc.so.6}).
 *
 * @param file     the needed file's name as written in the requiring object
 * @param versions the required versions ({@code Vernaux} entries) in file order
 */
public record VersionNeed(String file, List<Requirement> versions) {

    public VersionNeed {
        versions = List.copyOf(versions);
    }

    /**
     * One {@code Elf_Vernaux}: a required version.
     *
     * @param name the version name, e.g. {@code GLIBC_2.34}
     * @param hash the ELF hash of the name as stored (the loader compares it with vd_hash)
     * @param weak VER_FLG_WEAK: a missing version is only a warning
     */
    public record Requirement(String name, long hash, boolean weak) {
    }
}
