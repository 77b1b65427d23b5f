package dev.gotrail.testsupport;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * A toolchain lab for "where did this go setting come from" scenarios, staged the way users (and
 * cmd/go's own testscripts) have them: a private HOME with its go/env file, go.mod/go.work files,
 * real Debian go binaries first on PATH followed by the system directories, and {@code goX.Y.Z}
 * commands on PATH (symlinks to real toolchains) standing in for downloaded toolchains. No network:
 * {@code GOPROXY=off}. {@link #go} runs the real go in the lab (the truth a test compares with);
 * {@link #runFieldCase} stages a lab with a script of {@code ../shared/field-cases}.
 */
public final class GoLab {

    /** The system directories every lab's PATH ends with, as in the field-case scripts. */
    public static final String SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * One build cache for every lab of this JVM: go's cache is safe for concurrent use and keyed by
     * toolchain and inputs, so sharing it only saves compiling the standard library again per lab.
     */
    private static final Path SHARED_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "gotrail-golab-gocache");

    private final Path root;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> pathFront = new ArrayList<>();

    public GoLab(Path root) {
        this.root = root;
        Path home = dir("home");
        env.put("HOME", home.toString());
        env.put("GOCACHE", SHARED_CACHE.toString());
        env.put("GOPATH", home.resolve("go").toString());
        env.put("GOPROXY", "off"); // no network, ever: a wanted toolchain is on PATH or unavailable
        env.put("PATH", SYSTEM_PATH);
        // go 1.23 counts into ~/.config/go/telemetry and may start an uploader that outlives the command
        write("home/.config/go/telemetry/mode", "off\n");
    }

    public Path root() {
        return root;
    }

    /** A directory of the lab (created). */
    public Path dir(String relative) {
        try {
            return Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file of the lab (directories created) and returns it. */
    public Path write(String relative, String content) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module: {@code dir/go.mod} with {@code goModBody} after the module line, and a main package. */
    public Path module(String relative, String goModBody) {
        write(relative + "/go.mod", "module m\n\n" + goModBody);
        write(relative + "/main.go", "package main\n\nfunc main() {}\n");
        return root.resolve(relative);
    }

    /** Puts {@code dir} before everything on PATH so far. */
    public GoLab pathFirst(Path dir) {
        pathFront.add(0, dir.toString());
        rebuildPath();
        return this;
    }

    /** Puts {@code dir} after the go directories added so far, before the system directories. */
    public GoLab pathLast(Path dir) {
        pathFront.add(dir.toString());
        rebuildPath();
        return this;
    }

    /**
     * A {@code name} command (e.g. {@code go1.23.5}) in the lab's {@code tc} directory, a symlink to
     * {@code target}, with {@code tc} on PATH: how cmd/go's tests stand in for downloaded toolchains.
     */
    public Path toolchainOnPath(String name, Path target) {
        Path tc = dir("tc");
        if (!pathFront.contains(tc.toString())) {
            pathLast(tc);
        }
        try {
            return Files.createSymbolicLink(tc.resolve(name), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves {@link ToolchainProxy#TOOLCHAIN} from the offline {@link ToolchainProxy} ({@code GOPROXY=file://…},
     * {@code GOSUMDB=off}, as cmd/go's tests do with their test proxy): a switch to it downloads it into this
     * lab's module cache ({@code $GOPATH/pkg/mod}); any other toolchain is "not available". Still no network.
     */
    public GoLab toolchainProxy() {
        env.put("GOPROXY", "file://" + ToolchainProxy.directory());
        env.put("GOSUMDB", "off");
        return this;
    }

    public GoLab env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public GoLab unset(String key) {
        env.remove(key);
        return this;
    }

    /** The lab's environment (a copy). */
    public Map<String, String> environment() {
        return new LinkedHashMap<>(env);
    }

    /** The user's go/env file as cmd/go finds it here ({@code $HOME/.config/go/env}). */
    public Path goEnvFile() {
        return root.resolve("home/.config/go/env");
    }

    /** Runs {@code go ARGS} (the first go on the lab's PATH) in {@code dir}: what go itself says. */
    public CommandResult go(Path dir, String... args) {
        // through sh: the JVM would look "go" up on its own PATH, not the lab's
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec go \"$@\"", "go"));
        command.addAll(List.of(args));
        return run(dir, environment(), command);
    }

    /** Runs a shell command line (a fix as the user would type it) in {@code dir} with the lab's environment. */
    public CommandResult shell(Path dir, String commandLine) {
        return run(dir, environment(), List.of("/bin/sh", "-c", commandLine));
    }

    private static CommandResult run(Path dir, Map<String, String> env, List<String> command) {
        return CommandRunner.run(CommandSpec.of(command).withDir(dir).withExactEnvironment(env).withTimeout(Duration.ofMinutes(2)));
    }

    private void rebuildPath() {
        List<String> all = new ArrayList<>(pathFront);
        all.add(SYSTEM_PATH);
        env.put("PATH", String.join(":", all));
    }

    /**
     * Makes everything under {@code dir} writable again (chmod -R u+w): cmd/go leaves the module cache,
     * a downloaded toolchain included, read-only, which would stop a temporary directory's removal.
     */
    public static void chmodWritable(Path dir) {
        if (Files.isDirectory(dir)) {
            CommandRunner.run(CommandSpec.of("chmod", "-R", "u+w", dir.toString()).withTimeout(Duration.ofMinutes(1)));
        }
    }

    /** {@code ../shared/field-cases} above the working directory (read from there, never copied). */
    public static Path fieldCases() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("field-cases");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Assertions.fail("no shared/field-cases above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code bash SCRIPT LAB 2>&1} of the field cases; returns its output (what the real tool does). */
    public static String runFieldCase(String script, Path lab) {
        CommandResult r = CommandRunner.run(CommandSpec.of("bash", "-c", "bash \"$0\" \"$1\" 2>&1",
                        fieldCases().resolve(script).toString(), lab.toString())
                .withTimeout(Duration.ofMinutes(3)));
        Assertions.assertTrue(r.started() && !r.timedOut(), () -> script + ": " + r.describe());
        return r.stdout();
    }
}
