package dev.gotrail.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gotrail.testsupport.GoBinaries;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every field {@code go version -m} prints, compared with what {@link GoBuildInfo} reads, for every
 * Go binary of this machine (each toolchain's {@code bin/} and {@code pkg/tool/}) and the
 * {@link GoBinaries} matrix (Go 1.19–1.23; CGO on/off, -trimpath, pie, c-shared, plugin,
 * -ldflags=-s -w, VCS clean/modified, a replace, cross builds for arm64, 386, arm, ppc64, s390x,
 * darwin, windows), plus copies of real binaries with the section headers removed and with the
 * build information rewritten into the pre-1.18 pointer-based form. The oracle is one run of Go
 * 1.23's {@code go version -m} over all of them; agreement must be 100%, including the files go
 * calls "not a Go executable" (Go 1.19's plugins), which must read as empty.
 */
class GoVersionConformanceTest {

    private static final List<Path> FILES = new ArrayList<>();
    private static final Map<String, String> GO_SAYS = new LinkedHashMap<>();
    /** Files go version -m calls "not a Go executable" (Go 1.19's plugins carry no build information). */
    private static final List<String> NOT_GO = new ArrayList<>();
    private static final List<String> GO_ERRORS = new ArrayList<>();

    @BeforeAll
    static void runGoVersionOnce() throws Exception {
        for (String v : RealTools.GO_VERSIONS) {
            Path goroot = RealTools.goroot(v);
            try (Stream<Path> bin = Files.list(goroot.resolve("bin"));
                 Stream<Path> tools = Files.list(goroot.resolve("pkg/tool")).flatMap(GoVersionConformanceTest::list)) {
                Stream.concat(bin, tools).filter(Files::isRegularFile).sorted().forEach(FILES::add);
            }
        }
        for (GoBinaries.Binary b : GoBinaries.all()) {
            FILES.add(b.file());
        }
        Path derived = Files.createDirectories(GoBinaries.root().resolve("derived"));
        for (String name : List.of("1.23/stripped", "1.23/linux-s390x", "1.23/linux-386", "1.19/pie")) {
            Path to = derived.resolve("nosections-" + name.replace('/', '_'));
            ElfSurgery.removeSectionHeaders(GoBinaries.byName(name).file(), to);
            FILES.add(to);
        }
        for (String name : List.of("1.23/cgo0", "1.23/linux-386", "1.23/linux-s390x", "1.23/linux-arm", "1.19/linux-s390x")) {
            Path to = derived.resolve("pointer-" + name.replace('/', '_'));
            ElfSurgery.rewriteAsPointerForm(GoBinaries.byName(name).file(), to);
            FILES.add(to);
            Path both = derived.resolve("pointer-nosections-" + name.replace('/', '_'));
            ElfSurgery.removeSectionHeaders(to, both);
            FILES.add(both);
        }

        List<String> cmd = new ArrayList<>(List.of(RealTools.go("1.23").toString(), "version", "-m"));
        FILES.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GOTOOLCHAIN", "local");
        Path out = Files.createTempFile(GoBinaries.root(), "go-version", ".out");
        Path err = Files.createTempFile(GoBinaries.root(), "go-version", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("go version -m finished").isTrue();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            String file = line.substring(0, Math.max(0, line.indexOf(": could not read Go build info from ")));
            if (line.equals(file + ": could not read Go build info from " + file + ": not a Go executable")) {
                NOT_GO.add(file);
            } else {
                GO_ERRORS.add(line);
            }
        }
        String current = null;
        StringBuilder entry = new StringBuilder();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (!line.startsWith("\t")) {
                if (current != null) {
                    GO_SAYS.put(current, entry.toString());
                }
                current = line.substring(0, line.lastIndexOf(": "));
                entry.setLength(0);
            }
            entry.append(line).append('\n');
        }
        if (current != null) {
            GO_SAYS.put(current, entry.toString());
        }
        System.out.println("GoVersionConformanceTest: comparing " + FILES.size() + " binaries with go version -m ("
                + GO_SAYS.size() + " with build information, " + NOT_GO.size() + " that go calls not a Go executable)");
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void goReadsEveryBinaryWithoutComplaint() {
        assertThat(GO_ERRORS).as("go version -m errors other than 'not a Go executable'").isEmpty();
        assertThat(GO_SAYS.keySet()).as("every file reported by go version -m")
                .containsExactlyElementsOf(FILES.stream().map(Path::toString).filter(f -> !NOT_GO.contains(f)).toList());
        assertThat(FILES.size()).as("binaries compared").isGreaterThanOrEqualTo(84 + 40);
    }

    @TestFactory
    Stream<DynamicTest> everyFieldAgreesWithGoVersionM() {
        return FILES.stream().map(f -> dynamicTest(f.toString(), () -> {
            if (NOT_GO.contains(f.toString())) {
                assertThat(GoBuildInfo.read(f)).as("go version -m says: not a Go executable").isEmpty();
                return;
            }
            GoBuildInfo info = GoBuildInfo.read(f).orElseThrow(() -> new AssertionError(f + ": read as not a Go binary"));
            assertThat(info.versionReport(f.toString())).isEqualTo(GO_SAYS.get(f.toString()));
            // The report is rendered from the parsed fields; check the fields go prints first too.
            assertThat(GO_SAYS.get(f.toString())).startsWith(f + ": " + info.goVersion() + "\n");
        }));
    }

    @Test
    void matrixCoversWhatTheIssueAsks() throws IOException {
        GoBuildInfo s390x = GoBuildInfo.read(GoBinaries.byName("1.23/linux-s390x").file()).orElseThrow();
        assertThat(s390x.settings()).containsEntry("GOARCH", "s390x");
        GoBuildInfo win = GoBuildInfo.read(GoBinaries.byName("1.23/windows-amd64").file()).orElseThrow();
        assertThat(win.binaryFormat()).isEqualTo("PE");
        assertThat(GoBuildInfo.read(GoBinaries.byName("1.23/darwin-arm64").file()).orElseThrow().binaryFormat()).isEqualTo("Mach-O");
        GoBuildInfo release = GoBuildInfo.read(GoBinaries.byName("1.19/modified").file()).orElseThrow();
        assertThat(release.vcsModified()).contains(true);
        assertThat(release.dependency("example.com/lib").flatMap(GoModule::replacement).map(GoModule::path)).contains("../lib");
        assertThat(release.dependency("example.com/greet").map(GoModule::sum).orElseThrow()).startsWith("h1:");
    }
}
