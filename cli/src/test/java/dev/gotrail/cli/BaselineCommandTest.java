package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.GoBinaries;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gotrail baseline record|verify}, each run in a JVM of its own so that the test decides
 * whether {@code CI} is set: round trip, drift with the diff and exit 1, JSON, record and update
 * refused under CI, a missing baseline created locally and failing in CI.
 */
class BaselineCommandTest {

    @TempDir
    Path tmp;

    private CommandResult gotrail(boolean ci, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "baseline"));
        command.addAll(List.of(args));
        CommandSpec spec = CommandSpec.of(command).withDir(tmp).withTimeout(Duration.ofMinutes(2)).withoutEnv("GOROOT");
        return CommandRunner.run(ci ? spec.withEnv("CI", "1") : spec.withoutEnv("CI"));
    }

    private static String out(CommandResult r) {
        return r.stdout() + r.stderr();
    }

    @Test
    void recordThenVerifyThenDrift() throws Exception {
        String go119 = RealTools.go("1.19").toString();
        Path app = tmp.resolve("app");
        Files.copy(GoBinaries.byName("1.23/release").file(), app);

        CommandResult record = gotrail(false, "record", "--file", "facts.json", go119, "app");
        assertThat(record.exitCode()).as(out(record)).isZero();
        assertThat(record.stdout()).contains("Recorded the facts of 2 target(s) in facts.json");
        assertThat(tmp.resolve("facts.json")).content().contains("\"/usr/lib/go-1.19/bin/go\": {", "\"app\": {", "\"GLIBC\"").endsWith("}\n");

        CommandResult verify = gotrail(true, "verify", "--file", "facts.json", go119, "app");
        assertThat(verify.exitCode()).as(out(verify)).isZero();
        assertThat(verify.stdout()).contains("the facts of 2 target(s) match");

        // the file now holds another binary: the build information drifted
        Files.copy(GoBinaries.byName("1.23/modified").file(), app, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CommandResult drift = gotrail(true, "verify", "--file", "facts.json", go119, "app");
        assertThat(drift.exitCode()).as(out(drift)).isEqualTo(1);
        assertThat(drift.stderr()).contains("~ /targets/app/buildInfo/settings/vcs.modified: \"false\" -> \"true\"",
                "target/gotrail/baselines/facts.json.new");
        assertThat(tmp.resolve("target/gotrail/baselines/facts.json.new")).content().contains("\"vcs.modified\": \"true\"");

        CommandResult json = gotrail(true, "verify", "--json", "--file", "facts.json", go119, "app");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.stdout()).contains("\"status\": \"DRIFTED\"", "\"kind\": \"CHANGED\"",
                "\"path\": \"/targets/app/buildInfo/settings/vcs.modified\"", "\"before\": \"false\"", "\"after\": \"true\"");
    }

    @Test
    void anImageIsATarget() throws Exception {
        String golang = dev.gotrail.testsupport.TestImages.require(dev.gotrail.testsupport.TestImages.GOLANG_DOCKER_ARCHIVE).toString();
        String stale = dev.gotrail.testsupport.TestImages.require(
                dev.gotrail.testsupport.TestImages.GOLANG_STALE_GOROOT_DOCKER_ARCHIVE).toString();
        CommandResult record = gotrail(false, "record", "--file", "image.json",
                "--image", golang);
        assertThat(record.exitCode()).as(out(record)).isZero();
        assertThat(tmp.resolve("image.json")).content().contains("\"image\": {", "\"/usr/local/go/bin/go\": {", "\"GLIBC\"");
        String recorded = Files.readString(tmp.resolve("image.json"));
        // the same facts under the stale image's name: only what the stale ENV GOROOT changed drifts
        Files.writeString(tmp.resolve("image.json"), recorded.replace(golang, stale));
        CommandResult drift = gotrail(true, "verify", "--file", "image.json",
                "--image", stale);
        assertThat(drift.exitCode()).as(out(drift)).isEqualTo(1);
        assertThat(drift.stderr()).contains("/image/toolchains/~1usr~1local~1go~1bin~1go/");
    }

    /**
     * Two binaries of the same name in two temporary directories normalise to one name
     * ($TMPDIR/app): the error says how to name them, and NAME=PATH does (an image too).
     */
    @Test
    void namedTargetsTellTwoFilesOfTheSameNameApart(@TempDir Path otherBuild) throws Exception {
        Path web = tmp.resolve("app");
        Path api = otherBuild.resolve("app");
        Files.copy(GoBinaries.byName("1.23/release").file(), web);
        Files.copy(GoBinaries.byName("1.23/modified").file(), api);

        CommandResult clash = gotrail(false, "record", "--file", "two.json", web.toString(), api.toString());
        assertThat(clash.exitCode()).as(out(clash)).isEqualTo(2);
        assertThat(clash.stderr()).contains("two targets are named $TMPDIR/app", "NAME=PATH on the command line");

        String musl = dev.gotrail.testsupport.TestImages.require(dev.gotrail.testsupport.TestImages.MUSL_DOCKER_ARCHIVE).toString();
        CommandResult named = gotrail(false, "record", "--file", "two.json", "web=" + web, "api=" + api, "--image", "runtime=" + musl);
        assertThat(named.exitCode()).as(out(named)).isZero();
        assertThat(tmp.resolve("two.json")).content().contains("\"web\": {", "\"api\": {", "\"runtime\": {")
                .doesNotContain(musl);
        CommandResult verify = gotrail(true, "verify", "--file", "two.json", "web=" + web, "api=" + api, "--image", "runtime=" + musl);
        assertThat(verify.exitCode()).as(out(verify)).isZero();
    }

    @Test
    void recordAndUpdateAreRefusedUnderCi() throws Exception {
        String go119 = RealTools.go("1.19").toString();
        CommandResult record = gotrail(true, "record", "--file", "facts.json", go119);
        assertThat(record.exitCode()).as(out(record)).isEqualTo(2);
        assertThat(record.stderr()).contains("record is refused because the environment variable CI is set");
        assertThat(tmp.resolve("facts.json")).doesNotExist();

        assertThat(gotrail(false, "record", "--file", "facts.json", go119).exitCode()).isZero();
        String recorded = Files.readString(tmp.resolve("facts.json"));
        Files.writeString(tmp.resolve("facts.json"), recorded.replace("\"gorootSource\": \"EXE_DERIVED\"", "\"gorootSource\": \"ENV\""));

        CommandResult refused = gotrail(true, "verify", "--update", "--file", "facts.json", go119);
        assertThat(refused.exitCode()).as(out(refused)).isEqualTo(2);
        assertThat(refused.stderr()).contains("--update is refused because the environment variable CI is set",
                "~ /targets/~1usr~1lib~1go-1.19~1bin~1go/toolchain/gorootSource: \"ENV\" -> \"EXE_DERIVED\"");
        assertThat(tmp.resolve("facts.json")).content().contains("\"ENV\"");

        CommandResult updated = gotrail(false, "verify", "--update", "--file", "facts.json", go119);
        assertThat(updated.exitCode()).as(out(updated)).isZero();
        assertThat(tmp.resolve("facts.json")).content().isEqualTo(recorded);
    }

    @Test
    void aMissingBaselineFailsInCiAndIsCreatedLocally() {
        String elf = "/bin/ls";
        CommandResult ci = gotrail(true, "verify", "--file", "ls.json", elf);
        assertThat(ci.exitCode()).as(out(ci)).isEqualTo(1);
        assertThat(ci.stderr()).contains("does not exist, and CI is set");
        assertThat(tmp.resolve("ls.json")).doesNotExist();
        assertThat(tmp.resolve("target/gotrail/baselines/ls.json.new")).exists();

        CommandResult local = gotrail(false, "verify", "--file", "ls.json", elf);
        assertThat(local.exitCode()).as(out(local)).isZero();
        assertThat(local.stdout()).contains("did not exist: created it");
        assertThat(tmp.resolve("ls.json")).content().contains("\"/bin/ls\": {", "\"libc.so.6\": {");
    }

    @Test
    void unreadableTargetsAndBadFilesAreUsageErrors() throws Exception {
        CommandResult missing = gotrail(false, "verify", "--file", "x.json", "/no/such/binary");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("/no/such/binary: no such file");
        Files.writeString(tmp.resolve("bad.json"), "{\"format\": \"gotrail-baseline/1\", \"targets\": [}");
        CommandResult bad = gotrail(false, "verify", "--file", "bad.json", "/bin/ls");
        assertThat(bad.exitCode()).isEqualTo(2);
        // FILE:LINE:COLUMN: and a short reason, without the JSON library's dump of the source
        assertThat(bad.stderr()).contains("gotrail baseline: bad.json:1:46: not valid JSON: unexpected close marker '}': expected ']'"
                + " (the array opened at 1:45)").doesNotContain("Source:", "REDACTED", "\"format\"");
        CommandResult noFile = gotrail(false, "verify", "/bin/ls");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.stderr()).contains("--file");
    }
}
