package dev.gotrail.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the suite looks for its tools: a PATH value (colon-separated directories, as execvp(3)
 * searches them) and the filesystem root under which absolute locations such as
 * {@code /usr/lib/go-1.21/bin/go} are resolved. {@link #system()} is this machine (its PATH and
 * {@code /}); tests of the detection itself build one over an empty directory to see every tool
 * missing, whatever this machine has installed.
 *
 * @param path the PATH value searched for programs; empty means no directory at all
 * @param root the directory that stands for {@code /}
 */
public record ToolLookup(String path, Path root) {

    /** Configuration parameter that replaces PATH for {@link NeedsTools} (tests of the detection only). */
    public static final String PATH_PARAMETER = "gotrail.test.tools.path";
    /** Configuration parameter that replaces {@code /} for {@link NeedsTools} (tests of the detection only). */
    public static final String ROOT_PARAMETER = "gotrail.test.tools.root";

    public ToolLookup {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(root, "root");
    }

    /** This machine: the JVM's PATH and the real root directory. */
    public static ToolLookup system() {
        return new ToolLookup(System.getenv().getOrDefault("PATH", ""), Path.of("/"));
    }

    /** The first executable named {@code program} in a PATH directory (relative directories are skipped). */
    public Optional<Path> onPath(String program) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            Path candidate = at(dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The absolute location {@code absolute} (e.g. {@code /usr/lib/go-1.21/bin/go}) under {@link #root()}. */
    public Path at(String absolute) {
        if (!absolute.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolute);
        }
        return root.resolve(absolute.substring(1));
    }

    /** {@link #at} if it is an executable regular file (symbolic links followed). */
    public Optional<Path> executable(String absolute) {
        Path p = at(absolute);
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** {@link #at} if it exists (symbolic links followed). */
    public Optional<Path> existing(String absolute) {
        Path p = at(absolute);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
}
