package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;

/**
 * {@code ../shared/field-cases} next to the repository (inputs reduced from reported problems, read
 * from there and never copied into the repository): locating it and running its lab scripts, whose
 * output is what the real tool does.
 */
final class FieldCases {

    private FieldCases() {
    }

    static Path dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("field-cases");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Assertions.fail("no shared/field-cases above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code bash SCRIPT LAB 2>&1} and returns its output in order (the real tool's answers). */
    static String runLab(String script, Path lab) {
        CommandResult r = CommandRunner.run(CommandSpec.of("bash", "-c", "bash \"$0\" \"$1\" 2>&1", dir().resolve(script).toString(), lab.toString())
                .withoutEnv("LD_PRELOAD").withoutEnv("LD_LIBRARY_PATH").withTimeout(Duration.ofMinutes(3)));
        assertThat(r.succeeded()).as(script + "\n" + r.stdout() + r.stderr()).isTrue();
        return r.stdout();
    }
}
