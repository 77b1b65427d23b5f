package dev.gotrail.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: the command line, its working directory, environment changes relative to this
 * JVM's environment (an {@link EnvDelta}) and a timeout after which the whole process tree is
 * killed.
 *
 * @param command the program and its arguments, as execve receives them
 * @param dir     the working directory, or null for this JVM's
 * @param env     the changes to this JVM's environment
 * @param timeout after this long the command and every descendant are killed
 */
public record CommandSpec(List<String> command, Path dir, EnvDelta env, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public CommandSpec {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        command = List.copyOf(command);
        env = env == null ? EnvDelta.none() : env;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public static CommandSpec of(String... command) {
        return of(List.of(command));
    }

    public static CommandSpec of(List<String> command) {
        return new CommandSpec(command, null, EnvDelta.none(), DEFAULT_TIMEOUT);
    }

    public CommandSpec withDir(Path newDir) {
        return new CommandSpec(command, newDir, env, timeout);
    }

    public CommandSpec withTimeout(Duration newTimeout) {
        return new CommandSpec(command, dir, env, newTimeout);
    }

    /** Sets {@code key=value}; an empty value is kept as empty (use {@link #withoutEnv} to unset). */
    public CommandSpec withEnv(String key, String value) {
        return withEnv(env.set(key, value));
    }

    /** Sets every entry of {@code more}, in its order. */
    public CommandSpec withEnv(Map<String, String> more) {
        return withEnv(env.setAll(more));
    }

    /** Applies {@code changes} after the changes this spec has already. */
    public CommandSpec withEnv(EnvDelta changes) {
        return new CommandSpec(command, dir, env.then(Objects.requireNonNull(changes, "changes")), timeout);
    }

    public CommandSpec withoutEnv(String key) {
        return withEnv(env.unset(key));
    }

    /**
     * The command sees exactly {@code environment} and nothing else of this JVM's: the delta
     * becomes {@link EnvDelta#between} this JVM's environment and {@code environment}. Discovery
     * and {@code GoCommand} use it so tests can vary PATH, GOROOT or GOENV without touching the
     * JVM's own environment.
     */
    public CommandSpec withExactEnvironment(Map<String, String> environment) {
        return new CommandSpec(command, dir, EnvDelta.between(System.getenv(), environment), timeout);
    }

    public CommandSpec withCommand(List<String> newCommand) {
        return new CommandSpec(newCommand, dir, env, timeout);
    }

    /** The environment the command will see: this JVM's with {@link #env()} applied. */
    public Map<String, String> effectiveEnvironment() {
        return env.apply(System.getenv());
    }
}
