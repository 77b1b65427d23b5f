package dev.gotrail.toolchain;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discovers the Go toolchain a {@code go} command really uses, without a tracer: every go on PATH,
 * the real binary, {@code go env -json} with the inherited environment and with
 * {@code GOTOOLCHAIN=local}, the GOROOT's VERSION file, compiler version, {@code src/runtime} and
 * {@code pkg/tool}, and which of cmd/go's GOROOT sources decided. Problems become {@link Finding}s
 * with a fix; no usable toolchain becomes a {@link NoToolchain} naming every source consulted.
 *
 * <p>Results are cached for the life of the JVM per (requested go, binary identity, relevant
 * environment, working directory), so {@code @RequiresGoroot} on a thousand tests runs go once.
 * The cache is thread-safe; concurrent requests for the same key wait for one discovery.
 *
 * <pre>{@code
 * DiscoveryResult r = ToolchainDiscovery.discover(DiscoveryRequest.defaults());
 * if (r instanceof NoToolchain none) { System.err.println(none.message()); }
 * else { GoToolchain go = r.toolchain().orElseThrow(); go.findings().forEach(System.out::println); }
 * }</pre>
 */
public final class ToolchainDiscovery {

    private static final ConcurrentMap<CacheKey, CompletableFuture<DiscoveryResult>> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong LAUNCHES = new AtomicLong();
    private static final AtomicLong RUNS = new AtomicLong();
    private static final ConcurrentMap<Path, AtomicLong> LAUNCHES_BY_BINARY = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Path, AtomicLong> RUNS_BY_BINARY = new ConcurrentHashMap<>();

    private ToolchainDiscovery() {
    }

    /** The first go on PATH of this JVM's environment. */
    public static DiscoveryResult discover() {
        return discover(DiscoveryRequest.defaults());
    }

    /** Cached discovery; see the class comment for what the cache key holds. */
    public static DiscoveryResult discover(DiscoveryRequest request) {
        ToolchainInspector inspector = new ToolchainInspector(request);
        ToolchainInspector.Selection selection = inspector.select();
        if (selection.problem() != null) {
            return selection.problem(); // only file-system lookups so far: cheap, and never stale
        }
        CacheKey key = CacheKey.of(request, selection.binary());
        CompletableFuture<DiscoveryResult> mine = new CompletableFuture<>();
        CompletableFuture<DiscoveryResult> existing = CACHE.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            mine.complete(run(inspector, request, selection.binary()));
        } catch (RuntimeException | Error e) {
            CACHE.remove(key, mine); // a bug, not a result: let the next caller try again
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /** Discovery without the cache (the doctor, which must see the machine as it is now). */
    public static DiscoveryResult discoverUncached(DiscoveryRequest request) {
        ToolchainInspector inspector = new ToolchainInspector(request);
        ToolchainInspector.Selection selection = inspector.select();
        return selection.problem() != null ? selection.problem() : run(inspector, request, selection.binary());
    }

    private static DiscoveryResult run(ToolchainInspector inspector, DiscoveryRequest request, Path binary) {
        Path key = binary.toAbsolutePath().normalize();
        RUNS.incrementAndGet();
        RUNS_BY_BINARY.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        return inspector.inspect(binary, (command, environment) -> {
            CommandSpec spec = CommandSpec.of(command).withExactEnvironment(environment)
                    .withDir(request.workDir())
                    .withTimeout(request.timeout());
            CommandResult result = null;
            for (int attempt = 1; attempt <= TEXT_BUSY_ATTEMPTS; attempt++) {
                LAUNCHES.incrementAndGet();
                LAUNCHES_BY_BINARY.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                result = CommandRunner.run(spec);
                if (result.started() || !String.valueOf(result.startError()).contains("Text file busy")) {
                    break;
                }
                pause(attempt);
            }
            return result;
        });
    }

    /**
     * execve fails with ETXTBSY while any process still holds the binary open for writing; a go
     * binary that was just built or copied (by this JVM, whose concurrent forks inherit the write
     * descriptor for a moment) is briefly in that state. A few short retries ride it out.
     */
    private static final int TEXT_BUSY_ATTEMPTS = 5;

    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every {@code go} on the environment's PATH in order, like {@code which -a go}. */
    public static List<Path> goOnPath(Map<String, String> environment, Path workDir) {
        return PathLookup.all("go", environment, workDir == null ? Path.of("").toAbsolutePath() : workDir);
    }

    /**
     * Go installs at well-known locations ({@code /usr/lib/go-*}, {@code /usr/local/go},
     * {@code ~/sdk/go*}, the module cache's {@code golang.org/toolchain@*}), each marked whether
     * PATH reaches it. Reads VERSION files only; runs nothing.
     */
    public static List<InstalledGo> knownInstalls(Map<String, String> environment) {
        return KnownInstalls.find(environment, Path.of("").toAbsolutePath());
    }

    /** The well-known locations {@link #knownInstalls} looks at, as globs (for "where it looked" messages). */
    public static List<String> knownLocations(Map<String, String> environment) {
        return KnownInstalls.locations(environment);
    }

    /** Processes launched by discovery in this JVM (go env, compile -V), for proving the cache works. */
    public static long processLaunches() {
        return LAUNCHES.get();
    }

    /** Processes launched while discovering {@code goBinary} (as requested, absolute path). */
    public static long processLaunches(Path goBinary) {
        AtomicLong n = LAUNCHES_BY_BINARY.get(goBinary.toAbsolutePath().normalize());
        return n == null ? 0 : n.get();
    }

    /** Uncached discovery runs of {@code goBinary} in this JVM. */
    public static long discoveryRuns(Path goBinary) {
        AtomicLong n = RUNS_BY_BINARY.get(goBinary.toAbsolutePath().normalize());
        return n == null ? 0 : n.get();
    }

    /**
     * What makes two discoveries the same: the binary's identity (path, real path, size, mtime),
     * the environment variables cmd/go reads (PATH, HOME, XDG_CONFIG_HOME, GO*, CGO_*), the go/env
     * file's identity, the deciding go.work/go.mod's identity and the working directory (a go.mod
     * there can switch toolchains).
     */
    private record CacheKey(String requested, Path binary, String binaryStamp, Map<String, String> env,
            String configStamp, Path workDir) {

        static CacheKey of(DiscoveryRequest request, Path binary) {
            Map<String, String> relevant = new TreeMap<>();
            request.environment().forEach((k, v) -> {
                if (k.equals("PATH") || k.equals("HOME") || k.equals("XDG_CONFIG_HOME") || k.startsWith("GO") || k.startsWith("CGO_")) {
                    relevant.put(k, v);
                }
            });
            ConfigFile config = ConfigFile.locate(request.environment(), request.workDir());
            ModuleFile module = ModuleFile.find(request.environment(), request.workDir());
            return new CacheKey(request.go(), binary.toAbsolutePath().normalize(), stamp(binary), relevant,
                    (config.file() == null ? "" : stamp(config.file())) + "|" + (module == null ? "" : stamp(module.file())),
                    request.workDir());
        }

        private static String stamp(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return PathLookup.real(file) + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
            } catch (IOException e) {
                return "missing";
            }
        }
    }
}
