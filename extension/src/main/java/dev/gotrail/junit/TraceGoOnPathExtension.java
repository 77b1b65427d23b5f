package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerProblem;
import dev.gotrail.tracer.TracerSelection;
import dev.gotrail.tracer.TracerUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension of {@link TraceGoOnPath}: writes the shim, checks that a bare "go" on this JVM's
 * PATH is the shim, keeps every test's run window in a JVM-wide registry, and attributes the
 * shim's calls (see {@link TraceGoOnPath} for the rule) into the injected {@link GoCallsOnPath}
 * and the test's evidence — the latter right before the evidence is published, each call once.
 */
final class TraceGoOnPathExtension implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback,
        ParameterResolver {

    /** The configuration key of the shim directory. */
    static final String DIR_KEY = "gotrail.shim.dir";
    /** Its default, relative to the test JVM's working directory (the module's base directory under Maven and Gradle). */
    static final String DEFAULT_DIR = "target/gotrail-shim";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TraceGoOnPathExtension.class);
    /** The run windows of every test under the annotation in this JVM, running or finished. */
    private static final Set<Window> WINDOWS = ConcurrentHashMap.newKeySet();

    /** One test's run: from its before-each callback to the end of its test method (end = MAX while running). */
    private static final class Window {
        final String name;
        final long start;
        volatile long end = Long.MAX_VALUE;

        Window(String name, long start) {
            this.name = name;
            this.start = start;
        }

        boolean encloses(long t) {
            return start <= t && t <= end;
        }
    }

    /** The calls of one test, split into those that are its alone and the undecided ones. */
    record Attributed(List<GoTrace> mine, List<GoCallsOnPath.Undecided> undecided, List<String> mineIds,
            List<String> undecidedIds) {
    }

    private static final class State {
        final PathShim shim;
        final Window window;
        final Set<String> recorded = new HashSet<>(); // guarded by this
        final List<Path> registered = new ArrayList<>(); // guarded by this: logs registered with KeptLogs

        State(PathShim shim, Window window) {
            this.shim = shim;
            this.window = window;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<ClosestAnnotation.Found<GoImage>> image = ClosestAnnotation.find(context, GoImage.class);
        if (image.isPresent()) {
            // the stable PATH shim serves every test of the JVM at once and runs the next go of this
            // machine: inside an image it would trace the wrong go, silently
            throw new ExtensionConfigurationException("@TraceGoOnPath traces the go of this machine that the code under test"
                    + " finds on the test JVM's PATH, but @GoImage on " + image.get().where()
                    + " runs this test's Go inside the image " + image.get().annotation().value() + ". Fix: inject GoCommand"
                    + " and put go.shim() first on the PATH the code under test runs go with (its ProcessBuilder's"
                    + " environment): that shim runs the image's go in the image and traces each call (go.traces());"
                    + " or remove @TraceGoOnPath from this test (see docs/go-image.md)");
        }
        GotrailConfig config = JupiterConfig.from(context);
        Path dir = Path.of(context.getConfigurationParameter(DIR_KEY).orElse(DEFAULT_DIR)).toAbsolutePath().normalize();
        TracerSelection selection = TracerDetector.system().select(config);
        if (!selection.isAvailable()) {
            TracerProblem problem = selection.problem().orElseThrow();
            throw SkipPolicy.missing(config, "@TraceGoOnPath cannot trace the go calls through " + dir + ": "
                    + problem.explain(), new TracerUnavailableException(problem));
        }
        Tracer tracer = selection.tracer().orElseThrow();
        PathShim shim = PathShim.at(dir, tracer);
        checkOnPath(dir, System.getenv("PATH"));
        Window window = new Window(EvidenceBundles.bundleFor(context).displayName(), nowNanos());
        WINDOWS.add(window);
        State state = new State(shim, window);
        context.getStore(NAMESPACE).put(context.getUniqueId(), state);
        EvidenceBundles.bundleFor(context).addExpectation("@TraceGoOnPath: go calls through " + dir.resolve("go"));
        EvidenceBundles.beforePublishing(context, () -> record(context, state));
    }

    /** Fails unless a bare "go" looked up on {@code path} is the shim's script. */
    static void checkOnPath(Path dir, String path) {
        Path script = dir.resolve("go");
        Optional<Path> first = PathShim.firstGoOn(path);
        if (first.isPresent() && sameFile(first.get(), script)) {
            return;
        }
        throw new ExtensionConfigurationException("@TraceGoOnPath: a bare \"go\" on this JVM's PATH runs "
                + first.map(Path::toString).orElse("nothing (no go on PATH)") + ", not the gotrail shim " + script
                + ", so the code under test would run go untraced. Java looks \"go\" up on the PATH the test JVM"
                + " started with; put " + dir + " first on it in the build: Maven Surefire/Failsafe <configuration>"
                + "<environmentVariables><PATH>${project.build.directory}/gotrail-shim${path.separator}${env.PATH}</PATH>"
                + "</environmentVariables>; Gradle tasks.test { environment(\"PATH\", \"${layout.buildDirectory.get()}"
                + "/gotrail-shim:\" + System.getenv(\"PATH\")) }; or set " + DIR_KEY + " to the directory that is"
                + " first on PATH (see docs/trace-go-command.md, \"Tracing a bare go\"). PATH=" + path);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        close(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
        State state = context.getStore(NAMESPACE).get(context.getUniqueId(), State.class);
        if (state != null) {
            // the shim directory is not the test's: its logs stay, their registrations must not
            synchronized (state) {
                state.registered.forEach(dev.gotrail.evidence.KeptLogs::forget);
                state.registered.clear();
            }
        }
    }

    private static void close(ExtensionContext context) {
        State state = context.getStore(NAMESPACE).get(context.getUniqueId(), State.class);
        if (state != null && state.window.end == Long.MAX_VALUE) {
            state.window.end = nowNanos();
        }
    }

    /** The calls of {@code state}'s test so far. */
    static Attributed attribute(State state) {
        long me = ProcessHandle.current().pid();
        List<GoTrace> mine = new ArrayList<>();
        List<GoCallsOnPath.Undecided> undecided = new ArrayList<>();
        List<String> mineIds = new ArrayList<>();
        List<String> undecidedIds = new ArrayList<>();
        for (PathShim.Call call : state.shim.calls((start, ancestors) -> ancestors.contains(me)
                && state.window.encloses(start))) {
            List<String> candidates = WINDOWS.stream().filter(w -> w.encloses(call.startNanos()))
                    .map(w -> w.name).sorted().toList();
            if (candidates.size() <= 1) {
                mine.add(call.trace());
                mineIds.add(call.id());
            } else {
                undecided.add(new GoCallsOnPath.Undecided(call.trace(), candidates));
                undecidedIds.add(call.id());
            }
        }
        return new Attributed(mine, undecided, mineIds, undecidedIds);
    }

    /**
     * Pushes the calls of {@code state}'s test that are new since the last look into its evidence,
     * each once, and returns all of them. A call that is this test's alone is registered with the
     * kept copy {@code trace-N.log} it will become, so messages about it name that file; an
     * undecided one is in the evidence of several tests, so messages name its log under the shim
     * directory, which outlives the test.
     */
    private static Attributed record(ExtensionContext context, State state) {
        synchronized (state) {
            Attributed attributed = attribute(state);
            EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
            int i = 0;
            for (GoTrace trace : attributed.mine()) {
                if (state.recorded.add(attributed.mineIds().get(i++))) {
                    EvidenceBundles.addTrace(context, trace);
                    if (trace.rawLog() != null) {
                        state.registered.add(trace.rawLog());
                    }
                }
            }
            i = 0;
            for (GoCallsOnPath.Undecided u : attributed.undecided()) {
                if (state.recorded.add(attributed.undecidedIds().get(i++))) {
                    bundle.addTrace(u.trace());
                    bundle.addNote("undecided go call through the shim: '" + String.join(" ", u.trace().command())
                            + "' started while " + u.candidates().size() + " tests of this JVM were running ("
                            + String.join(", ", u.candidates()) + "); it is listed in the evidence of each of them");
                }
            }
            return attributed;
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == GoCallsOnPath.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        State state = extensionContext.getStore(NAMESPACE).get(extensionContext.getUniqueId(), State.class);
        if (state == null) {
            throw new ExtensionConfigurationException("GoCallsOnPath is available in test methods and @BeforeEach/"
                    + "@AfterEach methods of a test under @TraceGoOnPath, not in " + extensionContext.getDisplayName());
        }
        return new GoCallsOnPath(() -> record(extensionContext, state));
    }
}
