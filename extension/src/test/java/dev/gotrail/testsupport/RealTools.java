package dev.gotrail.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the real tools the suite runs (Debian's go 1.19/1.21/1.22/1.23 under /usr/lib/go-X.Y,
 * strace, gcc, patchelf, chromium, gccgo; see {@link Tool}). A missing tool aborts the test with a
 * {@link MissingToolAbort} naming the tool and its install command, except with
 * {@code -Dgotrail.strict=true} (CI), where it fails with a {@link MissingToolFailure}: in CI
 * nothing may skip silently. {@link MissingToolsListener} sums the misses up at the end of the run;
 * {@code bash .ci/install-tools} installs every tool.
 */
public final class RealTools {

    public static final List<String> GO_VERSIONS = List.of("1.19", "1.21", "1.22", "1.23");

    private RealTools() {
    }

    /** {@code -Dgotrail.strict=true}: a missing tool fails instead of skipping. */
    public static boolean strict() {
        return Boolean.getBoolean("gotrail.strict");
    }

    /** {@code tool} on this machine; aborts (or, strict, fails) the test when it is missing. */
    public static Path require(Tool tool) {
        return require(tool, ToolLookup.system(), strict());
    }

    /**
     * {@code tool} as found on {@code where}; when it is missing, throws {@link MissingToolFailure}
     * if {@code strict}, else {@link MissingToolAbort}.
     */
    public static Path require(Tool tool, ToolLookup where, boolean strict) {
        return tool.find(where).orElseThrow(() -> MissingToolSignal.raise(List.of(tool.missing(where)), strict));
    }

    /** The go binary of Debian's golang-X.Y-go package, e.g. {@code go("1.21")} → /usr/lib/go-1.21/bin/go. */
    public static Path go(String minorVersion) {
        return require(Tool.go(minorVersion));
    }

    /** The GOROOT of Debian's golang-X.Y-go package. */
    public static Path goroot(String minorVersion) {
        return go(minorVersion).getParent().getParent();
    }

    public static Path strace() {
        return require(Tool.STRACE);
    }

    public static Path gcc() {
        return require(Tool.GCC);
    }

    public static Path patchelf() {
        return require(Tool.PATCHELF);
    }

    public static Path chromium() {
        return require(Tool.CHROMIUM);
    }

    /** gccgo's go command (/usr/bin/go-12 from Debian's gccgo-12). */
    public static Path gccgoGo() {
        return require(Tool.GCCGO);
    }

    /**
     * {@code ../shared/trace-corpus} next to the repository (third-party traces: read from there,
     * never copied into the repository), found by walking up from the working directory.
     */
    public static Path traceCorpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("trace-corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw MissingToolSignal.raise(List.of(new MissingTool("shared/trace-corpus", "",
                "no shared/trace-corpus above " + Path.of("").toAbsolutePath()
                        + "; the third-party trace corpus lives next to the repository, never inside it")), strict());
    }

    /** Any other program on PATH, with the Debian package that installs it. */
    public static Path onPath(String program, String debianPackage) {
        ToolLookup where = ToolLookup.system();
        return where.onPath(program).orElseThrow(() -> MissingToolSignal.raise(List.of(
                new MissingTool(program, "apt-get install " + debianPackage, program + " is not on PATH")), strict()));
    }
}
