package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code which -a} over an explicit environment's PATH, plus symlink resolution that never throws. */
final class PathLookup {

    private PathLookup() {
    }

    /** The PATH directories in order; an empty element means the working directory, as in a shell. */
    static List<Path> pathDirectories(Map<String, String> env, Path workDir) {
        String path = env.getOrDefault("PATH", "");
        List<Path> dirs = new ArrayList<>();
        if (path.isEmpty()) {
            return dirs;
        }
        for (String element : path.split(":", -1)) {
            dirs.add(element.isEmpty() ? workDir : workDir.resolve(element).normalize());
        }
        return dirs;
    }

    /**
     * Every executable regular file called {@code program} on PATH, in PATH order, each once;
     * gotrail's own PATH shim ({@link PathShims}) is looked through, as it looks through itself.
     */
    static List<Path> all(String program, Map<String, String> env, Path workDir) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path dir : pathDirectories(env, workDir)) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && !PathShims.isPathShim(candidate)) {
                found.add(candidate);
            }
        }
        return List.copyOf(found);
    }

    static Optional<Path> first(String program, Map<String, String> env, Path workDir) {
        return all(program, env, workDir).stream().findFirst();
    }

    /** The real path, or the normalised absolute path when it cannot be resolved (dangling link). */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static boolean sameFile(Path a, Path b) {
        return a != null && b != null && real(a).equals(real(b));
    }
}
