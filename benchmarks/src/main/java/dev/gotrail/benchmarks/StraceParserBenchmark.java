package dev.gotrail.benchmarks;

import dev.gotrail.trace.StraceParser;
import dev.gotrail.trace.TraceEvent;
import dev.gotrail.trace.TraceFormat;
import dev.gotrail.trace.TraceSink;
import dev.gotrail.trace.TraceSummary;
import dev.gotrail.trace.UnparsedLine;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * strace parser throughput on a real trace: at setup, {@code strace -f -s 4096 -v -yy} of
 * {@code go build -a} of a small program (fresh GOCACHE in a temp dir), read into memory.
 * The {@code megabytes} counter is reported per second, i.e. MB/s.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StraceParser -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 *
 * System properties: {@code gotrail.bench.go} (default /usr/lib/go-1.21/bin/go),
 * {@code gotrail.bench.strace} (default strace on PATH), {@code gotrail.bench.log} (parse this log instead of
 * tracing one: compare two builds on the same bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StraceParserBenchmark {

    private byte[] log;
    private Path dir;

    /** Bytes parsed, reported by JMH as a rate: MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public double megabytes;
    }

    @Setup(Level.Trial)
    public void traceAGoBuild() throws IOException {
        dir = Files.createTempDirectory("gotrail-bench");
        String given = System.getProperty("gotrail.bench.log");
        if (given != null) {
            // a log traced once and shared by runs that are compared (before/after a change)
            log = Files.readAllBytes(Path.of(given));
            System.out.printf("%n[setup] given trace %s: %.1f MB%n", given, log.length / 1e6);
            return;
        }
        Files.writeString(dir.resolve("go.mod"), "module example.com/bench\n\ngo 1.19\n");
        Files.writeString(dir.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n");
        String go = System.getProperty("gotrail.bench.go", "/usr/lib/go-1.21/bin/go");
        String strace = System.getProperty("gotrail.bench.strace", "strace");
        Path out = dir.resolve("trace.log");
        CommandSpec spec = CommandSpec.of(List.of(strace, "-f", "-s", "4096", "-v", "-yy", "-o", out.toString(), "--",
                        go, "build", "-a", "-o", dir.resolve("bench.bin").toString(), "."))
                .withDir(dir).withTimeout(Duration.ofMinutes(10))
                .withEnv("GOCACHE", dir.resolve("cache").toString()).withEnv("GOPATH", dir.resolve("gopath").toString())
                .withEnv("GOTOOLCHAIN", "local").withEnv("GOFLAGS", "").withEnv("GOTELEMETRY", "off")
                .withEnv("GOPROXY", "off").withoutEnv("GOROOT");
        CommandResult r = CommandRunner.run(spec);
        if (!r.succeeded()) {
            throw new IllegalStateException("traced go build failed: " + r.describe());
        }
        log = Files.readAllBytes(out);
        System.out.printf("%n[setup] trace of go build -a: %.1f MB%n", log.length / 1e6);
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Full parse: every event with its arguments decoded (what GoTrace needs). */
    @Benchmark
    public long fullEvents(Throughput t, Blackhole bh) throws IOException {
        long[] n = new long[1];
        TraceSink sink = new TraceSink() {
            @Override
            public void event(TraceEvent event) {
                n[0]++;
                bh.consume(event);
            }

            @Override
            public void unparsed(UnparsedLine line) {
                bh.consume(line);
            }
        };
        StraceParser.parse(new ByteArrayInputStream(log), sink, 0);
        t.megabytes += log.length / 1e6;
        return n[0];
    }

    /** Streaming summary: counts only, as {@code gotrail parse} computes them. */
    @Benchmark
    public long summary(Throughput t) throws IOException {
        TraceSummary s = new TraceSummary(null, TraceFormat.STRACE);
        StraceParser.parse(new ByteArrayInputStream(log), s, 0);
        t.megabytes += log.length / 1e6;
        return s.events();
    }
}
