package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gotrail doctor} against the real go toolchains of this machine. */
class DoctorCommandTest {

    static CliRun doctor(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        return CliRun.gotrail(all);
    }

    @Test
    void healthyGo123IsReportedWithTraceEvidenceAsJson() {
        RealTools.strace();
        Path go = RealTools.go("1.23");
        CliRun run = doctor("--json", "--go", go.toString());
        assertThat(run.out())
                .contains("\"path\": \"" + go + "\"")
                .contains("\"effective\": \"/usr/lib/go-1.23\"")
                .contains("\"source\": \"EXE_DERIVED\"")
                .contains("\"version\": \"go1.23.5\"")
                .contains("\"available\": true")
                .contains("\"ptraceAllowed\": true")
                // the trace proves the GOROOT: the stat of pkg/tool after reading /proc/self/exe
                .contains("/usr/lib/go-1.23/pkg/tool")
                // Debian's go 1.23 is statically linked: no glibc floor
                .contains("\"glibcFloor\": null")
                .contains("\"status\": \"SUCCESSFUL\"")
                .doesNotContain("\"status\": \"FAILED\"");
        assertThat(run.exit()).as(run.out()).isZero();
    }

    /**
     * The doctor says whether go could run inside an image here (@GoImage, image --run), and why
     * not, without failing this machine's diagnosis for it: only image tests need a sandbox.
     */
    @Test
    void theSandboxForImagesIsReportedButNeverFailsTheDiagnosis() {
        Path bwrap = RealTools.onPath("bwrap", "bubblewrap");
        Path go = RealTools.go("1.23");
        CliRun run = doctor("--json", "--go", go.toString());
        assertThat(run.out()).contains("\"sandbox\": {", "\"kind\": \"BUBBLEWRAP\"", "\"executable\": \"" + bwrap + "\"",
                "\"usable\": true");
        CliRun human = doctor("--go", go.toString());
        assertThat(human.out()).contains("sandbox (for @GoImage and gotrail image --run)\n  bubblewrap (" + bwrap + ")");

        dev.gotrail.process.CommandResult none = MainTest.java("-Dgotrail.sandbox=none", "doctor", "--go", go.toString());
        assertThat(none.exitCode()).as(none.stdout() + none.stderr()).isZero();
        assertThat(none.stdout()).contains("no sandbox to run go inside an image: gotrail.sandbox=none. Fix: remove gotrail.sandbox");
    }

    /** getting-started.md shows a doctor report: its sections and labels are those a real run prints. */
    @Test
    void theSampleReportOfGettingStartedHasTheSectionsOfARealRun() throws java.io.IOException {
        Path go = RealTools.go("1.19");
        RealTools.strace();
        CliRun run = doctor("--go", go.toString());
        String doc = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/getting-started.md"));
        String sample = doc.substring(doc.indexOf("```\ngotrail doctor\n") + 4);
        sample = sample.substring(0, sample.indexOf("```"));

        // findings depend on the machine (the sample's go is a symlink); every other section is always printed
        assertThat(skeleton(sample)).filteredOn(l -> !l.equals("findings")).isEqualTo(
                skeleton(run.out()).stream().filter(l -> !l.equals("findings")).toList());
    }

