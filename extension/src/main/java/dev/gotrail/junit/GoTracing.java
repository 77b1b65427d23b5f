package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.image.SandboxProbe;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerProblem;
import dev.gotrail.tracer.TracerSelection;
import dev.gotrail.tracer.TracerUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tracing side of a {@link GoCommand}: which tracer (per {@code gotrail.tracer} and
 * {@code gotrail.strace}), where the logs go, the shim and its traces. One instance is shared by
 * a command and every command derived from it, so {@code go.shim()} and a later
 * {@code go.traces()} meet. Within a test it lives in the test's store (in this class's own
 * namespace, read by no one else) and its directory is deleted when the test's store closes.
 * Thread-safe.
 *
 * <p>What it produces it pushes into the test's evidence bundle itself: every traced command
 * (with its trace) as it finishes, and the calls through the shim — which finish in processes of
 * the code under test, unseen — right before the bundle is published
 * ({@link EvidenceBundles#beforePublishing}), each call once.
 *
 * <p>No usable tracer ({@code gotrail.tracer=none}, strace not installed, ptrace denied):
 * {@code @TraceGoCommand}, {@link GoCommand#trace()} and {@link GoCommand#shim()} all end the
 * same way, through {@link SkipPolicy#missing}: a failure naming cause and fix, an abort with
 * {@code gotrail.missing=skip}, a failure again under {@code gotrail.strict=true}.
 */
final class GoTracing implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GoTracing.class);

    private final GotrailConfig config;
    private Path root; // guarded by this; created on first use when null
    private final boolean ownsRoot;
    private final String prefix;
    private final AtomicInteger sequence = new AtomicInteger();
    private GoShim shim; // guarded by this
    private final Set<String> recordedShimCalls = new HashSet<>(); // guarded by this
    private final Consumer<TracedCommand.Outcome> recorder;
    private final Consumer<GoTracing> onShimCreated;
    private final Consumer<GoTrace> shimCallRecorder;
    private final Consumer<CommandResult> runRecorder;

    private GoTracing(GotrailConfig config, boolean ownsRoot, String prefix, Consumer<TracedCommand.Outcome> recorder,
            Consumer<GoTracing> onShimCreated, Consumer<GoTrace> shimCallRecorder, Consumer<CommandResult> runRecorder) {
        this.config = config;
        this.ownsRoot = ownsRoot;
        this.prefix = prefix;
        this.recorder = recorder;
        this.onShimCreated = onShimCreated;
        this.shimCallRecorder = shimCallRecorder;
        this.runRecorder = runRecorder;
    }

    /** Outside JUnit: configuration from system properties, logs in a new temporary directory, no evidence. */
    static GoTracing standalone() {
        return new GoTracing(GotrailConfig.fromSystemProperties(), false, "gotrail-", outcome -> { }, tracing -> { },
                trace -> { }, result -> { });
    }

    /** The tracing of one test: its configuration, a per-test directory removed after the test. */
    static GoTracing forTest(ExtensionContext context) {
        GotrailConfig config = JupiterConfig.from(context);
        // The directory is created on first use: most injected commands never trace.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(GoTracing.class,
                k -> new GoTracing(config, true, "gotrail-" + directoryName(context) + "-",
                        outcome -> {
                            // Every traced command of a test is evidence for that test.
                            EvidenceBundles.bundleFor(context).addCommand(outcome.result());
                            EvidenceBundles.addTrace(context, outcome.trace());
                        },
                        tracing -> EvidenceBundles.beforePublishing(context, tracing::recordFinishedShimCalls),
                        trace -> EvidenceBundles.addTrace(context, trace),
                        // An untraced GoCommand.run() is evidence too: commands.txt.
                        result -> EvidenceBundles.bundleFor(context).addCommand(result)),
                GoTracing.class);
    }

    /** Longest name part of a test's temporary directory (before gotrail- and the random tail). */
    static final int MAX_NAME = 48;

    /**
     * The name part of a test's temporary directory: {@code Class.method} (the class's simple
     * name), the method alone when both do not fit, the class for class-level work; only
     * {@code [A-Za-z0-9._-]}, at most {@value #MAX_NAME} characters. The unique id is no good: its
     * tail is the parameter types, and the directory's random suffix already makes it unique.
     */
    static String directoryName(ExtensionContext context) {
        String method = safe(context.getTestMethod().map(java.lang.reflect.Method::getName).orElse(""));
        String type = safe(context.getTestClass().map(Class::getSimpleName).orElse(""));
        String name = method.isEmpty() ? type : type.isEmpty() ? method : type + "." + method;
        if (name.length() > MAX_NAME) {
            name = method.isEmpty() ? name : method;
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        return name.isEmpty() ? "test" : name;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-");
    }

    /**
     * The tracer; when none is usable, the exception {@link SkipPolicy#missing} chooses, its
     * message starting with "{@code caller} cannot trace '{@code what}'" and naming cause and fix,
     * its cause the {@link TracerUnavailableException}.
     */
    Tracer tracer(String caller, Object what) {
        TracerSelection selection = TracerDetector.system().select(config);
        if (selection.isAvailable()) {
            return selection.tracer().orElseThrow();
        }
        TracerProblem problem = selection.problem().orElseThrow();
        throw SkipPolicy.missing(config, caller + " cannot trace '" + what + "': " + problem.explain(),
                new TracerUnavailableException(problem));
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

    /** Runs a go command under the tracer; {@code caller} names the API for messages, e.g. {@code @TraceGoCommand}. */
    TracedCommand.Outcome trace(GoCommand command, String caller) {
        Tracer tracer = tracer(caller, command);
        List<String> args = command.arguments();
        Path log = newLog(args.isEmpty() ? "go" : args.get(0));
        TracedCommand.Outcome outcome;
        if (command.sandbox != null) {
            requireSandbox(command, caller);
            // strace outside, following into the sandbox; the trace is narrowed to go's own calls
            CommandSpec inside = command.insideSpec();
            outcome = TracedCommand.runLaunched(tracer, inside, command.directory(), command.environment(),
                    command.sandbox.wrap(inside), log);
        } else {
            outcome = TracedCommand.run(tracer, command.commandSpec(), log);
        }
        recorder.accept(outcome);
        return outcome;
    }

    /**
     * Ends the test through {@link SkipPolicy#noSandbox} when {@code command} runs inside an image
     * and no sandbox is usable: abort naming cause and fix, failure under strict mode.
     */
    void requireSandbox(GoCommand command, String caller) {
        SandboxProbe probe = command.sandbox.probe();
        if (!probe.usable()) {
            throw SkipPolicy.noSandbox(config, caller + " cannot run '" + String.join(" ", command.commandLine()) + "' inside "
                    + command.image + ": " + probe.cause() + ".\nFix: " + probe.fix()
                    + "\n(The image's static answers — toolchain facts, link maps — need no sandbox.)");
        }
    }

    /** Records the result of an untraced {@link GoCommand#run()} (into the test's evidence, within a test). */
    void recordRun(CommandResult result) {
        runRecorder.accept(result);
    }

    /**
     * The shim directory for {@code goBinary}, created once; {@code launcher} null: go of this
     * machine, else the words that run the image's {@code goBinary} in its sandbox
     * ({@link GoShim#create}).
     */
    synchronized Path shim(Path goBinary, List<String> launcher) {
        if (shim == null) {
            shim = GoShim.create(tracer("GoCommand.shim()", goBinary), goBinary, root().resolve("shim"), launcher);
            onShimCreated.accept(this);
        } else if (!shim.goBinary().equals(goBinary)) {
            throw new IllegalStateException("this GoCommand's shim already wraps " + shim.goBinary()
                    + "; a shim wraps one go binary");
        }
        return shim.directory();
    }

    /**
     * The traces of every finished call made through the shim, in call order. Within a test the
     * calls new since the last look are pushed into its evidence first, so that a message about
     * one of these traces names its kept copy {@code trace-N.log}
     * ({@link dev.gotrail.evidence.KeptLogs}), not the log under the shim's {@code calls/}, which
     * goes with the test's temporary directory.
     */
    synchronized List<GoTrace> shimTraces() {
        return recordFinishedShimCalls();
    }

    /**
     * Pushes the shim calls that finished since the last time into the evidence, each call once;
     * returns the traces of every finished call, in call order.
     */
    synchronized List<GoTrace> recordFinishedShimCalls() {
        if (shim == null) {
            return List.of();
        }
        List<GoTrace> traces = new ArrayList<>();
        for (GoShim.Call call : shim.calls()) {
            if (recordedShimCalls.add(call.id())) {
                shimCallRecorder.accept(call.trace());
            }
            traces.add(call.trace());
        }
        return traces;
    }

    @Override
    public synchronized void close() throws IOException {
        if (ownsRoot && root != null) {
            dev.gotrail.evidence.KeptLogs.forgetUnder(root);
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
