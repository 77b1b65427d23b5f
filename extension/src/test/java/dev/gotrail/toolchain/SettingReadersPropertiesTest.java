package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the readers behind "where a setting came from": the go/env file reader
 * ({@link GoSettings#lookup}), the go.mod/go.work line reader ({@link ModuleFile#read}) and the
 * decisive-line picker ({@link GoErrorLine}). Whatever surrounds the line that matters (comments,
 * other keys, other directives, progress lines), the reader finds it with its 1-based line number.
 */
class SettingReadersPropertiesTest {

    @Provide
    Arbitrary<List<String>> noise() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(k -> "# " + k),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(2).ofMaxLength(8)
                        .filter(k -> !k.equals("GOTOOLCHAIN")).map(k -> k + "=x"),
                Arbitraries.just(""),
                Arbitraries.just("GOTOOLCHAIN="));
        return line.list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void theLastNonEmptyGoEnvLineWinsWithItsLineNumber(@ForAll("noise") List<String> before, @ForAll("noise") List<String> after,
            @ForAll @IntRange(min = 0, max = 3) int spaces) throws IOException {
        List<String> lines = new ArrayList<>(before);
        lines.add(" ".repeat(spaces) + "GOTOOLCHAIN=go1.23.5");
        int line = lines.size();
        // an empty GOTOOLCHAIN= later unsets it again, as cmd/go reads the file (last line wins)
        boolean unsetLater = after.contains("GOTOOLCHAIN=");
        lines.addAll(after);
        Path file = Files.createTempFile("goenv", "");
        try {
            Files.write(file, lines);
            GoSetting s = GoSettings.lookup(file, "GOTOOLCHAIN", GoSetting.Source.GOENV_FILE);
            if (unsetLater) {
                assertThat(s).isNull();
            } else {
                assertThat(s).isEqualTo(new GoSetting("GOTOOLCHAIN", "go1.23.5", GoSetting.Source.GOENV_FILE, file, line));
            }
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<List<String>> modNoise() {
        return Arbitraries.oneOf(
                Arbitraries.just("require example.com/x v1.0.0"),
                Arbitraries.just("// go 1.99 in a comment"),
                Arbitraries.just(""),
                Arbitraries.just("replace a => ../a"),
                Arbitraries.just("gopher 1.2")).list().ofMaxSize(10);
    }

    @Property(tries = 200)
    void theGoAndToolchainLinesAreFoundWhereverTheyAre(@ForAll("modNoise") List<String> a, @ForAll("modNoise") List<String> b,
            @ForAll boolean workspace, @ForAll boolean withComment) throws IOException {
        List<String> lines = new ArrayList<>(List.of("module m"));
        lines.addAll(a);
        lines.add("go 1.23.5" + (withComment ? " // the minimum" : ""));
        int goLine = lines.size();
        lines.addAll(b);
        lines.add("toolchain go1.23.5");
        int toolchainLine = lines.size();
        Path file = Files.createTempFile(workspace ? "go" : "mod", workspace ? ".work" : ".mod");
        try {
            Files.write(file, lines);
            ModuleFile m = ModuleFile.read(file, workspace);
            GoSetting.Source source = workspace ? GoSetting.Source.GO_WORK : GoSetting.Source.GO_MOD;
            assertThat(m.go()).isEqualTo(new GoSetting("go", "1.23.5", source, file, goLine));
            assertThat(m.toolchain()).isEqualTo(new GoSetting("toolchain", "go1.23.5", source, file, toolchainLine));
            assertThat(m.lineAskingFor("go1.23.5")).isEqualTo(m.toolchain());
            assertThat(m.lineAskingFor("go1.24.0")).isEqualTo(m.go());
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void theDecisiveLineIsTheFirstThatIsNoProgressLine(@ForAll @IntRange(min = 0, max = 5) int progress,
            @ForAll @IntRange(min = 0, max = 3) int blanks, @ForAll("decisive") String decisive) {
        StringBuilder stderr = new StringBuilder();
        for (int i = 0; i < progress; i++) {
            stderr.append(i % 2 == 0 ? "go: downloading go1.2" + i + " (linux/amd64)\n" : "go: finding module for package x\n");
            stderr.append("\n".repeat(blanks));
        }
        stderr.append(decisive).append("\nFor more details see: 'go help gopath'\n");
        assertThat(GoErrorLine.of(stderr.toString())).isEqualTo(decisive);
    }

    @Provide
    Arbitrary<String> decisive() {
        return Arbitraries.of(
                "go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)",
                "go: download go1.23.5 for linux/amd64: toolchain not available",
                "go: go.mod requires go >= 1.23.5 (running go 1.22.12; GOTOOLCHAIN=local)",
                "go: GOPATH entry is relative; must be absolute path: \"relative/dir\".");
    }
}