    /** The section headers ("GOROOT", "shared libraries of …") and field labels ("  effective:") of a report, in order. */
    private static List<String> skeleton(String report) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("^  ([A-Za-z$][A-Za-z$ ,]*):\\s");
        for (String line : report.lines().toList()) {
            java.util.regex.Matcher m = label.matcher(line);
            if (m.find()) {
                out.add("  " + m.group(1) + ":");
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                out.add(line.startsWith("shared libraries of ") ? "shared libraries of" : line.replaceFirst(":.*", ":"));
            }
        }
        return out;
    }

    @Test
    void dynamicGo119ShowsItsLinkMapAndGlibcFloor() {
        Path go = RealTools.go("1.19");
        CliRun run = doctor("--go", go.toString());
        assertThat(run.out())
                .contains("diagnosed:          " + go)
                .contains("version:            go1.19.8")
                .contains("libc.so.6 [ld.so.cache]")
                .contains("glibc floor: GLIBC_2.34");
    }

    @Test
    void aNonexistentGoIsAUsageErrorThatSaysWhereItLooked() {
        CliRun run = doctor("--go", "/nonexistent/bin/go");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out())
                .contains("No go binary found. Looked in:")
                .contains("/nonexistent/bin/go")
                .contains("/usr/lib/go-*/bin/go")
                .contains("[go-not-found]")
                .contains("verdict: no usable go (exit 2)");
        // the fix names the CLI's option, not the library's annotation or system property
        assertThat(run.out()).contains("fix: point --go at an existing go binary")
                .doesNotContain("@RequiresGoroot").doesNotContain("gotrail.go /");
    }

    @Test
    void unknownArgumentsAreUsageErrors() {
        CliRun run = doctor("--frobnicate");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("gotrail doctor: Unknown option: '--frobnicate'").contains("Usage: gotrail doctor");
    }

    /** $GOROOT can only be staged in a child JVM: the doctor reads the real environment. */
    @Test
    void staleGorootFromAnotherVersionIsAProblemWithAFix() {
        Path go123 = RealTools.go("1.23");
        Path goroot121 = RealTools.goroot("1.21");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandResult result = CommandRunner.run(CommandSpec.of(java, "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "doctor", "--go", go123.toString())
                .withEnv("GOROOT", goroot121.toString())
                .withTimeout(Duration.ofMinutes(3)));
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stdout())
                .contains("$GOROOT:            " + goroot121)
                .contains("FAILED  GOROOT sources agree")
                .contains("[goroot-env-other-version]")
                .contains("does not match go tool version")
                .contains("fix: unset GOROOT")
                .contains("verdict: problems found (exit 1)");
    }

    @Test
    void aGoThatIsADirectoryOrNotExecutableIsUnreadableInputWithExitTwo() throws Exception {
        Path dir = Files.createTempDirectory("gotrail-doctor-dir");
        Path plain = Files.createFile(dir.resolve("go"));
        try {
            for (Path go : List.of(dir, plain)) {
                CliRun run = doctor("--go", go.toString());
                assertThat(run.exit()).as(run.out()).isEqualTo(2);
                assertThat(run.out()).contains("[go-not-executable]").contains("verdict: no usable go (exit 2)");
            }
        } finally {
            Files.delete(plain);
            Files.delete(dir);
        }
    }

    @Test
    void allAndGoExcludeEachOther() {
        CliRun run = doctor("--all", "--go", "/usr/bin/go");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("gotrail doctor: --all and --go exclude each other").contains("Usage: gotrail doctor");
    }

    /** Every go of this machine (Debian's 1.19 behind /usr/bin/go and /bin/go, 1.21, 1.22, 1.23), each diagnosed once. */
    @Test
    void allDiagnosesEveryGoOnceByRealBinary() throws Exception {
        List<String> versions = new java.util.ArrayList<>();
        for (String v : List.of("1.19", "1.21", "1.22", "1.23")) {
            versions.add(Files.readAllLines(RealTools.goroot(v).resolve("VERSION")).get(0).strip());
        }
        List<Path> gos = DoctorCommand.everyGo();
        assertThat(gos.stream().map(DoctorCommandTest::real).distinct()).hasSameSizeAs(gos)
                .contains(real(RealTools.go("1.19")), real(RealTools.go("1.21")), real(RealTools.go("1.22")), real(RealTools.go("1.23")));

        CliRun json = doctor("--all", "--json");

        assertThat(json.out().strip()).startsWith("[").endsWith("]");
        for (String version : versions) {
            assertThat(json.out()).contains("\"version\": \"" + version + "\"");
        }
        // one report per real binary: as many "realPath" keys as toolchains (the link map has none)
        assertThat(json.out().split("\"realPath\": ", -1)).hasSize(gos.size() + 1);
        assertThat(json.exit()).isIn(0, 1);

        CliRun human = doctor("--all");
        assertThat(human.out()).contains("gotrail doctor --all: " + gos.size() + " go toolchains");
        for (Path go : gos) {
            assertThat(human.out()).contains("diagnosed:          " + go).containsPattern("\n  " + java.util.regex.Pattern.quote(go.toString())
                    + " +go1\\.\\d+\\.\\d+ +(healthy|problems found)\n");
        }
        assertThat(human.out().strip()).endsWith(human.exit() == 0 ? "verdict: healthy" : "verdict: problems found (exit 1)");
        assertThat(human.exit()).isEqualTo(json.exit());
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
