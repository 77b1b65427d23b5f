package dev.gotrail.elf;

import java.util.List;

/**
 * One {@code Elf_Verdef} entry: a version this object defines.
 *
 * @param name    the version name (first Verdaux), e.g. {@code GLIBC_2.34}
 * @param hash    vd_hash as stored
 * @param index   vd_ndx
 * @param base    VER_FLG_BASE: the entry naming the file itself (its SONAME)
 * @param parents the names of further Verdaux entries (the versions this one inherits from)
 */
public record VersionDefinition(String name, long hash, int index, boolean base, List<String> parents) {

    public VersionDefinition {
        parents = List.copyOf(parents);
    }
}
