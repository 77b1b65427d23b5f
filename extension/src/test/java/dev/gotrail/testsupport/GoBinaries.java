package dev.gotrail.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Real Go binaries for the build-information tests, built once per JVM by the real toolchains
 * (Debian's go 1.19/1.21/1.22/1.23) without network: {@code GOTOOLCHAIN=local}, a private
 * {@code GOCACHE} (in {@code extension/target/}) and {@code GOPATH} (temporary), {@code GOPROXY=file://…} serving one module from a directory the
 * helper writes (so binaries record a dependency with a version and an {@code h1:} sum),
 * {@code GOSUMDB=off}, {@code GOFLAGS=-mod=mod}. The program lives in a git repository (VCS
 * stamping) and replaces a second module with a local directory ({@code =>}).
 *
 * <p>The matrix, per Go version: CGO off, {@code -trimpath}, {@code -buildmode=pie} with CGO on,
 * {@code -ldflags=-s -w}, a VCS-clean and a modified work tree; with Go 1.19 and 1.23 also a CGO
 * build, {@code -buildmode=c-shared} and {@code plugin}; cross builds for arm64, 386, arm, ppc64 and s390x (big-endian), darwin and windows with
 * Go 1.23 (and 386 and s390x with Go 1.19, the oldest linker here).
 */
public final class GoBinaries {

    /** One binary: a short name such as {@code 1.23/trimpath}, the file, and what built it. */
    public record Binary(String name, Path file, String goMinor, List<String> buildArgs, Map<String, String> env) { }

    private static final List<Job> JOBS = jobs();
    private static final Map<String, Binary> BUILT = new LinkedHashMap<>();
    private static Path root;
    private static String revision;
    private static Map<String, String> base;

    private GoBinaries() {
    }

    /** The whole matrix, built on first use (minutes with a cold build cache; later calls return at once). */
    public static synchronized List<Binary> all() {
        try {
            prepare();
            List<Job> missing = JOBS.stream().filter(j -> !BUILT.containsKey(j.name)).toList();
            buildAll(missing).forEach(b -> BUILT.put(b.name(), b));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("building the Go binary matrix failed: " + e, e);
        }
        return JOBS.stream().map(j -> BUILT.get(j.name)).toList();
    }

    /** One binary of the matrix by name, e.g. {@code byName("1.23/release")}; builds only that one when needed. */
    public static synchronized Binary byName(String name) {
        Job job = JOBS.stream().filter(j -> j.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no binary " + name + " in " + JOBS.stream().map(Job::name).toList()));
        try {
            prepare();
            if (!BUILT.containsKey(name)) {
                BUILT.put(name, run(job, base));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("building " + name + " failed: " + e, e);
        }
        return BUILT.get(name);
    }

    /** The commit the VCS-stamped binaries were built from ({@code git rev-parse HEAD}). */
    public static synchronized String revision() {
        prepareUnchecked();
        return revision;
    }

    /** The directory holding the sources and binaries. */
    public static synchronized Path root() {
        prepareUnchecked();
        return root;
    }

    private record Job(String name, String goMinor, String src, List<String> args, Map<String, String> env, String output) { }

    private static void prepareUnchecked() {
        try {
            prepare();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("preparing the Go sources failed: " + e, e);
        }
    }

    /** Writes the module proxy and the sources, commits them, and copies a modified work tree. */
    private static void prepare() throws IOException, InterruptedException {
        if (root != null) {
            return;
        }
        Path dir = Files.createTempDirectory("gotrail-go-binaries");
        root = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Path proxy = writeProxy(root.resolve("proxy"));
        writeSources(root);
        Path clean = root.resolve("clean");
        Path modified = root.resolve("modified");
        base = environment(proxy);
        // go.sum is written before the commit so that builds leave the work tree clean.
        go(new Job("tidy", "1.19", "clean", List.of(), Map.of(), ""), base, "mod", "tidy");
        git(clean, "init", "-q");
        git(clean, "add", ".");
        git(clean, "-c", "user.name=gotrail", "-c", "user.email=gotrail@example.invalid", "commit", "-q", "-m", "release");
        revision = git(clean, "rev-parse", "HEAD").strip();
        copyTree(clean, modified);
        Files.writeString(modified.resolve("main.go"), "\n// uncommitted change\n", java.nio.file.StandardOpenOption.APPEND);
    }

    private static List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (String v : RealTools.GO_VERSIONS) {
            Map<String, String> cgo0 = Map.of("CGO_ENABLED", "0");
            Map<String, String> cgo1 = Map.of("CGO_ENABLED", "1");
            jobs.add(new Job(v + "/cgo0", v, "clean", List.of(), cgo0, "app"));
            jobs.add(new Job(v + "/release", v, "clean", List.of("-trimpath"), cgo0, "app"));
            jobs.add(new Job(v + "/modified", v, "modified", List.of(), cgo0, "app"));
            jobs.add(new Job(v + "/stripped", v, "clean", List.of("-ldflags=-s -w"), cgo0, "app"));
            jobs.add(new Job(v + "/pie", v, "clean", List.of("-buildmode=pie"), cgo1, "app"));
            // Each build mode compiles the standard library anew: c-shared, plugin and a plain CGO
            // build with the oldest and the newest Go only, to keep the matrix within minutes.
            if (v.equals("1.19") || v.equals("1.23")) {
                jobs.add(new Job(v + "/cgo1", v, "clean", List.of(), cgo1, "app"));
                jobs.add(new Job(v + "/c-shared", v, "clean", List.of("-buildmode=c-shared"), cgo1, "libapp.so"));
                jobs.add(new Job(v + "/plugin", v, "clean", List.of("-buildmode=plugin"), cgo1, "app.so"));
            }
        }
        for (String arch : List.of("arm64", "386", "arm", "ppc64", "s390x")) {
            jobs.add(new Job("1.23/linux-" + arch, "1.23", "clean", List.of(), Map.of("CGO_ENABLED", "0", "GOARCH", arch), "app"));
        }
        for (String arch : List.of("386", "s390x")) {
            jobs.add(new Job("1.19/linux-" + arch, "1.19", "clean", List.of(), Map.of("CGO_ENABLED", "0", "GOARCH", arch), "app"));
        }
        jobs.add(new Job("1.23/darwin-amd64", "1.23", "clean", List.of(), Map.of("CGO_ENABLED", "0", "GOOS", "darwin", "GOARCH", "amd64"), "app"));
        jobs.add(new Job("1.23/darwin-arm64", "1.23", "clean", List.of("-trimpath"), Map.of("CGO_ENABLED", "0", "GOOS", "darwin", "GOARCH", "arm64"), "app"));
        jobs.add(new Job("1.23/windows-amd64", "1.23", "clean", List.of(), Map.of("CGO_ENABLED", "0", "GOOS", "windows", "GOARCH", "amd64"), "app.exe"));
        jobs.add(new Job("1.23/windows-386", "1.23", "clean", List.of("-ldflags=-s -w"), Map.of("CGO_ENABLED", "0", "GOOS", "windows", "GOARCH", "386"), "app.exe"));

        return List.copyOf(jobs);
    }

    private static List<Binary> buildAll(List<Job> jobs) throws InterruptedException {
        // Two builds at a time: the machine has two cores and go build is parallel inside.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Binary>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> run(job, base)));
            }
            List<Binary> out = new ArrayList<>();
            for (Future<Binary> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
            return List.copyOf(out);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> environment(Path proxy) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        base.put("HOME", root.toString());
        base.put("GOTOOLCHAIN", "local");
        // The build cache persists in extension/target/ (never the user's cache), shared by the
        // extension's and the cli's tests: reruns take seconds.
        base.put("GOCACHE", cacheDir().toString());
        base.put("GOPATH", root.resolve("gopath").toString());
        base.put("GOPROXY", proxy.toUri().toString());
        base.put("GOSUMDB", "off");
        base.put("GOFLAGS", "-mod=mod");
        base.put("GO111MODULE", "on");
        base.put("GIT_CONFIG_NOSYSTEM", "1");
        return base;
    }

    private static Path cacheDir() {
        Path here = Path.of("").toAbsolutePath();
        Path extension = Files.isDirectory(here.resolveSibling("extension")) ? here.resolveSibling("extension") : here;
        return extension.resolve("target").resolve("gotrail-gocache");
    }

    private static Binary run(Job job, Map<String, String> base) throws IOException, InterruptedException {
        Path output = root.resolve("bin").resolve(job.name.replace('/', '_')).resolve(job.output);
        List<String> args = new ArrayList<>(List.of("build", "-o", output.toString()));
        args.addAll(job.args);
        args.add(".");
        go(job, base, args.toArray(String[]::new));
        return new Binary(job.name, output, job.goMinor, job.args, job.env);
    }

    private static void go(Job job, Map<String, String> base, String... args) throws IOException, InterruptedException {
        Path go = RealTools.go(job.goMinor);
        Path outDir = root.resolve("bin").resolve(job.name.replace('/', '_'));
        Files.createDirectories(outDir);
        List<String> cmd = new ArrayList<>(List.of(go.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.resolve(job.src).toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(base);
        pb.environment().putAll(job.env);
        pb.redirectOutput(outDir.resolve("build.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("go for " + job.name + " did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            fail("go for " + job.name + " failed (" + cmd + ", env " + job.env + "):\n" + Files.readString(outDir.resolve("build.log")));
        }
    }

    private static void writeSources(Path root) throws IOException {
        Path app = Files.createDirectories(root.resolve("clean"));
        Files.writeString(app.resolve("go.mod"), """
                module example.com/app

                go 1.19

                require (
                \texample.com/greet v1.0.0
                \texample.com/lib v0.0.0
                )

                replace example.com/lib => ../lib
                """);
        Files.writeString(app.resolve("main.go"), """
                package main

                import "C"

                import (
                \t"example.com/greet"
                \t"example.com/lib"
                )

                func main() {
                \tprintln(greet.Hello(), lib.Name())
                }
                """);
        Files.writeString(app.resolve("nocgo.go"), "//go:build !cgo\n\npackage main\n");
        // "import C" needs cgo: without it the file must not be compiled.
        Files.writeString(app.resolve("main.go"), "//go:build cgo\n\n" + Files.readString(app.resolve("main.go")));
        Files.writeString(app.resolve("main_nocgo.go"), """
                //go:build !cgo

                package main

                import (
                \t"example.com/greet"
                \t"example.com/lib"
                )

                func main() {
                \tprintln(greet.Hello(), lib.Name())
                }
                """);
        Files.delete(app.resolve("nocgo.go"));
        Path lib = Files.createDirectories(root.resolve("lib"));
        Files.writeString(lib.resolve("go.mod"), "module example.com/lib\n\ngo 1.19\n");
        Files.writeString(lib.resolve("lib.go"), "package lib\n\nfunc Name() string { return \"lib\" }\n");
    }

    /** A GOPROXY directory (the module proxy protocol over file://) serving example.com/greet v1.0.0. */
    private static Path writeProxy(Path proxy) throws IOException {
        Path v = Files.createDirectories(proxy.resolve("example.com/greet/@v"));
        String mod = "module example.com/greet\n\ngo 1.19\n";
        Files.writeString(v.resolve("list"), "v1.0.0\n");
        Files.writeString(v.resolve("v1.0.0.info"), "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}\n");
        Files.writeString(v.resolve("v1.0.0.mod"), mod);
        try (OutputStream os = Files.newOutputStream(v.resolve("v1.0.0.zip")); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("example.com/greet@v1.0.0/go.mod"));
            zip.write(mod.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("example.com/greet@v1.0.0/greet.go"));
            zip.write("package greet\n\nfunc Hello() string { return \"hello\" }\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return proxy;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z");
        pb.environment().put("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("git " + String.join(" ", args) + " failed in " + dir + ":\n" + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit: a temporary directory left behind is harmless
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
