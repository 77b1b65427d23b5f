package dev.gotrail.toolchain;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a GOROOT directory holds on disk: VERSION, src/runtime (or a dangling src link), pkg/tool. */
record GorootLayout(Path root, String versionFile, boolean hasSrcRuntime, boolean srcDangling, Path srcLinkTarget,
        boolean hasPkgTool, Path pkgToolDir) {

    static GorootLayout inspect(Path root, String goos, String goarch) {
        Path src = root.resolve("src");
        boolean isLink = Files.isSymbolicLink(src);
        Path target = null;
        if (isLink) {
            try {
                target = Files.readSymbolicLink(src);
            } catch (IOException e) {
                target = null;
            }
        }
        boolean dangling = isLink && !Files.exists(src);
        Path toolDir = root.resolve("pkg").resolve("tool").resolve(goos + "_" + goarch);
        return new GorootLayout(root, readVersionFile(root), Files.isDirectory(src.resolve("runtime")), dangling, target,
                Files.isDirectory(toolDir), toolDir);
    }

    /** True when cmd/go would accept {@code dir} as a GOROOT: it holds a {@code pkg/tool} directory. */
    static boolean looksLikeGoroot(Path dir) {
        return dir != null && Files.isDirectory(dir.resolve("pkg").resolve("tool"));
    }

    /** First line of {@code root/VERSION}, or null when there is none (a source checkout, gccgo). */
    static String readVersionFile(Path root) {
        Path file = root.resolve("VERSION");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            return line == null || line.isBlank() ? null : line.strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
