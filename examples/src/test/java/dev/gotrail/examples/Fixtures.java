package dev.gotrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the examples use to stage their scenarios: Go modules and gcc-built C programs. */
final class Fixtures {

    /** One Go build cache for all examples: go's cache is safe for concurrent builds and saves minutes. */
    static final Path GOCACHE = Path.of("target", "go-build-cache").toAbsolutePath();

    private Fixtures() {
    }

    /** A syscall tracer for running non-go programs traced (strace here); fails with cause and fix when there is none. */
    static dev.gotrail.tracer.Tracer tracer() {
        return dev.gotrail.tracer.TracerDetector.system()
                .select(dev.gotrail.config.GotrailConfig.fromSystemProperties()).require();
    }

    /** Writes a one-package Go module {@code m} with the given main.go source into {@code dir}. */
    static Path goModule(Path dir, String mainGo) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("go.mod"), "module example.com/m\n\ngo 1.19\n");
        Files.writeString(dir.resolve("main.go"), mainGo);
        return dir;
    }

    /**
     * Compiles C source with the real gcc; fails the test with gcc's output if it does not compile.
     * Without gcc the test is skipped (failed with -Dgotrail.strict=true) naming the package to install.
     */
    static Path gcc(Path dir, String name, String source, String... flags) throws IOException {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(RealTools.gcc().toString(), "-o", out.toString(), c.toString()));
        command.addAll(List.of(flags));
        CommandResult result = CommandRunner.run(CommandSpec.of(command).withDir(dir));
        assertThat(result.exitCode()).as("gcc: %s", result.stderr()).isZero();
        return out;
    }

    /** The environment of this JVM with changes, for discovery runs that stage a scenario. */
    static java.util.Map<String, String> environmentWith(String... keyValues) {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
