package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Go installs at the places installers put them, whether or not PATH reaches them, so the doctor
 * can say "go 1.23 is installed at /usr/lib/go-1.23 but not on PATH". Only directories are listed
 * and VERSION files read; nothing is executed.
 */
final class KnownInstalls {

    private KnownInstalls() {
    }

    /** The locations looked at, spelled as globs for messages. */
    static List<String> locations(Map<String, String> env) {
        List<String> locations = new ArrayList<>(List.of("/usr/lib/go-*/bin/go", "/usr/lib/go/bin/go", "/usr/local/go/bin/go"));
        String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            locations.add(home + "/sdk/go*/bin/go");
            locations.add(home + "/go/bin/go*");
        }
        moduleCache(env).ifPresent(mc -> locations.add(mc + "/golang.org/toolchain@*/bin/go"));
        return locations;
    }

    /** Every go binary found at those locations; {@code onPath} marks those PATH reaches. */
    static List<InstalledGo> find(Map<String, String> env, Path workDir) {
        Map<Path, Path> binaries = new LinkedHashMap<>(); // binary -> real binary
        addMatching(binaries, Path.of("/usr/lib"), "go-*", "bin/go");
        addIfExecutable(binaries, Path.of("/usr/lib/go/bin/go"));
        addIfExecutable(binaries, Path.of("/usr/local/go/bin/go"));
        String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            addMatching(binaries, Path.of(home, "sdk"), "go*", "bin/go");
            // golang.org/dl wrappers (go install golang.org/dl/go1.22.0) live in ~/go/bin as go1.22.0
            addMatching(binaries, Path.of(home, "go", "bin"), "go1*", "");
        }
        moduleCache(env).ifPresent(mc -> addMatching(binaries, mc.resolve("golang.org"), "toolchain@*", "bin/go"));
        Set<Path> onPath = PathLookup.all("go", env, workDir).stream().map(PathLookup::real).collect(Collectors.toSet());
        List<InstalledGo> result = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        binaries.forEach((binary, real) -> {
            if (seen.add(real)) { // /usr/lib/go -> go-1.19 is the same install as /usr/lib/go-1.19
                result.add(new InstalledGo(binary, real, versionFileOf(real), onPath.contains(real)));
            }
        });
        return result;
    }

    private static Optional<Path> moduleCache(Map<String, String> env) {
        String modCache = env.get("GOMODCACHE");
        if (modCache != null && !modCache.isEmpty()) {
            return Optional.of(Path.of(modCache));
        }
        String gopath = env.get("GOPATH");
        if (gopath != null && !gopath.isEmpty()) {
            return Optional.of(Path.of(gopath.split(":")[0], "pkg", "mod"));
        }
        String home = env.get("HOME");
        return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, "go", "pkg", "mod"));
    }

    private static void addMatching(Map<Path, Path> into, Path dir, String glob, String below) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(matches::add);
        } catch (IOException | RuntimeException e) {
            return; // unreadable directory: nothing to report from it
        }
        matches.sort(null);
        for (Path match : matches) {
            addIfExecutable(into, below.isEmpty() ? match : match.resolve(below));
        }
    }

    private static void addIfExecutable(Map<Path, Path> into, Path binary) {
        if (Files.isRegularFile(binary) && Files.isExecutable(binary)) {
            into.putIfAbsent(binary, PathLookup.real(binary));
        }
    }

    /** First line of the VERSION file of the GOROOT holding {@code realBinary} (GOROOT/bin/go), or null. */
    static String versionFileOf(Path realBinary) {
        Path bin = realBinary.getParent();
        if (bin == null || bin.getParent() == null) {
            return null;
        }
        return GorootLayout.readVersionFile(bin.getParent());
    }
}
