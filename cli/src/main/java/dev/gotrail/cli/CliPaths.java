package dev.gotrail.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a path on the command line cannot serve, in the same words for every command (docs/cli.md,
 * the exit-2 table): a missing path is "no such file"/"no such directory", a directory given for a
 * file "is a directory", a file given for a directory "is not a directory".
 */
final class CliPaths {

    private CliPaths() {
    }

    /** Why {@code file} cannot be read as a file, or empty when it can. */
    static Optional<String> fileProblem(Path file) {
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.of(Files.isReadable(file) ? "is not a regular file" : "cannot be read (permission denied)");
        }
        return Optional.empty();
    }

    /** Why {@code dir} is no directory, or empty when it is one. */
    static Optional<String> directoryProblem(Path dir) {
        if (!Files.exists(dir)) {
            return Optional.of("no such directory");
        }
        return Files.isDirectory(dir) ? Optional.empty() : Optional.of("is not a directory");
    }
}
