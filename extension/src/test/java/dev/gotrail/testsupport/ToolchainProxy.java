package dev.gotrail.testsupport;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An offline module proxy (a {@code file://} GOPROXY directory) serving the one toolchain module a
 * GOTOOLCHAIN switch downloads, {@code golang.org/toolchain} {@code v0.0.1-go1.23.5.linux-amd64},
 * made from Debian's real go 1.23 tree — as cmd/go's own tests serve {@code golang.org/toolchain}
 * from {@code testdata/mod}. Layout of a proxy ({@code cmd/go/internal/modfetch/proxy.go}):
 * {@code golang.org/toolchain/@v/list}, {@code .info}, {@code .mod}, {@code .zip}; the zip holds
 * {@code golang.org/toolchain@VERSION/} + the GOROOT's files (no directory entries: a module zip
 * rejects them), {@code src/go.mod} renamed {@code src/_go.mod} as in the real distribution zips
 * (cmd/go's toolchain.Exec renames it back). To stay small the tree is the smallest one go accepts
 * for {@code go env} and for building a main package without imports: bin/go and bin/gofmt (Exec
 * stats both), VERSION, go.env, the compiler, assembler, linker, cgo, buildid and vet, pkg/include
 * and the sources of the packages {@code runtime} depends on. Built once per machine under
 * {@code java.io.tmpdir}; no network is ever involved. A lab uses it with {@link GoLab#toolchainProxy()}.
 */
public final class ToolchainProxy {

    /** The toolchain it serves. */
    public static final String TOOLCHAIN = "go1.23.5";
    /** Its module version, as cmd/go names it: {@code v0.0.1-<toolchain>.<goos>-<goarch>}. */
    public static final String VERSION = "v0.0.1-" + TOOLCHAIN + ".linux-amd64";

    private static final List<String> TOOLS = List.of("compile", "asm", "link", "cgo", "buildid", "vet");
    private static Path built;

    private ToolchainProxy() {
    }

    /** The proxy directory (for {@code GOPROXY=file://DIR}), built on first use. */
    public static synchronized Path directory() {
        if (built != null) {
            return built;
        }
        Path goroot = RealTools.goroot("1.23");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gotrail-toolchain-proxy-" + VERSION);
        Path zip = dir.resolve("golang.org/toolchain/@v/" + VERSION + ".zip");
        try {
            if (!Files.isRegularFile(zip)) {
                Path at = Files.createDirectories(zip.getParent());
                Files.writeString(at.resolve("list"), VERSION + "\n");
                Files.writeString(at.resolve(VERSION + ".info"), "{\"Version\":\"" + VERSION + "\"}\n");
                Files.writeString(at.resolve(VERSION + ".mod"), "module golang.org/toolchain\n");
                Path partial = Files.createTempFile(at, "zip", ".partial");
                writeZip(goroot, partial);
                Files.move(partial, zip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the offline toolchain proxy in " + dir, e);
        }
        built = dir;
        return dir;
    }

    private static void writeZip(Path goroot, Path zip) throws IOException {
        String prefix = "golang.org/toolchain@" + VERSION + "/";
        TreeSet<String> files = new TreeSet<>(List.of("VERSION", "go.env", "bin/go", "bin/gofmt"));
        TOOLS.forEach(t -> files.add("pkg/tool/linux_amd64/" + t));
        try (Stream<Path> include = Files.list(goroot.resolve("pkg/include"))) {
            include.forEach(p -> files.add("pkg/include/" + p.getFileName()));
        }
        Path src = goroot.resolve("src");
        for (String pkgDir : runtimeDependencies(goroot)) {
            Path d = src.resolve(pkgDir);
            try (Stream<Path> in = Files.list(d)) {
                in.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith("_test.go"))
                        .forEach(p -> files.add("src/" + pkgDir + "/" + p.getFileName()));
            }
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_SPEED);
            for (String f : files) {
                z.putNextEntry(new ZipEntry(prefix + f));
                Files.copy(goroot.resolve(f), z);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry(prefix + "src/_go.mod"));
            Files.copy(src.resolve("go.mod"), z);
            z.closeEntry();
        }
    }

    /** {@code go list -deps runtime}: the directories (relative to src) a main package without imports needs. */
    private static List<String> runtimeDependencies(Path goroot) throws IOException {
        Path scratch = Files.createTempDirectory("gotrail-proxy-list");
        Path go = goroot.resolve("bin/go");
        CommandResult r = CommandRunner.run(CommandSpec.of(go.toString(), "list", "-deps", "-f", "{{.ImportPath}}", "runtime")
                .withDir(scratch)
                .withExactEnvironment(Map.of("HOME", scratch.toString(), "PATH", GoLab.SYSTEM_PATH, "GOTOOLCHAIN", "local",
                        "GOWORK", "off", "GOFLAGS", "", "GOCACHE", scratch.resolve("cache").toString()))
                .withTimeout(Duration.ofMinutes(2)));
        if (!r.succeeded()) {
            throw new IllegalStateException("go list -deps runtime failed: " + r.describe() + "\n" + r.stderr());
        }
        List<String> dirs = new ArrayList<>(r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        return dirs;
    }
}
