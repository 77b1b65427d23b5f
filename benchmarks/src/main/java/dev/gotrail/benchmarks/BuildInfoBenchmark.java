package dev.gotrail.benchmarks;

import dev.gotrail.buildinfo.GoBuildInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp benchmarks.jar dev.gotrail.benchmarks.BuildInfoBenchmark LISTFILE}: reads the Go
 * build information of every file listed (one path a line) in one JVM and renders each as
 * {@code go version -m} prints it, so that the work matches {@code go version -m} over the same
 * files (benchmarks/scripts/buildinfo-vs-go-version.sh compares the two).
 */
public final class BuildInfoBenchmark {

    private BuildInfoBenchmark() {
    }

    /** Reads every listed file once per pass; prints one line per pass. */
    public static void main(String[] args) throws IOException {
        List<String> list = Files.readAllLines(Path.of(args[0])).stream().filter(f -> !f.isBlank()).toList();
        long first = pass(list);
        // -Dgotrail.bench.warm=N: N more passes in the same JVM, to separate JVM warm-up from the reading itself.
        int warm = Integer.getInteger("gotrail.bench.warm", 0);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < warm; i++) {
            best = Math.min(best, pass(list));
        }
        if (warm > 0) {
            System.out.println("first pass " + first + " ms; best of " + warm + " warm passes " + best + " ms");
        }
    }

    private static long pass(List<String> list) {
        long start = System.nanoTime();
        long chars = 0;
        int goBinaries = 0;
        for (String f : list) {
            Optional<GoBuildInfo> info;
            try {
                info = GoBuildInfo.read(Path.of(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (info.isPresent()) {
                goBinaries++;
                chars += info.get().versionReport(f).length();
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(list.size() + " files, " + goBinaries + " Go binaries, " + chars + " chars of report, read in " + ms + " ms");
        return ms;
    }
}
