package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tracing side of a {@link GoCommand}: which tracer (per {@code gotrail.tracer} and
 * {@code gotrail.strace}), where the logs go, the shim and its traces. One instance is shared by
 * a command and every command derived from it, so {@code go.shim()} and a later
 * {@code go.traces()} meet. Within a test it lives in the test's store and its directory is
 * deleted when the test's store closes. Thread-safe.
 */
final class GoTracing implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GoTracing.class);

    private final Supplier<TracerSelection> selection;
    private Path root; // guarded by this; created on first use when null
    private final boolean ownsRoot;
    private final String prefix;
    private final AtomicInteger sequence = new AtomicInteger();
    private GoShim shim; // guarded by this
    private final java.util.function.Consumer<TracedCommand.Outcome> recorder;

    private GoTracing(Supplier<TracerSelection> selection, Path root, boolean ownsRoot, String prefix,
            java.util.function.Consumer<TracedCommand.Outcome> recorder) {
        this.selection = selection;
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.prefix = prefix;
        this.recorder = recorder;
    }

    /** Outside JUnit: configuration from system properties, logs in a new temporary directory. */
    static GoTracing standalone() {
        GotrailConfig config = GotrailConfig.fromSystemProperties();
        return new GoTracing(() -> TracerDetector.system().select(config), null, false, "gotrail-", outcome -> { });
    }

    /** The tracing of one test: its configuration, a per-test directory removed after the test. */
    static GoTracing forTest(ExtensionContext context) {
        GotrailConfig config = JupiterConfig.from(context);
        // The directory is created on first use: most injected commands never trace.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(GoTracing.class,
                k -> new GoTracing(() -> TracerDetector.system().select(config), null, true,
                        "gotrail-" + sanitise(context.getUniqueId()) + "-", outcome -> {
                            // Every traced command of a test is evidence for that test.
                            dev.gotrail.evidence.EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
                            bundle.addCommand(outcome.result());
                            bundle.addTrace(outcome.trace());
                        }),
                GoTracing.class);
    }

    private static String sanitise(String id) {
        String s = id.replaceAll("[^A-Za-z0-9]+", "-");
        return s.length() > 40 ? s.substring(s.length() - 40) : s;
    }

    /** The tracer, or a {@link dev.gotrail.tracer.TracerUnavailableException} with cause and fix. */
    Tracer tracer() {
        return selection.get().require();
    }

    /** The directory for this test's (or command's) files, created on first use. */
    synchronized Path root() {
        if (root != null) {
            return root;
        }
        try {
            root = Files.createTempDirectory(prefix);
            if (!ownsRoot) {
                // Outside a test nothing closes this instance; the logs must outlive trace() for
                // GoTrace.rawLog(), so they go when the JVM does.
                StandaloneRoots.deleteOnExit(root);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for trace logs", e);
        }
    }

    /** A fresh log path: {@code NNN-label.log} under the root's {@code traces/}. */
    Path newLog(String label) {
        try {
            Path dir = Files.createDirectories(root().resolve("traces"));
            String clean = label.replaceAll("[^A-Za-z0-9._-]+", "_");
            return dir.resolve(String.format("%03d-%s.log", sequence.incrementAndGet(), clean.isEmpty() ? "go" : clean));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trace log directory under " + root(), e);
        }
    }

    /** A fresh empty directory under the root, e.g. the default working directory of @TraceGoCommand. */
    Path newDirectory(String name) {
        try {
            return Files.createDirectories(root().resolve(name + "-" + sequence.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + name + " under " + root(), e);
        }
    }

    /** Runs a go command under the tracer. */
    TracedCommand.Outcome trace(GoCommand command) {
        Tracer tracer = tracer();
        List<String> args = command.arguments();
        Path log = newLog(args.isEmpty() ? "go" : args.get(0));
        TracedCommand.Outcome outcome = TracedCommand.run(tracer, command.commandSpec(), log);
        recorder.accept(outcome);
        return outcome;
    }

    /** The shim directory for {@code goBinary}, created once. */
    synchronized Path shim(Path goBinary) {
        if (shim == null) {
            shim = GoShim.create(tracer(), goBinary, root().resolve("shim"));
        } else if (!shim.goBinary().equals(goBinary)) {
            throw new IllegalStateException("this GoCommand's shim already wraps " + shim.goBinary()
                    + "; a shim wraps one go binary");
        }
        return shim.directory();
    }

    /** The traces of every finished call made through the shim, in call order. */
    synchronized List<GoTrace> shimTraces() {
        return shim == null ? List.of() : shim.traces();
    }

    @Override
    public synchronized void close() throws IOException {
        if (ownsRoot && root != null) {
            deleteTree(root);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /** Directories of standalone commands, deleted by one shutdown hook. */
    private static final class StandaloneRoots {
        private static final java.util.Set<Path> ROOTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : ROOTS) {
                    try {
                        deleteTree(p);
                    } catch (IOException | RuntimeException e) {
                        // best effort at exit: a temp dir left behind is harmless
                    }
                }
            }, "gotrail-trace-cleanup"));
        }

        static void deleteOnExit(Path root) {
            ROOTS.add(root);
        }
    }
}
