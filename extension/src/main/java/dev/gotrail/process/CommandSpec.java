package dev.gotrail.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to run: the command line, its working directory, environment changes relative to this
 * JVM's environment (additions and removals) and a timeout after which the whole process tree is
 * killed.
 */
public record CommandSpec(List<String> command, Path dir, Map<String, String> envSet, Set<String> envUnset, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public CommandSpec {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        command = List.copyOf(command);
        envSet = Map.copyOf(envSet == null ? Map.of() : envSet);
        envUnset = Set.copyOf(envUnset == null ? Set.of() : envUnset);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public static CommandSpec of(String... command) {
        return new CommandSpec(List.of(command), null, Map.of(), Set.of(), DEFAULT_TIMEOUT);
    }

    public static CommandSpec of(List<String> command) {
        return new CommandSpec(command, null, Map.of(), Set.of(), DEFAULT_TIMEOUT);
    }

    public CommandSpec withDir(Path newDir) {
        return new CommandSpec(command, newDir, envSet, envUnset, timeout);
    }

    public CommandSpec withTimeout(Duration newTimeout) {
        return new CommandSpec(command, dir, envSet, envUnset, newTimeout);
    }

    /** Sets {@code key=value}; an empty value is kept as empty (use {@link #withoutEnv} to unset). */
    public CommandSpec withEnv(String key, String value) {
        Objects.requireNonNull(key, "key");
        Map<String, String> set = new LinkedHashMap<>(envSet);
        set.put(key, Objects.requireNonNull(value, "value"));
        Set<String> unset = new LinkedHashSet<>(envUnset);
        unset.remove(key);
        return new CommandSpec(command, dir, set, unset, timeout);
    }

    public CommandSpec withEnv(Map<String, String> more) {
        CommandSpec spec = this;
        for (Map.Entry<String, String> e : more.entrySet()) {
            spec = spec.withEnv(e.getKey(), e.getValue());
        }
        return spec;
    }

    public CommandSpec withoutEnv(String key) {
        Map<String, String> set = new LinkedHashMap<>(envSet);
        set.remove(key);
        Set<String> unset = new LinkedHashSet<>(envUnset);
        unset.add(key);
        return new CommandSpec(command, dir, set, unset, timeout);
    }

    public CommandSpec withCommand(List<String> newCommand) {
        return new CommandSpec(newCommand, dir, envSet, envUnset, timeout);
    }

    /** The environment the command will see: this JVM's, minus removals, plus additions. */
    public Map<String, String> effectiveEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        envUnset.forEach(env::remove);
        env.putAll(envSet);
        return env;
    }
}
