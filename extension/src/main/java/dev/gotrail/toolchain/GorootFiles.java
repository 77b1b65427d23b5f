package dev.gotrail.toolchain;

import java.util.List;
import java.nio.file.Path;
import java.util.Optional;

/**
 * cmd/go's file rules for a Go tree and the go/env file, for callers that find toolchains without
 * running them (the image package reads them inside an image root): the same rules discovery uses
 * on this machine, in one place.
 */
public final class GorootFiles {

    private GorootFiles() {
    }

    /** True when cmd/go would accept {@code dir} as a GOROOT (findGOROOT: it holds {@code pkg/tool}). */
    public static boolean looksLikeGoroot(Path dir) {
        return GorootLayout.looksLikeGoroot(dir);
    }

    /** The first line of {@code goroot/VERSION} (e.g. {@code go1.23.5}); empty for a source checkout or gccgo. */
    public static Optional<String> versionFile(Path goroot) {
        return Optional.ofNullable(GorootLayout.readVersionFile(goroot));
    }

    /**
     * The value of {@code key} in the lines of a go/env file as cmd/go reads them ({@code KEY=VALUE},
     * {@code #} comments, the last line wins); empty when unset or empty.
     */
    public static Optional<String> envFileValue(List<String> lines, String key) {
        return Optional.ofNullable(ConfigFile.value(lines, key));
    }
}
