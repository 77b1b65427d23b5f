package dev.gotrail.evidence;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which evidence file will keep a tracer's raw log. A traced command writes its log into a
 * per-test temporary directory that is deleted when the test ends; what survives is the redacted
 * copy {@code trace-N.log} in the test's evidence directory. Failure messages (the trace
 * assertions, a timeout, an unexpected exit code) name that kept file, so that the path a reader
 * copies from a CI report exists. The JUnit side registers each log of a running test and forgets
 * it when the test's temporary directory goes; logs made outside a test are never registered and
 * are named as they are.
 */
public final class KeptLogs {

    private static final Map<Path, Path> KEPT = new ConcurrentHashMap<>();

    private KeptLogs() {
    }

    /** Registers that {@code rawLog} will be kept as {@code keptAs} when the evidence is written. */
    public static void keep(Path rawLog, Path keptAs) {
        KEPT.put(rawLog.toAbsolutePath(), keptAs.toAbsolutePath());
    }

    /** Forgets every registration of a log under {@code directory} (a test's temporary directory, being deleted). */
    public static void forgetUnder(Path directory) {
        Path dir = directory.toAbsolutePath();
        KEPT.keySet().removeIf(p -> p.startsWith(dir));
    }

    /** Forgets the registration of {@code rawLog} (a log that outlives its test, e.g. under a stable shim directory). */
    public static void forget(Path rawLog) {
        KEPT.remove(rawLog.toAbsolutePath());
    }

    /** The kept copy of {@code rawLog}, if it is the log of a running test. */
    public static Optional<Path> keptAs(Path rawLog) {
        return rawLog == null ? Optional.empty() : Optional.ofNullable(KEPT.get(rawLog.toAbsolutePath()));
    }

    /** The path to quote for {@code rawLog} in a message: its kept copy when there is one, else the log itself. */
    public static String describe(Path rawLog) {
        return keptAs(rawLog).map(Path::toString).orElse(String.valueOf(rawLog));
    }
}
