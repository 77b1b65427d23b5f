package dev.gotrail.cli;

import static dev.gotrail.cli.DoctorRuns.api;
import static dev.gotrail.cli.DoctorRuns.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.CmdGoScenario;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoErrorLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 1, the doctor's side of {@link CmdGoScenario#catalog()} (the module, workspace,
 * download and GOROOT scenarios of cmd/go's testscripts on go 1.21-1.23): the whole doctor, run in the
 * scenario's directory, agrees with go — the effective GOROOT and whether a switch decided it, the
 * trace's GOROOT, exit 1 with an ERROR quoting go's decisive line exactly when go or the build fails,
 * exit 0 otherwise. A few scenarios also run through the command line in a child JVM started in the
 * directory (what a user types), which must give the same exit code and finding.
 */
class DoctorModuleScenariosTest {

    /** The scenarios also run as {@code gotrail doctor} on the command line: a refusal, a workspace, a download. */
    private static final Set<String> CLI = Set.of("gotoolchain_issue66175.txt/1.21", "work_use_toolchain.txt/1.21",
            "mod_download_exec_toolchain.txt/1.21");

    @TempDir
    Path tmp;

    static Stream<Arguments> scenarios() {
        return CmdGoScenario.cases().map(c -> Arguments.of(c[0], c[1]));
    }

    @AfterEach
    void modCacheWritable() {
        GoLab.chmodWritable(tmp);
    }

    @ParameterizedTest(name = "{0} (go {1})")
    @MethodSource("scenarios")
    void theDoctorAgreesWithGo(CmdGoScenario scenario, String local) {
        GoLab lab = scenario.lab(tmp, local);
        CmdGoScenario.Staged s = scenario.stager().stage(lab, local);
        String go = s.goWord();
        // go env with names answers even where the whole environment is refused (env_unset.txt): then the whole is the truth
        CommandResult all = lab.shell(s.dir(), go + " env");
        CommandResult env = all.exitCode() != 0 ? all : lab.shell(s.dir(), go + " env GOROOT");
        CommandResult localEnv = lab.shell(s.dir(), "GOTOOLCHAIN=local " + go + " env GOROOT");
        CommandResult build = lab.shell(s.dir(), s.buildLine());

        Doctor.Result r = api(lab, s.dir(), s.go().isEmpty() ? null : s.go());
        List<Finding> errors = r.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        String report = scenario + " (go " + local + ")\ngo env GOROOT: " + env.describe() + "\n" + env.stdout() + env.stderr()
                + "\ngo build: " + build.describe() + "\n" + build.stderr() + "\n" + r.text();
        assertThat(r.json()).as(report).containsEntry("directory", s.dir().toString());

        if (env.exitCode() != 0) {
            String goSays = GoErrorLine.of(env.stderr());
            assertThat(r.exitCode()).as(report).isEqualTo(1);
            assertThat(errors).as(report).anySatisfy(f -> assertThat(f.message()).contains("go says: " + goSays));
        } else {
            Path truth = real(s.dir().resolve(env.stdout().strip()));
            @SuppressWarnings("unchecked")
            Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
            assertThat(real(Path.of(String.valueOf(goroot.get("effective"))))).as(report).isEqualTo(truth);
            boolean switched = localEnv.exitCode() == 0 && !real(s.dir().resolve(localEnv.stdout().strip())).equals(truth);
            if (switched) {
                assertThat(goroot).as(report).containsEntry("source", "TOOLCHAIN_SWITCH");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
            assertThat(traced).as(report).isNotNull();
            assertThat(real(s.dir().resolve(String.valueOf(traced.get("path"))))).as(report).isEqualTo(truth);
            if (build.exitCode() != 0) {
                assertThat(r.exitCode()).as(report).isEqualTo(1);
                assertThat(errors).as(report).isNotEmpty();
            } else {
                assertThat(errors).as(report).isEmpty();
                assertThat(r.exitCode()).as(report).isZero();
            }
        }

        if (CLI.contains(scenario.script() + "/" + local) && scenario.name().equals(firstNamed(scenario.script()))) {
            CommandResult run = cli(lab, s.dir(), "doctor");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(r.exitCode());
            assertThat(run.stdout()).contains("directory:          " + s.dir());
            errors.forEach(f -> assertThat(run.stdout()).contains("ERROR [" + f.id() + "]"));
        }
    }

    private static String firstNamed(String script) {
        return CmdGoScenario.catalog().stream().filter(c -> c.script().equals(script)).findFirst().orElseThrow().name();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
