package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.junit.CollectEvidence;
import dev.gotrail.junit.GoEvidence;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test that uses gotrail's library directly — {@code Loader}, {@code ElfFile}, its own commands —
 * and keeps what it found as evidence: {@code @CollectEvidence} and a {@code GoEvidence}
 * parameter. Had an assertion failed, {@code target/gotrail/<test>/} would hold linkmap.txt,
 * linkmap.json, elf.txt, commands.txt, summary.txt and evidence.html (docs/evidence.md).
 */
@CollectEvidence
@NeedsTools({Tool.GO_1_19, Tool.GCC})
class DirectLibraryEvidenceTest {

    private static final Path GO119 = Path.of("/usr/lib/go-1.19/bin/go"); // Debian's go 1.19 is dynamically linked

    @Test
    void theReleaseBinaryWouldNotStartInTheOldImage(GoEvidence evidence, @TempDir Path work) throws Exception {
        Path root = ImageRoots.withLibc(work.resolve("old-image"), ImageRoots.oldLibc(work));

        LinkMap inImage = Loader.at(root).place(GO119, "/usr/local/go/bin/go"); // as if copied there
        ElfFile binary = ElfFile.read(GO119);
        CommandResult version = CommandRunner.run(CommandSpec.of(GO119.toString(), "version"));
        evidence.add(inImage).add(binary).add(version).note("image: an old base image whose libc defines only GLIBC_2.2.5");

        assertThat(inImage).wouldNotRun().hasVersionProblem("GLIBC_2.34");
        assertThat(inImage.hostFile()).contains(GO119.toString());
        assertThat(inImage.glibc()).hasValueSatisfying(glibc -> assertThat(glibc.version()).hasToString("2.2.5"));
        // what a failing check would say: the root, the glibc it provides, then the tree
        assertThatThrownBy(() -> assertThat(inImage).wouldRun())
                .hasMessageContaining("/usr/local/go/bin/go (host file " + GO119 + ")")
                .hasMessageContaining("root " + root + " provides glibc 2.2.5 (/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(evidence.directory()).as("kept here when the test fails").startsWithRaw(Path.of("target/gotrail").toAbsolutePath());
    }

    @Test
    void thisMachineProvidesTheGlibcTheBinaryNeeds(GoEvidence evidence) throws Exception {
        LinkMap onHost = Loader.at("/").resolve(GO119);
        evidence.add(onHost);

        assertThat(onHost).wouldRun().requiresAtMost("GLIBC", onHost.glibc().orElseThrow().version().toString());
    }
}
