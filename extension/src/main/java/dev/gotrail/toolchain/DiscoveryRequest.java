package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What to discover: which go ({@code ""} = the first {@code go} on PATH; a name without a slash is
 * looked up on PATH; a path is taken as is), in which environment (default: this JVM's, so tests
 * can vary PATH, GOROOT, GOENV per call without touching the JVM), from which working directory
 * (a go.mod there can trigger a toolchain switch) and with which timeout per go command.
 *
 * <p>{@code goOption} is how the user names a go binary where the request comes from, for the
 * fixes of a missing go: {@code null} (default) = the library's {@code @RequiresGoroot(go = …)} and
 * {@code -Dgotrail.go=…}; a command line passes its option (the CLI: {@code --go}), so its user
 * reads "point --go at an existing go binary". It only changes wording, never what is found.
 */
public record DiscoveryRequest(String go, Map<String, String> environment, Path workDir, Duration timeout, String goOption) {

    /** Per go command; {@code go env} normally answers in milliseconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** A request worded for the library's user ({@code goOption} null). */
    public DiscoveryRequest(String go, Map<String, String> environment, Path workDir, Duration timeout) {
        this(go, environment, workDir, timeout, null);
    }

    public DiscoveryRequest {
        go = go == null ? "" : go.strip();
        goOption = goOption == null || goOption.isBlank() ? null : goOption.strip();
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        workDir = (workDir == null ? Path.of("") : workDir).toAbsolutePath().normalize();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** The first go on PATH, this JVM's environment and working directory. */
    public static DiscoveryRequest defaults() {
        return new DiscoveryRequest("", System.getenv(), null, null);
    }

    public static DiscoveryRequest of(String go) {
        return defaults().withGo(go);
    }

    public DiscoveryRequest withGo(String newGo) {
        return new DiscoveryRequest(newGo, environment, workDir, timeout, goOption);
    }

    public DiscoveryRequest withEnvironment(Map<String, String> newEnvironment) {
        return new DiscoveryRequest(go, newEnvironment, workDir, timeout, goOption);
    }

    public DiscoveryRequest withWorkDir(Path newWorkDir) {
        return new DiscoveryRequest(go, environment, newWorkDir, timeout, goOption);
    }

    public DiscoveryRequest withTimeout(Duration newTimeout) {
        return new DiscoveryRequest(go, environment, workDir, newTimeout, goOption);
    }

    /** The same request, its fixes naming {@code option} (e.g. {@code --go}) as the way to name a go binary. */
    public DiscoveryRequest withGoOption(String option) {
        return new DiscoveryRequest(go, environment, workDir, timeout, option);
    }
}
