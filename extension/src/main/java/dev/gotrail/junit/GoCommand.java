package dev.gotrail.junit;

import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ProcessEnvironment;
import dev.gotrail.tracer.CommandResult;
import dev.gotrail.tracer.CommandRunner;
import dev.gotrail.tracer.CommandSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** An environment value meaning "remove this variable". */
    private static final String UNSET = new String("<unset>");

    final GoToolchain toolchain;
    final Map<String, String> baseEnvironment;
    final List<String> args;
    final Path dir;
    final Map<String, String> envChanges; // value UNSET (identity) = remove
    final Duration timeout;

    private GoCommand(GoToolchain toolchain, Map<String, String> baseEnvironment, List<String> args, Path dir,
            Map<String, String> envChanges, Duration timeout) {
        this.toolchain = toolchain;
        this.baseEnvironment = baseEnvironment;
        this.args = args;
        this.dir = dir;
        this.envChanges = envChanges;
        this.timeout = timeout;
    }

    /** A go command of {@code toolchain} with this JVM's environment, no arguments and the default timeout (2 minutes). */
    public static GoCommand of(GoToolchain toolchain) {
        return of(toolchain, System.getenv(), CommandSpec.DEFAULT_TIMEOUT);
    }

    static GoCommand of(GoToolchain toolchain, Map<String, String> environment, Duration timeout) {
        return new GoCommand(Objects.requireNonNull(toolchain, "toolchain"), Map.copyOf(environment), List.of(), null,
                Collections.unmodifiableMap(new LinkedHashMap<>()), timeout);
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
        return new GoCommand(toolchain, baseEnvironment, List.copyOf(copy), dir, envChanges, timeout);
    }

    /** The working directory; default: the JVM's working directory. */
    public GoCommand dir(Path newDir) {
        return new GoCommand(toolchain, baseEnvironment, args, Objects.requireNonNull(newDir, "dir").toAbsolutePath(),
                envChanges, timeout);
    }

    /** Sets an environment variable for this command; {@code null} removes it. */
    public GoCommand env(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.contains("=")) {
            throw new IllegalArgumentException("invalid environment variable name '" + key + "'");
        }
        Map<String, String> changes = new LinkedHashMap<>(envChanges);
        changes.put(key, value == null ? UNSET : value);
        return new GoCommand(toolchain, baseEnvironment, args, dir, Collections.unmodifiableMap(changes), timeout);
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
        return new GoCommand(toolchain, baseEnvironment, args, dir, envChanges, newTimeout);
    }

    /** Runs go without tracing and waits for it (at most the timeout). */
    public GoResult run() {
        CommandResult result = CommandRunner.run(commandSpec());
        return GoResult.of(result);
    }

    /** The arguments after the go binary. */
    List<String> arguments() {
        return args;
    }

    /** The working directory (absolute). */
    Path directory() {
        return dir == null ? Path.of("").toAbsolutePath() : dir;
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
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        envChanges.forEach((k, v) -> {
            if (v == UNSET) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    /** What {@link #run()} executes; the tracer wraps the same spec. */
    CommandSpec commandSpec() {
        return ProcessEnvironment.commandSpec(commandLine(), environment()).withDir(directory()).withTimeout(timeout);
    }

    @Override
    public String toString() {
        return String.join(" ", commandLine()) + (dir == null ? "" : " (in " + dir + ")");
    }
}
