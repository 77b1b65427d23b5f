import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;

/**
 * Paired comparison of two builds of the Redactor in one JVM (one class loader each): per round,
 * one redacted copy with each, thread CPU time; prints the median MB/s per CPU second of each and
 * the median of the per-round ratios new/base (steadier than either figure on a loaded machine).
 * usage: java benchmarks/scripts/RedactorPairedBench.java BASE.jar NEW.jar ROUNDS LOG...
 */
public class RedactorPairedBench {
    public static void main(String[] a) throws Exception {
        Object base = redactor(Path.of(a[0]));
        Object next = redactor(Path.of(a[1]));
        int rounds = Integer.parseInt(a[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path target = Files.createTempFile("paired", ".log");
        for (int f = 3; f < a.length; f++) {
            Path src = Path.of(a[f]);
            double mb = Files.size(src) / 1e6;
            for (int i = 0; i < 4; i++) { copy(base, src, target); copy(next, src, target); }
            List<Double> b = new ArrayList<>(), n = new ArrayList<>(), r = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long t0 = mx.getCurrentThreadCpuTime(); copy(base, src, target);
                long t1 = mx.getCurrentThreadCpuTime(); copy(next, src, target);
                long t2 = mx.getCurrentThreadCpuTime();
                b.add(mb / ((t1 - t0) / 1e9)); n.add(mb / ((t2 - t1) / 1e9)); r.add((double) (t2 - t1) / (t1 - t0));
            }
            System.out.printf("%s (%.1f MB): base %.1f MB/s, new %.1f MB/s (medians of %d rounds, per CPU second); CPU time new/base: median %.2f%n",
                    src.getFileName().toString().equals("strace.log") ? src.getParent().getFileName() + "/strace.log" : src.getFileName(),
                    mb, median(b), median(n), rounds, median(r));
        }
        Files.deleteIfExists(target);
    }
    static double median(List<Double> l) { List<Double> s = new ArrayList<>(l); Collections.sort(s); return s.get(s.size() / 2); }
    static void copy(Object r, Path s, Path t) throws Exception { r.getClass().getMethod("copyRedacted", Path.class, Path.class).invoke(r, s, t); }
    static Object redactor(Path jar) throws Exception {
        ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> names = cl.loadClass("dev.gotrail.evidence.SecretNames");
        Class<?> red = cl.loadClass("dev.gotrail.evidence.Redactor");
        Object n = names.getMethod("withExtra", String.class).invoke(null, "PRIVATE");
        Object r = red.getMethod("of", names).invoke(null, n);
        return red.getMethod("withSecretValuesFrom", Map.class).invoke(r,
                Map.of("GITHUB_TOKEN", "ghp_0123456789abcdefghij", "NPM_TOKEN", "npm_abcdefghij0123456789"));
    }
}
