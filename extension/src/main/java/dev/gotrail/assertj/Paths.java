package dev.gotrail.assertj;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Path comparison the way users mean it: by real path when both exist, else by normalised path. */
final class Paths {

    private Paths() {
    }

    static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static boolean samePlace(Path a, Path b) {
        return real(a).equals(real(b));
    }

    /** True when {@code p} is {@code dir} or lies below it (real paths). */
    static boolean isUnder(Path p, Path dir) {
        return real(p).startsWith(real(dir)) || p.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }

    /** " (real path X)" when {@code p} is a symlink or relative, else "". */
    static String realPathNote(Path p) {
        Path r = real(p);
        return r.equals(p) ? "" : " (real path " + r + ")";
    }
}
