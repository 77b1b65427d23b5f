package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the installed go binary that a copied (trimmed) go binary was copied from, by content. */
final class TrimmedBinaries {

    private TrimmedBinaries() {
    }

    static Path originalOf(Path copy, Map<String, String> env) {
        Path real = PathLookup.real(copy);
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            return null;
        }
        for (InstalledGo install : KnownInstalls.find(env, real.getParent() == null ? Path.of("/") : real.getParent())) {
            Path candidate = install.realBinary();
            try {
                if (!candidate.equals(real) && Files.size(candidate) == size && Files.mismatch(candidate, real) == -1) {
                    return install.binary();
                }
            } catch (IOException e) {
                // unreadable candidate: not the original as far as we can tell
            }
        }
        return null;
    }
}
