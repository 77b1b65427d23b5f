package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * musl's string rules as {@link MuslResolution} applies them: {@code path_open}'s split of
 * LD_LIBRARY_PATH, RPATH/RUNPATH and the path file (at ':' and newlines, empty elements skipped),
 * the interpreter name {@code ld-musl-<arch>.so.1} and the path file's place.
 */
class MuslPathsTest {

    @Provide
    Arbitrary<String> element() {
        return Arbitraries.strings().withChars("abz/._-$ {}").ofMinLength(1).ofMaxLength(12);
    }

    @Property(tries = 300)
    void splitKeepsEveryNonEmptyElementInOrderWhateverTheSeparators(
            @ForAll @Size(max = 6) List<@net.jqwik.api.From("element") String> elements,
            @ForAll @Size(max = 12) List<Boolean> newlineOrColon, @ForAll @Size(max = 12) List<Integer> emptyRuns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            int empties = i < emptyRuns.size() ? Math.floorMod(emptyRuns.get(i), 3) : 0;
            for (int e = 0; e <= empties; e++) {
                sb.append(i < newlineOrColon.size() && newlineOrColon.get(i) ? '\n' : ':');
            }
            sb.append(elements.get(i));
        }
        assertThat(MuslResolution.split(sb.toString())).containsExactlyElementsOf(new ArrayList<>(elements));
    }

    @Property(tries = 200)
    void theArchIsWhatTheInterpreterNameCarries(@ForAll("arch") String arch, @ForAll("dir") String dir) {
        String interp = dir + "/ld-musl-" + arch + ".so.1";
        assertThat(MuslResolution.isMuslInterpreter(interp)).isTrue();
        assertThat(MuslResolution.arch(interp)).isEqualTo(arch);
        assertThat(MuslResolution.pathFile(interp)).endsWith("/etc/ld-musl-" + arch + ".path");
    }

    @Provide
    Arbitrary<String> arch() {
        return Arbitraries.of("x86_64", "aarch64", "armhf", "i386", "riscv64", "ppc64le", "s390x", "mips64el-sf");
    }

    @Provide
    Arbitrary<String> dir() {
        return Arbitraries.of("/lib", "/usr/local/musl/lib", "/opt/m/lib");
    }

    @Test
    void glibcLoadersAndLookalikesAreNotMusls() {
        assertThat(MuslResolution.isMuslInterpreter("/lib64/ld-linux-x86-64.so.2")).isFalse();
        assertThat(MuslResolution.isMuslInterpreter("/lib/ld-musl-x86_64.so.2")).isFalse();
        assertThat(MuslResolution.isMuslInterpreter("/lib/ld-musl-x86_64.so.1/x")).isFalse();
        assertThat(MuslResolution.isMuslInterpreter(null)).isFalse();
    }

    @Test
    void thePathFileIsReadFromTheInterpretersPrefix() {
        assertThat(MuslResolution.pathFile("/lib/ld-musl-x86_64.so.1")).isEqualTo("/etc/ld-musl-x86_64.path");
        assertThat(MuslResolution.pathFile("/usr/local/musl/lib/ld-musl-aarch64.so.1"))
                .isEqualTo("/usr/local/musl/etc/ld-musl-aarch64.path");
        assertThat(MuslResolution.pathFile("ld-musl-x86_64.so.1")).isEqualTo("/etc/ld-musl-x86_64.path");
    }
}
