package dev.gotrail.junit;

import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.process.CommandResult;
import dev.gotrail.image.ImageSandbox;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.EnvDelta;
import dev.gotrail.tracer.TracedCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * A {@code go} command of the toolchain under test, built immutably and run on demand. Injected
 * wherever a {@link GoToolchain} is ({@code @RequiresGoroot}, {@code @TraceGoCommand}):
 *
 * <pre>{@code
 * @Test @RequiresGoroot(version = ">=1.21")
 * void builds(GoCommand go, @TempDir Path dir) {
 *     GoResult r = go.args("build", "./...").dir(dir).env("CGO_ENABLED", "0").timeout(Duration.ofMinutes(1)).run();
 *     assertThat(r.exitCode()).as(r.stderr()).isZero();
 * }
 * }</pre>
 *
 * <p>Each method returns a new command, so one injected instance can be reused and shared between
 * threads. The go binary is the toolchain's {@code goBinary()} as invoked (a symlink stays a
 * symlink, so go derives its GOROOT exactly as it did during discovery). The environment is the
 * one the toolchain was discovered with, plus {@link #env} changes.
 */
public final class GoCommand {

    final GoToolchain toolchain;
    final Map<String, String> baseEnvironment;
    final List<String> args;
    final Path dir;
    final EnvDelta envChanges;
    final Duration timeout;
    final GoTracing tracing; // shared by every command derived from this one (shim, traces)
    final ImageSandbox sandbox; // null: go runs on this machine; else inside @GoImage's image
    final String image; // the image for messages, or null

    private GoCommand(GoToolchain toolchain, Map<String, String> baseEnvironment, List<String> args, Path dir,
            EnvDelta envChanges, Duration timeout, GoTracing tracing, ImageSandbox sandbox, String image) {
        this.toolchain = toolchain;
        this.baseEnvironment = baseEnvironment;
        this.args = args;
        this.dir = dir;
        this.envChanges = envChanges;
        this.timeout = timeout;
        this.tracing = tracing;
        this.sandbox = sandbox;
        this.image = image;
    }

    /** A go command of {@code toolchain} with this JVM's environment, no arguments and the default timeout (2 minutes). */
    public static GoCommand of(GoToolchain toolchain) {
        return of(toolchain, System.getenv(), CommandSpec.DEFAULT_TIMEOUT);
    }

    static GoCommand of(GoToolchain toolchain, Map<String, String> environment, Duration timeout) {
        return new GoCommand(Objects.requireNonNull(toolchain, "toolchain"), Map.copyOf(environment), List.of(), null,
                EnvDelta.none(), timeout,
                GoTracing.standalone(), null, null);
    }

    /** The toolchain whose go this runs. */
    public GoToolchain toolchain() {
        return toolchain;
    }

    /** Replaces the arguments, e.g. {@code args("build", "./...")}. */
    public GoCommand args(String... newArgs) {
        return args(Arrays.asList(newArgs));
    }

    /** Replaces the arguments. */
    public GoCommand args(List<String> newArgs) {
        List<String> copy = new ArrayList<>();
        for (String a : newArgs) {
            copy.add(Objects.requireNonNull(a, "argument"));
        }
        return new GoCommand(toolchain, baseEnvironment, List.copyOf(copy), dir, envChanges, timeout, tracing, sandbox, image);
    }

    /** The working directory; default: the JVM's working directory. */
    public GoCommand dir(Path newDir) {
        return new GoCommand(toolchain, baseEnvironment, args, Objects.requireNonNull(newDir, "dir").toAbsolutePath(),
                envChanges, timeout, tracing, sandbox, image);
    }

    /** Sets an environment variable for this command; {@code null} removes it. */
    public GoCommand env(String key, String value) {
        return env(value == null ? envChanges.unset(key) : envChanges.set(key, value));
    }

    /**
     * Applies {@code changes} after this command's own, e.g.
     * {@code env(EnvDelta.parse("CGO_ENABLED=0", "GOFLAGS="))} (the second entry unsets GOFLAGS).
     */
    public GoCommand env(EnvDelta changes) {
        return new GoCommand(toolchain, baseEnvironment, args, dir, envChanges.then(Objects.requireNonNull(changes, "changes")),
                timeout, tracing, sandbox, image);
    }

    /** Removes an environment variable for this command. */
    public GoCommand unsetEnv(String key) {
        return env(key, null);
    }

    /** After this long the command is killed with its whole process tree. */
    public GoCommand timeout(Duration newTimeout) {
        Objects.requireNonNull(newTimeout, "timeout");
        if (newTimeout.isNegative() || newTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + newTimeout);
        }
        return new GoCommand(toolchain, baseEnvironment, args, dir, envChanges, newTimeout, tracing, sandbox, image);
    }

    /**
     * Runs go without tracing and waits for it (at most the timeout). Within a test (an injected
     * command) the result is part of the test's evidence: commands.txt.
     */
    public GoResult run() {
        CommandResult result;
        if (sandbox != null) {
            tracing.requireSandbox(this, "GoCommand.run()");
            CommandResult r = CommandRunner.run(sandbox.wrap(insideSpec()));
            // what the user sees is go as run in the image, not the sandbox's command line
            result = new CommandResult(commandLine(), directory(), environment(), r.exitCode(), r.stdout(), r.stderr(),
                    r.timedOut(), r.elapsed(), r.startError(), r.timeout());
        } else {
            result = CommandRunner.run(commandSpec());
        }
        tracing.recordRun(result);
        return GoResult.of(result);
    }

    // --- tracing (added by the tracer work; see docs/trace-go-command.md) ---

    /**
     * Runs go under the syscall tracer ({@code gotrail.tracer}: strace on Linux, dtruss on macOS)
     * and returns what it did. The exit code is not checked: see {@link GoTrace#exitCode()}.
     *
     * <p>No usable tracer ({@code gotrail.tracer=none}, not installed, ptrace forbidden, no
     * privileges) ends the test exactly as {@code @TraceGoCommand} does: it fails naming the cause
     * and the fix, is aborted (skipped) with {@code gotrail.missing=skip}, and fails again under
     * {@code gotrail.strict=true}. The exception's cause is a
     * {@link dev.gotrail.tracer.TracerUnavailableException} carrying the typed problem.
     *
     * @throws org.opentest4j.AssertionFailedError when no tracer is usable (see above), or when go
     *         outlived its timeout: it was killed with its whole process tree and the message shows
     *         what the trace collected until then
     * @throws org.opentest4j.TestAbortedException when no tracer is usable and {@code gotrail.missing=skip}
     */
    public GoTrace trace() {
        TracedCommand.Outcome outcome = tracing.trace(this, "GoCommand.trace()");
        if (outcome.timedOut()) {
            throw new AssertionFailedError(TraceTimeout.message(outcome, timeout));
        }
        return outcome.trace();
    }

    /**
     * A directory holding a {@code go} executable that runs this command's go binary under the
     * tracer, one trace per invocation: put it first on PATH of code under test that shells out
     * to go. The same directory is returned for every command derived from the same injected one.
     * The shim passes arguments, environment, working directory, stdin/stdout/stderr and the exit
     * code through unchanged.
     *
     * <p>Inside {@code @GoImage} (docs/go-image.md) the shim runs the <em>image's</em> go in the image's
     * sandbox, strace outside, like {@link #trace()}: the caller's working directory is bound at
     * the same path (a caller in {@code /}, {@code /proc} or {@code /dev} gets exit status 125);
     * the environment is the image's, then this command's {@link #env} changes, then the caller's
     * own values of cmd/go's non-path settings ({@code GOOS}, {@code GOARCH}, {@code CGO_ENABLED},
     * {@code GOFLAGS}, {@code GOTOOLCHAIN}, … — like {@code docker run -e NAME}; the full list is in
     * docs/go-image.md); nothing else of the caller's environment. {@link #traces()} then report
     * image paths and go's own process onwards ({@code GoTrace.launched}).
     *
     * @throws org.opentest4j.AssertionFailedError when no tracer is usable; with
     *         {@code gotrail.missing=skip} a {@link org.opentest4j.TestAbortedException} instead,
     *         unless {@code gotrail.strict=true} — the same policy as {@link #trace()}; inside an
     *         image also when no sandbox is usable (the policy of {@link #run()})
     */
    public Path shim() {
        if (sandbox != null) {
            tracing.requireSandbox(this, "GoCommand.shim()");
            return tracing.shim(toolchain.goBinary(),
                    sandbox.callerLauncher(List.of(toolchain.goBinary().toString()), envChanges, GoShim.PASSED_INTO_IMAGE));
        }
        return tracing.shim(toolchain.goBinary(), null);
    }

    /**
     * The traces of the calls made through {@link #shim()} that have finished, in call order;
     * empty when the shim was never created or never called. Their stdout and stderr are empty:
     * they went to the caller.
     */
    public List<GoTrace> traces() {
        return tracing.shimTraces();
    }

    /** This command with another tracing context (the per-test one of the gotrail extensions). */
    GoCommand withTracing(GoTracing newTracing) {
        return new GoCommand(toolchain, baseEnvironment, args, dir, envChanges, timeout,
                Objects.requireNonNull(newTracing, "tracing"), sandbox, image);
    }

    /** The arguments after the go binary. */
    List<String> arguments() {
        return args;
    }

    /** The working directory (absolute); inside an image without {@link #dir}: the image's WorkingDir. */
    Path directory() {
        if (dir == null && sandbox != null) {
            return Path.of(sandbox.workingDir(insideSpec()));
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    /**
     * This command run inside an image (docs/go-image.md): go is the image's, the
     * environment the image's plus {@link #env} changes, {@link #dir} a host directory bound at the
     * same path inside (default: the image's WorkingDir). {@code imageName} names it in messages.
     */
    GoCommand inImage(ImageSandbox newSandbox, String imageName) {
        return new GoCommand(toolchain, Map.of(), args, dir, envChanges, timeout, tracing, Objects.requireNonNull(newSandbox),
                imageName);
    }

    /** The command as it runs inside the image: image paths, changes to the image's environment. */
    CommandSpec insideSpec() {
        return new CommandSpec(commandLine(), dir, envChanges, timeout);
    }

    Duration timeoutValue() {
        return timeout;
    }

    /** The full command line: the go binary as invoked, then the arguments. */
    List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add(toolchain.goBinary().toString());
        line.addAll(args);
        return List.copyOf(line);
    }

    /** The environment go will see: the discovery environment plus this command's changes. */
    Map<String, String> environment() {
        return sandbox != null ? sandbox.environment(envChanges) : envChanges.apply(baseEnvironment);
    }

    /** What {@link #run()} executes; the tracer wraps the same spec. */
    CommandSpec commandSpec() {
        return CommandSpec.of(commandLine()).withExactEnvironment(environment()).withDir(directory()).withTimeout(timeout);
    }

    @Override
    public String toString() {
        return String.join(" ", commandLine()) + (dir == null ? "" : " (in " + dir + ")") + (image == null ? "" : " inside " + image);
    }
}
