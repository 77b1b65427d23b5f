package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandResult;
import dev.gotrail.config.GotrailConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides which tracer runs here and whether it really works, honouring {@code gotrail.tracer}
 * (auto|strace|dtruss|none) and {@code gotrail.strace}. A strace is proven by tracing
 * {@code true} once; the verdict is cached per detector and choice.
 *
 * <p>Everything it learns from the machine goes through three small seams (operating system
 * name, PATH lookup, command runner), so a test can build a detector for another machine, e.g. a
 * Mac whose sudo asks for a password, with {@link #TracerDetector(String, Function, Function)}.
 * Thread-safe.
 */
public class TracerDetector {

    private static final TracerDetector SYSTEM = new TracerDetector(
            System.getProperty("os.name", ""), TracerDetector::onPath, CommandRunner::run);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final String osName;
    private final Function<String, Optional<Path>> pathLookup;
    private final Function<CommandSpec, CommandResult> runner;
    private final Map<String, TracerSelection> verdicts = new ConcurrentHashMap<>();

    /**
     * @param osName     the {@code os.name} of the machine
     * @param pathLookup finds a program on PATH (bare names only)
     * @param runner     runs the probe commands
     */
    public TracerDetector(String osName, Function<String, Optional<Path>> pathLookup,
            Function<CommandSpec, CommandResult> runner) {
        this.osName = Objects.requireNonNull(osName, "osName");
        this.pathLookup = Objects.requireNonNull(pathLookup, "pathLookup");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** The detector for this machine, shared so the probe runs once per JVM. */
    public static TracerDetector system() {
        return SYSTEM;
    }

    /** Selects per the configuration's {@code gotrail.tracer} and {@code gotrail.strace}. */
    public TracerSelection select(GotrailConfig config) {
        return select(config.tracer(), config.strace().orElse(null));
    }

    /**
     * Selects a tracer.
     *
     * @param choice auto picks strace on Linux and dtruss on macOS
     * @param strace the strace binary ({@code gotrail.strace}), null for strace on PATH
     */
    public TracerSelection select(GotrailConfig.TracerChoice choice, String strace) {
        String key = choice + "|" + strace;
        return verdicts.computeIfAbsent(key, k -> decide(choice, strace));
    }

    private TracerSelection decide(GotrailConfig.TracerChoice choice, String strace) {
        switch (choice) {
            case NONE:
                return TracerSelection.unavailable(new TracerProblem(TracerProblem.Cause.DISABLED, "none",
                        "tracing is switched off (gotrail.tracer=none)",
                        "set gotrail.tracer=auto (or strace/dtruss) to trace go commands", ""));
            case STRACE:
                return probeStrace(strace);
            case DTRUSS:
                return probeDtruss();
            case AUTO:
            default:
                if (isMac()) {
                    return probeDtruss();
                }
                if (isLinux() || strace != null) {
                    return probeStrace(strace);
                }
                return TracerSelection.unavailable(new TracerProblem(TracerProblem.Cause.UNSUPPORTED_PLATFORM,
                        "none", "no syscall tracer is supported on " + osName
                                + " (gotrail traces with strace on Linux and dtruss on macOS)",
                        "run traced tests on Linux or macOS, or set gotrail.tracer=none", ""));
        }
    }

    private boolean isMac() {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin");
    }

    private boolean isLinux() {
        return osName.toLowerCase(Locale.ROOT).contains("linux");
    }

    private TracerSelection probeStrace(String configured) {
        Optional<Path> binary;
        if (configured == null) {
            binary = pathLookup.apply("strace");
        } else if (configured.contains("/")) {
            Path p = Path.of(configured);
            binary = Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        } else {
            binary = pathLookup.apply(configured);
        }
        if (binary.isEmpty()) {
            return TracerSelection.unavailable(StraceTracer.notInstalled(
                    configured == null ? "strace" : configured, configured != null));
        }
        if (!isLinux()) {
            return TracerSelection.unavailable(new TracerProblem(TracerProblem.Cause.UNSUPPORTED_PLATFORM,
                    "strace", "strace only runs on Linux, this is " + osName,
                    "use gotrail.tracer=auto (dtruss on macOS) or none", ""));
        }
        StraceTracer tracer = new StraceTracer(binary.get().toString());
        // Trace `true` with the real flags: proves the binary runs, ptrace is allowed and the flags are understood.
        String trueBinary = pathLookup.apply("true").map(Path::toString).orElse("/bin/true");
        CommandSpec probe = tracer.wrap(CommandSpec.of(trueBinary).withTimeout(PROBE_TIMEOUT), Path.of("/dev/null"));
        CommandResult result = runner.apply(probe);
        if (!result.succeeded() && StraceTracer.rejectsSeccompBpf(result.stderr())) {
            tracer = tracer.withoutSeccompBpf(); // strace < 5.3: plain filtering, slower but the same evidence
            probe = tracer.wrap(CommandSpec.of(trueBinary).withTimeout(PROBE_TIMEOUT), Path.of("/dev/null"));
            result = runner.apply(probe);
        }
        if (result.succeeded()) {
            return TracerSelection.available(tracer);
        }
        Optional<TracerProblem> known = tracer.recognise(result.stderr());
        if (known.isPresent()) {
            return TracerSelection.unavailable(known.get());
        }
        return TracerSelection.unavailable(new TracerProblem(TracerProblem.Cause.UNSUPPORTED_PLATFORM, "strace",
                "strace could not trace /bin/true: " + result.describe(),
                "run '" + String.join(" ", probe.command()) + "' by hand to see why; gotrail needs strace 4.17 or newer",
                firstLine(result.stderr())));
    }

    private TracerSelection probeDtruss() {
        DtrussTracer tracer = new DtrussTracer();
        if (!isMac()) {
            return TracerSelection.unavailable(new TracerProblem(TracerProblem.Cause.UNSUPPORTED_PLATFORM, "dtruss",
                    "dtruss only runs on macOS, this is " + osName,
                    "use gotrail.tracer=auto (strace on Linux) or none", ""));
        }
        Path dtruss = Path.of("/usr/bin/dtruss");
        if (!Files.isExecutable(dtruss)) {
            return TracerSelection.unavailable(DtrussTracer.notInstalled(dtruss.toString()));
        }
        if (tracer.toString().startsWith("sudo")) {
            // -n: never prompt; -l COMMAND: succeeds only when sudo would run dtruss without a password.
            CommandResult result = runner.apply(CommandSpec.of("sudo", "-n", "-l", dtruss.toString())
                    .withTimeout(PROBE_TIMEOUT));
            if (!result.succeeded()) {
                String said = result.stderr().isBlank() ? "sudo: a password is required" : result.stderr();
                return TracerSelection.unavailable(tracer.recognise(said).orElseGet(() ->
                        tracer.recognise("sudo: a password is required").orElseThrow()));
            }
        }
        return TracerSelection.available(tracer);
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    }

    /** PATH lookup like the shell's. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
