package dev.gotrail.benchmarks;

import dev.gotrail.image.Image;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code java -cp benchmarks.jar dev.gotrail.benchmarks.ImageOpenBenchmark IMAGE CACHE [REOPENS]}:
 * opens IMAGE with the cache directory CACHE once (the first open unpacks it unless CACHE holds it
 * already), then REOPENS more times in the same JVM, and prints the first open's and the best
 * reopen's time in milliseconds (benchmarks/scripts/image-open.sh compares the first with
 * {@code tar -x} of the same layers).
 */
public final class ImageOpenBenchmark {

    private ImageOpenBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path image = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        int reopens = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long t0 = System.nanoTime();
        Image first = Image.opener().cache(cache).open(image);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        long best = Long.MAX_VALUE;
        long firstReopen = -1;
        for (int i = 0; i < reopens; i++) {
            long t = System.nanoTime();
            Image again = Image.opener().cache(cache).open(image);
            long ns = System.nanoTime() - t;
            if (!again.root().equals(first.root())) {
                throw new IllegalStateException("reopen gave another root: " + again.root());
            }
            if (firstReopen < 0) firstReopen = ns / 1_000;
            best = Math.min(best, ns);
        }
        System.out.printf("first open %d ms (%d layers, %s); first reopen %.1f ms, best reopen of %d %.1f ms%n", firstMs,
                first.layers().size(), first.digest(), firstReopen / 1000.0, reopens, best / 1e6);
    }
}
