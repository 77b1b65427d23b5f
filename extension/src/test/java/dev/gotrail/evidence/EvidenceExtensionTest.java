package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.gotrail.trace.GoTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

class EvidenceExtensionTest {

    @TempDir
    Path tmp;

    private EngineExecutionResults run(DiscoverySelector selector, Map<String, String> extra) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .selectors(selector)
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.test.workdir", tmp.resolve("work").toString())
                .configurationParameter("gotrail.evidence.dir", tmp.resolve("evidence").toString())
                .outputDirectoryCreator(new ReportsDirectory(tmp.resolve("reports")))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent");
        extra.forEach(kit::configurationParameter);
        return kit.execute();
    }

    private List<Path> evidenceDirs() throws IOException {
        Path root = tmp.resolve("evidence");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.sorted().toList();
        }
    }

    private static Throwable failureOf(Event event) {
        TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
        return result.getThrowable().orElseThrow();
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void failingTestGetsFilesAttachmentsAndADigest() throws Exception {
        EngineExecutionResults results = run(selectMethod(EvidenceFixtures.OneFailingOnePassing.class, "failing"), Map.of());

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        List<Path> dirs = evidenceDirs();
        assertThat(dirs).hasSize(1);
        Path dir = dirs.get(0);
        assertThat(dir.getFileName().toString()).matches("EvidenceFixtures\\.OneFailingOnePassing\\.failing-[0-9a-f]{8}");
        assertThat(dir.resolve("summary.txt")).content().contains("FAILED", "expected GOROOT /usr/local/go",
                "=== toolchain ===", "GOROOT:         /usr/lib/go-1.21", "=== trace 1: go env GOROOT ===");
        assertThat(dir.resolve("commands.txt")).content().contains("$ ", "strace", "exit:    0", "GOTRAIL_MARKER=failing");
        // the toolchain's one JSON shape (the doctor's keys): goroot.effective and goroot.source
        assertThat(dir.resolve("toolchain.json")).content().contains("\"effective\": \"/usr/lib/go-1.21\"", "\"source\": \"EXE_DERIVED\"");
        assertThat(dir.resolve("trace-1.log")).content().contains("execve(\"/usr/lib/go-1.21/bin/go\"");
        assertThat(dir.resolve("evidence.html")).content().contains("<!DOCTYPE html>", "FAILED");

        // published through JUnit for Open Test Reporting / Gradle, one entry per file
        List<String> published = results.allEvents().stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(FileEntry.class).orElseThrow().getPath().getFileName().toString()).sorted().toList();
        assertThat(published).containsExactlyInAnyOrder("summary.txt", "evidence.html", "commands.txt", "toolchain.json", "trace-1.log");
        results.allEvents().stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(FileEntry.class).orElseThrow().getPath())
                .forEach(p -> assertThat(p).exists().startsWith(tmp.resolve("reports")));

        // the failure carries the digest as a suppressed exception
        Throwable failure = failureOf(results.testEvents().failed().list().get(0));
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0]).isInstanceOf(EvidenceDigest.class);
        EvidenceDigest digest = (EvidenceDigest) failure.getSuppressed()[0];
        assertThat(digest.lines()).hasSizeLessThanOrEqualTo(EvidenceDigest.MAX_LINES);
        assertThat(digest.getMessage())
                .contains("gotrail evidence for", "(FAILED)")
                .contains("expected: the GOROOT of failing is /usr/local/go")
                .contains("failure:  expected GOROOT /usr/local/go but go env said /usr/lib/go-1.21")
                .contains("toolchain: go1.21")
                .contains("trace: go env GOROOT exited 0")
                .contains("files: " + dir)
                .contains("open:  " + dir.resolve("evidence.html").toUri());
        assertThat(digest.getStackTrace()).isEmpty();
        assertThat(digest.directory()).isEqualTo(dir);
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void passingTestPublishesNothingByDefault() throws Exception {
        EngineExecutionResults results = run(selectMethod(EvidenceFixtures.OneFailingOnePassing.class, "passing"), Map.of());

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(evidenceDirs()).isEmpty();
        assertThat(results.allEvents().stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)).isEmpty();
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void alwaysPublishesPassingTestsWithoutTouchingTheResult() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.OneFailingOnePassing.class), Map.of("gotrail.evidence", "always"));

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        List<Path> dirs = evidenceDirs();
        assertThat(dirs).extracting(d -> d.getFileName().toString().replaceAll("-[0-9a-f]{8}$", ""))
                .containsExactlyInAnyOrder("EvidenceFixtures.OneFailingOnePassing.failing", "EvidenceFixtures.OneFailingOnePassing.passing");
        Path passing = dirs.stream().filter(d -> d.getFileName().toString().contains(".passing-")).findFirst().orElseThrow();
        assertThat(passing.resolve("summary.txt")).content().contains("(PASSED)").doesNotContain("FAILED");
    }

    @Test
    void neverPublishesEvenFailures() throws Exception {
        EngineExecutionResults results = run(selectMethod(EvidenceFixtures.OneFailingOnePassing.class, "failing"), Map.of("gotrail.evidence", "never"));

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(evidenceDirs()).isEmpty();
        assertThat(failureOf(results.testEvents().failed().list().get(0)).getSuppressed()).isEmpty();
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void resolvedToolchainAloneIsEvidence() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.FailingWithToolchainOnly.class), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        List<Path> dirs = evidenceDirs();
        assertThat(dirs).hasSize(1);
        assertThat(files(dirs.get(0))).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("summary.txt", "evidence.html", "toolchain.json");
        assertThat(dirs.get(0).resolve("summary.txt")).content()
                .contains("expected: @RequiresGoroot(go=/usr/lib/go-1.21/bin/go, consistent=true)", "sources consulted:");
    }

    @Test
    void invalidModeFailsWithAFix() {
        EngineExecutionResults results = run(selectMethod(EvidenceFixtures.OneFailingOnePassing.class, "failing"), Map.of("gotrail.evidence", "sometimes"));

        Throwable failure = failureOf(results.testEvents().failed().list().get(0));
        List<Throwable> all = new ArrayList<>(Arrays.asList(failure.getSuppressed()));
        all.add(failure);
        assertThat(all).anySatisfy(t -> assertThat(t).hasMessageContaining("gotrail.evidence is 'sometimes' but must be on-failure|always|never"));
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void sixConcurrentTestsEachGetTheirOwnEvidence() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.SixFailing.class), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(6));
        List<String> names = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
        List<Path> dirs = evidenceDirs();
        assertThat(dirs).hasSize(6);
        for (String name : names) {
            Path dir = dirs.stream().filter(d -> d.getFileName().toString().startsWith("EvidenceFixtures.SixFailing." + name + "-")).findFirst().orElseThrow();
            for (Path file : files(dir)) {
                String content = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String other : names) {
                    if (other.equals(name)) {
                        continue;
                    }
                    assertThat(content).as("%s must not mention %s", file, other)
                            .doesNotContain("GOTRAIL_MARKER=" + other).doesNotContain(other + " failed")
                            .doesNotContain("the GOROOT of " + other);
                }
            }
            assertThat(dir.resolve("commands.txt")).content().contains("GOTRAIL_MARKER=" + name);
            assertThat(dir.resolve("trace-1.log")).content().contains("GOTRAIL_MARKER=" + name);
            assertThat(dir.resolve("trace-2.log")).content().contains("GOTRAIL_MARKER=" + name); // @TraceGoCommand's
            assertThat(dir.resolve("summary.txt")).content().contains(name + " failed", "recorded by " + name);
        }
        for (Event failed : results.testEvents().failed().list()) {
            String method = failed.getTestDescriptor().getDisplayName().replace("()", "");
            EvidenceDigest digest = (EvidenceDigest) failureOf(failed).getSuppressed()[0];
            assertThat(digest.directory().getFileName().toString()).startsWith("EvidenceFixtures.SixFailing." + method + "-");
            assertThat(digest.getMessage()).contains(method + " failed").contains("recorded by " + method);
        }
    }

    /** Where JUnit puts published files; EngineTestKit writes none unless given one of these. */
    record ReportsDirectory(Path root) implements OutputDirectoryCreator {
        @Override
        public Path getRootDirectory() {
            return root;
        }

        @Override
        public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
            return Files.createDirectories(root.resolve(EvidenceDirectoryName.of(descriptor.getUniqueId().toString())));
        }
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void unmetRequirementPublishesTheToolchainItFound() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.RequirementNotMet.class), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = failureOf(results.testEvents().failed().list().get(0));
        assertThat(failure).hasMessageContaining("does not satisfy \">=1.99\"");
        EvidenceDigest digest = (EvidenceDigest) failure.getSuppressed()[0];
        assertThat(digest.getMessage())
                .contains("expected: @RequiresGoroot(go=/usr/lib/go-1.21/bin/go, version=>=1.99, consistent=true)")
                .contains("toolchain: go1.21");
        assertThat(digest.directory().resolve("toolchain.json")).content().contains("\"version\": \"go1.21");
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void traceGoCommandTraceIsPublishedWithItsProcessTree() throws Exception {
        EngineExecutionResults results = run(selectMethod(EvidenceFixtures.TracedWithSecrets.class, "failsAfterTracing",
                GoTrace.class.getName()), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        EvidenceDigest digest = (EvidenceDigest) failureOf(results.testEvents().failed().list().get(0)).getSuppressed()[0];
        Path dir = digest.directory();
        assertThat(dir.resolve("summary.txt")).content()
                .contains("=== trace 1: go env GOROOT ===", "effective GOROOT: /usr/lib/go-1.21 (source EXE_DERIVED",
                        "processes:", "/usr/lib/go-1.21/bin/go env GOROOT -> exit 0", "failed accesses:", "go.mod ENOENT",
                        "--- stdout ---\n/usr/lib/go-1.21\n");
        assertThat(dir.resolve("evidence.html")).content().contains("Process tree", "go.mod ENOENT");
        assertThat(dir.resolve("trace-1.log")).content().startsWith("").contains("execve(\"/usr/lib/go-1.21/bin/go\"");
    }

    @Test
    void assumeSharedLibsLinkMapIsPublishedAsATree() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.LinkMapThenFailure.class), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        EvidenceDigest digest = (EvidenceDigest) failureOf(results.testEvents().failed().list().get(0)).getSuppressed()[0];
        assertThat(digest.getMessage()).contains("link map: /usr/bin/ls: ", "0 missing, 0 version problem(s)");
        assertThat(digest.directory().resolve("linkmap.txt")).content()
                .startsWith("/usr/bin/ls\n").contains("libc.so.6 [ld.so.cache] " + dev.gotrail.assertj.SystemLibs.libc());
        assertThat(digest.directory().resolve("evidence.html")).content().contains("Link maps", "libc.so.6 [ld.so.cache]");
    }

    @Test
    @NeedsTools({Tool.GO_1_21, Tool.STRACE}) // the fixtures run go 1.21, traced
    void tracesOfShimCallsArePublished() throws Exception {
        EngineExecutionResults results = run(selectClass(EvidenceFixtures.ShimCallThenFailure.class), Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        Throwable failure = failureOf(results.testEvents().failed().list().get(0));
        assertThat(failure).hasMessage("intended failure after a go call through the shim");
        EvidenceDigest digest = (EvidenceDigest) failure.getSuppressed()[0];
        assertThat(digest.getMessage()).contains("trace: go version exited 0");
        assertThat(digest.directory().resolve("trace-1.log")).content().contains("execve(\"/usr/lib/go-1.21/bin/go\"");
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
