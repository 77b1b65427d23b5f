package dev.gotrail.benchmarks;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Resolves every ELF file in /usr/bin, /usr/sbin and /usr/lib/x86_64-linux-gnu (the conformance
 * test's set) with one fresh {@link Loader} per operation: the cost of answering "what does each
 * of these load?" for the whole machine in one process. Compare with
 * {@code benchmarks/scripts/loader-vs-ldd.sh}, which times ldd on each file in the same run.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar LoaderBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoaderBenchmark {

    private List<String> files;

    @Setup
    public void listFiles() throws IOException {
        files = systemElfFiles();
    }

    /** All files, a fresh loader (cold caches for ld.so.cache and every ELF file). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int resolveAllSystemElfFiles(Blackhole bh) {
        Loader loader = Loader.at(Path.of("/"));
        int objects = 0;
        for (String f : files) {
            LinkMap map = loader.resolve(f);
            objects += map.objects().size();
            bh.consume(map);
        }
        return objects;
    }

    /** The real paths of the ELF regular files directly in the three directories, deduplicated. */
    public static List<String> systemElfFiles() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    try {
                        if (!Files.isRegularFile(p)) continue;
                        Path real = p.toRealPath();
                        if (isElf(real)) out.add(real.toString());
                    } catch (IOException e) {
                        // dangling link: not a file of this machine
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean isElf(Path p) {
        byte[] m = new byte[4];
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(m, 0, 4) == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java -cp benchmarks.jar dev.gotrail.benchmarks.LoaderBenchmark [LISTFILE]}: one process, every file once. */
    public static void main(String[] args) throws IOException {
        List<String> list = args.length > 0 ? Files.readAllLines(Path.of(args[0])) : systemElfFiles();
        long start = System.nanoTime();
        Loader loader = Loader.at(Path.of("/")); // thread-safe: one loader, its caches shared by all threads
        java.util.concurrent.atomic.AtomicInteger objects = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger incomplete = new java.util.concurrent.atomic.AtomicInteger();
        // -Dgotrail.bench.sequential=true: one thread (compare CPU seconds without fork-join overhead)
        (Boolean.getBoolean("gotrail.bench.sequential") ? list.stream() : list.parallelStream()).filter(f -> !f.isBlank()).forEach(f -> {
            LinkMap map = loader.resolve(f);
            objects.addAndGet(map.objects().size());
            if (!map.isComplete()) incomplete.incrementAndGet();
        });
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(list.size() + " files, " + objects + " objects, " + incomplete + " incomplete, resolved in " + ms + " ms");
    }
}
