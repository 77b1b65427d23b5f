package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.evidence.EvidenceDigest;
import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.loader.Loader;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The public evidence handle: a test that uses Loader, ElfFile and its own commands directly,
 * with {@link CollectEvidence} and an injected {@link GoEvidence}, gets their evidence written like
 * the annotations' — and a test that passes in a later run leaves no stale directory behind.
 */
class GoEvidenceTest {

    /** Where each fixture test was told its evidence goes (directory()), by display name. */
    static final Map<String, Path> TOLD = new ConcurrentHashMap<>();
    static volatile boolean failNow = true;

    @TestKitOnly
    @CollectEvidence
    static class UsesTheLibraryDirectly {

        @BeforeAll
        static void classLevel(GoEvidence evidence) {
            evidence.note("class-level note from @BeforeAll");
        }

        @Test
        void resolvesInspectsRunsAndFails(GoEvidence evidence) throws IOException {
            Path go = RealTools.go("1.19"); // dynamically linked: a link map with libraries
            evidence.add(Loader.at("/").resolve(go))
                    .add(ElfFile.read(go))
                    .add(CommandRunner.run(CommandSpec.of(go.toString(), "version")))
                    .note("checked the release binary by hand");
            TOLD.put("resolvesInspectsRunsAndFails", evidence.directory());
            assertThat(go.toString()).as("fails on purpose").isEqualTo("/usr/local/go/bin/go");
        }

        @Test
        void passesWithEvidence(GoEvidence evidence) {
            evidence.note("a passing test's note");
            TOLD.put("passesWithEvidence", evidence.directory());
        }
    }

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class FailsFirstThenPasses {
        @Test
        void flaky(GoEvidence evidence) {
            TOLD.put("flaky", evidence.directory());
            assertThat(failNow).as("fails in the first run only").isFalse();
        }
    }

    private static EngineExecutionResults run(Path evidence, org.junit.platform.engine.DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selector)
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence.dir", evidence.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .execute();
    }

    @Test
    void whatTheTestAddsIsWrittenWithItsFailure(@TempDir Path tmp) throws IOException {
        Path go = RealTools.go("1.19");
        Path evidence = tmp.resolve("evidence");
        EngineExecutionResults results = run(evidence, selectClass(UsesTheLibraryDirectly.class));
        results.testEvents().assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));

        Path dir = TOLD.get("resolvesInspectsRunsAndFails");
        assertThat(dir).as("directory() is the directory written").isDirectory().startsWithRaw(evidence.toAbsolutePath());
        assertThat(names(dir)).contains("evidence.html", "summary.txt", "commands.txt", "linkmap.txt", "linkmap.json", "elf.txt");
        assertThat(dir.resolve("linkmap.txt")).content().contains(go.toString(), "libc.so.6 [ld.so.cache]");
        assertThat(dir.resolve("elf.txt")).content().contains(go.toString(),
                "interpreter: /lib64/ld-linux-x86-64.so.2", "needed:      libc.so.6", "requires:    libc.so.6: ", "GLIBC_2.34", "little-endian, executable");
        assertThat(dir.resolve("commands.txt")).content().contains(go + " version", "go1.19");
        assertThat(dir.resolve("summary.txt")).content()
                .contains("checked the release binary by hand", "class-level note from @BeforeAll", "=== ELF files");
        assertThat(dir.resolve("evidence.html")).content().contains("ELF files", "checked the release binary by hand");

        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        EvidenceDigest digest = (EvidenceDigest) List.of(failure.getSuppressed()).stream()
                .filter(EvidenceDigest.class::isInstance).findFirst().orElseThrow();
        assertThat(digest.getMessage()).contains("elf: " + go, "note: checked the release binary by hand", "files: " + dir);

        assertThat(TOLD.get("passesWithEvidence")).as("a passing test writes nothing by default").doesNotExist();
    }

    @Test
    void aTestThatPassesInALaterRunLeavesNoStaleEvidence(@TempDir Path tmp) throws IOException {
        RealTools.go("1.21");
        Path evidence = tmp.resolve("evidence");
        failNow = true;
        run(evidence, selectMethod(FailsFirstThenPasses.class, "flaky", GoEvidence.class.getName()))
                .testEvents().assertStatistics(stats -> stats.failed(1));
        Path dir = TOLD.get("flaky");
        assertThat(names(dir)).contains("summary.txt", "toolchain.json");

        failNow = false;
        run(evidence, selectMethod(FailsFirstThenPasses.class, "flaky", GoEvidence.class.getName()))
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(dir).as("the evidence of the earlier failure is gone").doesNotExist();
        assertThat(TOLD.get("flaky")).isEqualTo(dir);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

}
