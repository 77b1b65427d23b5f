package dev.gotrail.benchmarks;

import dev.gotrail.evidence.Redactor;
import dev.gotrail.evidence.SecretNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of copying a raw trace into the evidence directory with redaction applied (line by
 * line, file to file), on real logs of the shared corpus: the 3.7 MB multi-threaded strace 4.x log
 * and the 0.7 MB {@code -f -v} log whose lines carry whole environments (up to 22 KB).
 * The {@code megabytes} counter is reported per second, i.e. MB/s.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Redactor -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 *
 * System property {@code gotrail.bench.corpus}: the corpus directory (default: ../shared/trace-corpus,
 * searched upwards from the working directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedactorBenchmark {

    @Param({"zicada__bug-ASTERISK-27262/strace.log", "pkmoore__posix-omni-parser/testbins_shell.strace"})
    public String log;

    private Path source;
    private Path target;
    private long size;
    private Redactor redactor;

    /** Bytes copied, reported by JMH as a rate: MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public double megabytes;
    }

    @Setup(Level.Trial)
    public void locate() throws IOException {
        source = corpus().resolve(log);
        size = Files.size(source);
        target = Files.createTempFile("gotrail-redacted", ".log");
        // a realistic redactor: the built-in names plus two secret values to hunt for on every line
        redactor = Redactor.of(SecretNames.withExtra("PRIVATE")).withSecretValuesFrom(
                Map.of("GITHUB_TOKEN", "ghp_0123456789abcdefghij", "NPM_TOKEN", "npm_abcdefghij0123456789"));
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        Files.deleteIfExists(target);
    }

    @Benchmark
    public void copyRedacted(Throughput t) throws IOException {
        redactor.copyRedacted(source, target);
        t.megabytes += size / 1e6;
    }

    private static Path corpus() {
        String configured = System.getProperty("gotrail.bench.corpus");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/trace-corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/trace-corpus above " + Path.of("").toAbsolutePath()
                + "; pass -Dgotrail.bench.corpus=DIR");
    }
}
