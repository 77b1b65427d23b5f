package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolchain-switch recipe of docs/trace-go-command.md, run for real and offline: stage a
 * {@code goX.Y.Z} command on the PATH of the go command (a symlink to an installed go of exactly
 * that version), and let a go.mod ask for it. A {@code go 1.23} line alone asks for go1.23.0.
 */
@NeedsTools({Tool.GO_1_22, Tool.GO_1_23, Tool.STRACE})
@RequiresGoroot(go = "/usr/lib/go-1.22/bin/go")
class ToolchainSwitchRecipeTest {

    private static final Path GO_1_23 = Path.of("/usr/lib/go-1.23/bin/go"); // Debian's go1.23.5

    @Test
    void aToolchainLineSwitchesToTheStagedGo(GoCommand go, @TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("go1.23.5"), GO_1_23);   // the name must be the go's own version
        Path module = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(module.resolve("go.mod"), "module example.com/m\n\ngo 1.23\n\ntoolchain go1.23.5\n");

        GoTrace trace = go.args("version").dir(module)
                .env("PATH", bin + ":" + System.getenv("PATH"))
                .env("GOTOOLCHAIN", "auto")                                   // Debian's go.env says auto too
                .trace();

        assertThat(trace).exitedWith(0).switchedToolchainTo("go1.23.5");
        assertThat(trace.stdout()).contains("go version go1.23.5");
    }

    @Test
    void aGoLineAloneAsksForTheDotZeroRelease(GoCommand go, @TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("go1.23.5"), GO_1_23);
        Path module = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(module.resolve("go.mod"), "module example.com/m\n\ngo 1.23\n");

        GoResult result = go.args("version").dir(module)
                .env("PATH", bin + ":" + System.getenv("PATH"))
                .env("GOTOOLCHAIN", "path")                                   // PATH only: never download
                .run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("go: cannot find \"go1.23.0\" in PATH");
    }
}
