package dev.gotrail.benchmarks;

import dev.gotrail.buildinfo.GoBuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -cp CP dev.gotrail.benchmarks.BuildInfoVsGoVersion GO LISTFILE [ROUNDS]}: in one JVM,
 * alternately (1) runs one {@code GO version -m} process over every listed file and reads its
 * report, as a test that shells out to go would, and (2) reads the same files' build information
 * with {@link GoBuildInfo} and renders each report as {@code go version -m} prints it. Prints the
 * first (cold: classes loading, code interpreted) and the best time of each, and their ratios.
 */
public final class BuildInfoVsGoVersion {

    private BuildInfoVsGoVersion() {
    }

    public static void main(String[] args) throws Exception {
        String go = args[0];
        List<String> files = Files.readAllLines(Path.of(args[1])).stream().filter(f -> !f.isBlank()).toList();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long[] goNs = new long[rounds];
        long[] gotrailNs = new long[rounds];
        long goChars = 0;
        long gotrailChars = 0;
        for (int i = 0; i < rounds; i++) {
            // gotrail first in round 0: its cold pass pays for loading and interpreting its classes.
            long t0 = System.nanoTime();
            gotrailChars = readAll(files);
            gotrailNs[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            goChars = goVersionM(go, files);
            goNs[i] = System.nanoTime() - t1;
        }
        long goBest = min(goNs);
        long gotrailBest = min(gotrailNs);
        System.out.printf("%d files; report %d chars (gotrail) vs %d bytes (go version -m)%n", files.size(), gotrailChars, goChars);
        System.out.printf("first round: go version -m process %7.1f ms, gotrail in this JVM %7.1f ms, ratio %.2fx%n",
                ms(goNs[0]), ms(gotrailNs[0]), (double) goNs[0] / gotrailNs[0]);
        System.out.printf("best of %d:  go version -m process %7.1f ms, gotrail in this JVM %7.1f ms, ratio %.2fx%n",
                rounds, ms(goBest), ms(gotrailBest), (double) goBest / gotrailBest);
    }

    private static long readAll(List<String> files) throws IOException {
        long chars = 0;
        for (String f : files) {
            Optional<GoBuildInfo> info = GoBuildInfo.read(Path.of(f));
            if (info.isPresent()) {
                chars += info.get().versionReport(f).length();
            }
        }
        return chars;
    }

    private static long goVersionM(String go, List<String> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(go, "version", "-m"));
        cmd.addAll(files);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GOTOOLCHAIN", "local");
        Process p = pb.start();
        long n;
        try (InputStream in = p.getInputStream()) {
            n = in.readAllBytes().length;
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(go + " version -m exited " + p.exitValue());
        }
        return n;
    }

    private static long min(long[] a) {
        long m = Long.MAX_VALUE;
        for (long x : a) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}
