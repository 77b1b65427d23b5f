package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A go binary found at a well-known install location ({@code /usr/lib/go-*}, {@code /usr/local/go},
 * {@code ~/sdk/go*}, the module cache's {@code golang.org/toolchain@*}), with the version its
 * GOROOT's {@code VERSION} file names (read, never executed) and whether PATH reaches it.
 *
 * @param binary     the go binary, e.g. {@code /usr/lib/go-1.23/bin/go}
 * @param realBinary {@code binary} with symlinks resolved
 * @param version    first line of {@code ../../VERSION}, or null when there is none
 * @param onPath     true when some PATH entry resolves to the same real binary
 */
public record InstalledGo(Path binary, Path realBinary, String version, boolean onPath) {

    public InstalledGo {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(realBinary, "realBinary");
    }

    public Optional<GoVersion> parsedVersion() {
        return GoVersion.tryParse(version);
    }

    @Override
    public String toString() {
        return binary + (version == null ? "" : " (" + version + ")") + (onPath ? "" : " [not on PATH]");
    }
}
