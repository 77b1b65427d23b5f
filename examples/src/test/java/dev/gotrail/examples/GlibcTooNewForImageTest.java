package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "GLIBC too new": a go binary built on a new system is copied into an old image and
 * dies with {@code version `GLIBC_2.34' not found}. gotrail reports it before anything runs,
 * and lets CI pin a glibc floor.
 */
@NeedsTools({Tool.GO_1_19})
class GlibcTooNewForImageTest {

    private static final Path GO119 = Path.of("/usr/lib/go-1.19/bin/go"); // Debian's go 1.19 is dynamically linked

    @Test
    @NeedsTools({Tool.GCC})
    void theMissingSymbolVersionIsReportedWithoutRunningTheBinary(@TempDir Path work) throws Exception {
        Path root = ImageRoots.withLibc(work.resolve("old-image"), ImageRoots.oldLibc(work));
        String go = ImageRoots.install(root, GO119, "/usr/local/go/bin/go");

        LinkMap map = Loader.at(root).resolve(go);

        assertThat(map.versionProblems()).anySatisfy(p -> {
            assertThat(p.version()).isEqualTo("GLIBC_2.34");
            assertThat(p.message()).contains("version `GLIBC_2.34' not found (required by /usr/local/go/bin/go)");
        });
        assertThatThrownBy(() -> assertThat(map).hasNoVersionProblems())
                .hasMessageContaining("GLIBC_2.34");
    }

    @Test
    void ciCanPinAGlibcFloorForReleaseBinaries() throws Exception {
        ElfFile go = ElfFile.read(GO119);
        assertThat(go).isDynamicallyLinked().needs("libc.so.6").requiresAtMost("GLIBC", "2.34");
        // A stricter floor names the offending version and the file:
        assertThatThrownBy(() -> assertThat(go).requiresAtMost("GLIBC", "2.31"))
                .hasMessageContaining("GLIBC_2.34").hasMessageContaining(GO119.toString());
    }
}
