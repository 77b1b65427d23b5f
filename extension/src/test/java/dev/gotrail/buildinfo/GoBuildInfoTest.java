package dev.gotrail.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Not-a-Go-binary answers, errors, and the module-text grammar of runtime/debug. */
class GoBuildInfoTest {

    @TempDir
    Path tmp;

    @Test
    void goBinaryOfEveryToolchainKnowsItsVersion() throws IOException {
        for (String v : RealTools.GO_VERSIONS) {
            GoBuildInfo info = GoBuildInfo.read(RealTools.go(v)).orElseThrow();
            assertThat(info.goVersion()).startsWith("go" + v);
            assertThat(info.path()).isEqualTo("cmd/go");
            assertThat(info.setting("GOOS")).contains("linux");
            assertThat(info.binaryFormat()).isEqualTo("ELF");
        }
    }

    @Test
    void readsThroughAnElfFileToo() throws IOException {
        Path go = RealTools.go("1.23");
        assertThat(GoBuildInfo.read(ElfFile.read(go))).isEqualTo(GoBuildInfo.read(go)).isPresent();
    }

    @Test
    void filesThatAreNotGoBinariesAreEmptyAnswers() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty"));
        Path text = Files.writeString(tmp.resolve("text"), "#!/bin/sh\necho not a Go program at all\n");
        Path mz = Files.writeString(tmp.resolve("dos.exe"), "MZ" + "x".repeat(200));
        Path javaClass = Files.list(Path.of("target/classes/dev/gotrail/buildinfo")).filter(p -> p.toString().endsWith(".class")).findFirst().orElseThrow();
        Path gcc = RealTools.gcc();
        for (Path p : new Path[] {empty, text, mz, javaClass, gcc, Path.of("/bin/ls")}) {
            assertThat(GoBuildInfo.read(p)).as(p.toString()).isEmpty();
        }
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> GoBuildInfo.read(tmp.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void truncatedElfHeaderNamesFileAndOffset() throws IOException {
        byte[] go = Files.readAllBytes(RealTools.goroot("1.23").resolve("pkg/tool/linux_amd64/pack"));
        Path cut = Files.write(tmp.resolve("cut"), java.util.Arrays.copyOf(go, 40));
        assertThatThrownBy(() -> GoBuildInfo.read(cut)).isInstanceOf(GoBinaryFormatException.class)
                .hasMessageStartingWith(cut + ": offset 0 (0x0): ELF header");
    }

    @Test
    void moduleTextFollowsRuntimeDebug() throws Exception {
        String text = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
                + "dep\texample.com/a\tv1.0.0\th1:abc=\ndep\texample.com/b\tv0.0.0\n=>\t../b\t\t\n"
                + "build\t-ldflags=\"-s -w -X main.v=1\"\nbuild\t\"we=ird\"=`x`\nbuild\tCGO_ENABLED=0\nbuild\tempty=\n";
        ModInfoParser.Parsed p = ModInfoParser.parse(text);
        assertThat(p.main().version()).isEqualTo("(devel)");
        assertThat(p.deps().get(1).replacement().orElseThrow().path()).isEqualTo("../b");
        assertThat(p.settings()).containsExactly(new BuildSetting("-ldflags", "-s -w -X main.v=1"),
                new BuildSetting("we=ird", "x"), new BuildSetting("CGO_ENABLED", "0"), new BuildSetting("empty", ""));
        assertThat(p.settings().get(1).toString()).isEqualTo("\"we=ird\"=x");
    }

    @Test
    void malformedLinesAreGoErrorsWithTheLineNumber() {
        assertThatThrownBy(() -> ModInfoParser.parse("path\tx\nbuild\tno equals\n"))
                .hasMessage("could not parse Go build info: line 2: build line missing '=' after key");
        assertThatThrownBy(() -> ModInfoParser.parse("=>\ta\tb\tc\n"))
                .hasMessage("could not parse Go build info: line 1: replacement with no module on previous line");
        assertThatThrownBy(() -> ModInfoParser.parse("build\tk=a b\n"))
                .hasMessage("could not parse Go build info: line 1: unquoted value \"a b\" must be quoted");
    }

    @Property(tries = 500)
    void quotingRoundTrips(@ForAll String s) {
        // Lone surrogates cannot be UTF-8 (Go strings are bytes); every other string round-trips.
        net.jqwik.api.Assume.that(s.codePoints().noneMatch(c -> c >= 0xD800 && c < 0xE000));
        assertThat(GoQuote.unquote(GoQuote.quote(s))).isEqualTo(s);
        assertThat(GoQuote.quotedPrefix(GoQuote.quote(s) + "=rest")).isEqualTo(GoQuote.quote(s).length());
    }
}
