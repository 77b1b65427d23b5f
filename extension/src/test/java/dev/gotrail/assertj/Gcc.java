package dev.gotrail.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF fixtures with the real gcc in a test's temporary directory. */
public final class Gcc {

    private Gcc() {
    }

    /** Writes {@code source} to {@code dir/name.c} and runs {@code gcc -o dir/name dir/name.c <flags>}. */
    public static Path build(Path dir, String name, String source, String... flags) throws IOException {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(RealTools.gcc().toString()));
        command.addAll(List.of("-o", out.toString(), c.toString()));
        command.addAll(List.of(flags)); // after the source: the linker resolves libraries in order
        CommandResult result = CommandRunner.run(CommandSpec.of(command).withDir(dir));
        assertThat(result.succeeded()).as(result.describe() + "\n" + result.stderr()).isTrue();
        return out;
    }

    public static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
}
