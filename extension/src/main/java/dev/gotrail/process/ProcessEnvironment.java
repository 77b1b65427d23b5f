package dev.gotrail.process;

import dev.gotrail.process.CommandSpec;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link CommandSpec} that runs with exactly a given environment rather than "this JVM's
 * environment plus changes". Discovery and {@code GoCommand} take an explicit environment map so
 * tests can vary PATH, GOROOT or GOENV without touching the JVM's own environment.
 */
public final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    /** A spec for {@code command} whose process sees {@code environment} and nothing else. */
    public static CommandSpec commandSpec(List<String> command, Map<String, String> environment) {
        CommandSpec spec = CommandSpec.of(command);
        for (String inherited : System.getenv().keySet()) {
            if (!environment.containsKey(inherited)) {
                spec = spec.withoutEnv(inherited);
            }
        }
        return spec.withEnv(environment);
    }
}
