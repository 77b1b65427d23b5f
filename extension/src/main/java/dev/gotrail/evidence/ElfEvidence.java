package dev.gotrail.evidence;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.VersionDefinition;
import dev.gotrail.elf.VersionNeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ELF file as evidence: what {@code readelf -h -l -d -V} would tell a reader about how it
 * loads — class and machine, type, interpreter (PT_INTERP), DT_NEEDED, DT_SONAME, DT_RPATH,
 * DT_RUNPATH, DF_1_NODEFLIB, the versions it requires (VERNEED) and defines (VERDEF).
 *
 * @param path  the file as read (a host path)
 * @param lines the facts, one per line, e.g. {@code interpreter: /lib64/ld-linux-x86-64.so.2}
 */
public record ElfEvidence(String path, List<String> lines) {

    public ElfEvidence {
        Objects.requireNonNull(path, "path");
        lines = List.copyOf(lines);
    }

    public static ElfEvidence from(ElfFile elf) {
        List<String> l = new ArrayList<>();
        String kind = elf.isStatic() ? (elf.isStaticPie() ? "static-pie executable" : "statically linked executable")
                : elf.isSharedLibrary() ? "shared library" : elf.isPie() ? "PIE executable" : "executable";
        l.add("type:        ELF" + elf.elfClass() + " " + elf.machine() + " "
                + (elf.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian") + ", " + kind);
        l.add("interpreter: " + elf.interpreter().orElse("(none)"));
        l.add("soname:      " + elf.soname().orElse("(none)"));
        l.add("needed:      " + (elf.needed().isEmpty() ? "(none)" : String.join(", ", elf.needed())));
        l.add("rpath:       " + elf.rpath().orElse("(none)"));
        l.add("runpath:     " + elf.runpath().orElse("(none)"));
        if (elf.noDefaultLib()) {
            l.add("flags:       DF_1_NODEFLIB (the default directories are not searched)");
        }
        for (VersionNeed need : elf.versionNeeds()) {
            List<String> names = need.versions().stream().map(r -> r.name() + (r.weak() ? " (weak)" : "")).toList();
            l.add("requires:    " + need.file() + ": " + String.join(", ", names));
        }
        List<String> defined = elf.versionDefinitions().stream().filter(d -> !d.base()).map(VersionDefinition::name).toList();
        if (!defined.isEmpty()) {
            l.add("defines:     " + String.join(", ", defined));
        }
        return new ElfEvidence(elf.path().toString(), l);
    }
}
