package dev.gotrail.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the real tools the suite runs (Debian's go 1.19/1.21/1.22/1.23 under /usr/lib/go-X.Y,
 * strace, gcc, patchelf). A missing tool aborts the test, except with {@code -Dgotrail.strict=true}
 * (CI), where it fails: in CI nothing may skip silently. {@code bash .ci/install-tools} installs them.
 */
public final class RealTools {

    public static final List<String> GO_VERSIONS = List.of("1.19", "1.21", "1.22", "1.23");

    private RealTools() {
    }

    public static boolean strict() {
        return Boolean.getBoolean("gotrail.strict");
    }

    /** The go binary of Debian's golang-X.Y-go package, e.g. {@code go("1.21")} → /usr/lib/go-1.21/bin/go. */
    public static Path go(String minorVersion) {
        return require(Path.of("/usr/lib/go-" + minorVersion + "/bin/go"), "golang-" + minorVersion + "-go");
    }

    /** The GOROOT of Debian's golang-X.Y-go package. */
    public static Path goroot(String minorVersion) {
        return go(minorVersion).getParent().getParent();
    }

    public static Path strace() {
        return onPath("strace", "strace");
    }

    public static Path gcc() {
        return onPath("gcc", "gcc");
    }

    public static Path patchelf() {
        return onPath("patchelf", "patchelf");
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
        return missing("no shared/trace-corpus above " + Path.of("").toAbsolutePath()
                + " (the third-party trace corpus lives next to the repository, never inside it)", null);
    }

    public static Path onPath(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return missing(program + " is not on PATH", debianPackage);
    }

    private static Path require(Path path, String debianPackage) {
        return Files.isExecutable(path) ? path : missing(path + " does not exist", debianPackage);
    }

    private static Path missing(String what, String debianPackage) {
        String message = debianPackage == null ? what
                : what + "; install it with: apt-get install " + debianPackage + " (or run bash .ci/install-tools)";
        if (strict()) {
            fail("gotrail.strict=true: " + message);
        }
        abort(message);
        throw new AssertionError("unreachable");
    }
}
