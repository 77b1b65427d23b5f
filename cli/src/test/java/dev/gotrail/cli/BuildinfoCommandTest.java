package dev.gotrail.cli;

import static dev.gotrail.cli.CliRun.gotrail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.GoBinaries;
import dev.gotrail.testsupport.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail buildinfo}: go version -m's report, SPEC §6's JSON, and the exit codes. */
class BuildinfoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void humanReportIsWhatGoVersionMPrints() throws Exception {
        Path go19 = RealTools.go("1.19");
        Path release = GoBinaries.byName("1.23/release").file();
        CliRun run = gotrail("buildinfo", go19.toString(), release.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(goVersionM(go19, release));
    }

    @Test
    void jsonHasSpecKeysWithReplacementsAndSettings() {
        Path release = GoBinaries.byName("1.23/release").file();
        CliRun run = gotrail("buildinfo", "--json", release.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("\"file\": \"" + release + "\"")
                .containsPattern("\"goVersion\": \"go1\\.23\\.\\d+\"")
                .contains("\"path\": \"example.com/app\"")
                .containsPattern("\"main\": \\{\\s*\"path\": \"example.com/app\"")
                .containsPattern("\"path\": \"example.com/greet\",\\s*\"version\": \"v1.0.0\",\\s*\"sum\": \"h1:[^\"]+\",\\s*\"replace\": null")
                .containsPattern("\"path\": \"example.com/lib\",\\s*\"version\": \"v0.0.0\",\\s*\"sum\": \"\",\\s*\"replace\": \\{\\s*\"path\": \"../lib\"")
                .containsPattern("\"settings\": \\{\\s*\"-buildmode\": \"exe\"")
                .contains("\"-trimpath\": \"true\"", "\"CGO_ENABLED\": \"0\"", "\"vcs.modified\": \"false\"");
    }

    @Test
    void notAGoBinaryIsAnErrorObjectAndExitOne() {
        CliRun run = gotrail("buildinfo", "--json", "/bin/ls");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"file\": \"/bin/ls\"", "\"error\": \"not a Go binary");
        CliRun human = gotrail("buildinfo", "/bin/ls");
        assertThat(human.exit()).isEqualTo(1);
        assertThat(human.err()).contains("/bin/ls: not a Go binary");
    }

    @Test
    void corruptBuildInfoIsExitOneNamingTheOffset() throws Exception {
        byte[] go = Files.readAllBytes(RealTools.go("1.23"));
        Path cut = Files.write(tmp.resolve("cut"), java.util.Arrays.copyOf(go, 100));
        CliRun run = gotrail("buildinfo", "--json", cut.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("corrupt Go build information: " + cut + ": offset ");
    }

    @Test
    void unreadableFileIsExitTwo() {
        CliRun run = gotrail("buildinfo", tmp.resolve("missing").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("missing: no such file");
        CliRun directory = gotrail("buildinfo", tmp.toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).contains(tmp + ": is a directory");
        assertThat(gotrail("buildinfo").exit()).isEqualTo(2);
        assertThat(gotrail("buildinfo", "--bogus", "x").exit()).isEqualTo(2);
    }

    private static String goVersionM(Path... files) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(RealTools.go("1.23").toString(), "version", "-m"));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GOTOOLCHAIN", "local");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return out;
    }
}
