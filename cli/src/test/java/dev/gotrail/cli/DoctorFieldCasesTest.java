package dev.gotrail.cli;

import static dev.gotrail.cli.DoctorRuns.api;
import static dev.gotrail.cli.DoctorRuns.cli;
import static dev.gotrail.cli.DoctorRuns.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's field cases ({@code ../shared/field-cases/go-*.sh}, read from there): each script
 * stages its lab and prints what go does; the doctor, given the same environment and directory,
 * must agree with that output (API and command line).
 */
class DoctorFieldCasesTest {

    @TempDir
    Path tmp;

    /** go-doctor-in-a-module.sh: the module's go.mod switches go 1.21 to go1.22.12; healthy, exit 0. */
    @Test
    void doctorInAModuleFollowsItsGoMod() {
        String truth = GoLab.runFieldCase("go-doctor-in-a-module.sh", tmp);
        assertThat(truth).contains("/usr/lib/go-1.22\ngo1.22.12\n" + tmp.resolve("m/go.mod")).contains("exit 0");
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.21").getParent()).pathLast(tmp.resolve("tc"));
        Path module = tmp.resolve("m");

        Doctor.Result r = api(lab, module, null);

        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(r.json()).containsEntry("directory", module.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
        assertThat(goroot).containsEntry("effective", "/usr/lib/go-1.22").containsEntry("source", "TOOLCHAIN_SWITCH");
        @SuppressWarnings("unchecked")
        Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
        assertThat(traced).containsEntry("path", "/usr/lib/go-1.22");
        Finding sw = finding(r, FindingId.TOOLCHAIN_SWITCH);
        assertThat(sw.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(sw.message()).contains("'go 1.22.12' in " + module.resolve("go.mod") + " (line 3)", "go1.22.12");
        assertThat(r.findings()).noneMatch(f -> f.id() == FindingId.TRACE_GOROOT_MISMATCH);

        // the command line, started in the module, and from elsewhere with --dir
        CommandResult here = cli(lab, module, "doctor");
        assertThat(here.exitCode()).as(here.stdout() + here.stderr()).isZero();
        assertThat(here.stdout()).contains("directory:          " + module).contains("proven by trace:    /usr/lib/go-1.22");
        CommandResult elsewhere = cli(lab, tmp, "doctor", "--json", "--dir", module.toString());
        assertThat(elsewhere.exitCode()).as(elsewhere.stdout()).isZero();
        assertThat(elsewhere.stdout()).contains("\"directory\": \"" + module + "\"").contains("\"effective\": \"/usr/lib/go-1.22\"");
        // the same directory without its go.mod's say: the parent directory runs go 1.21 itself
        CommandResult parent = cli(lab, tmp, "doctor", "--json");
        assertThat(parent.stdout()).contains("\"effective\": \"/usr/lib/go-1.21\"");
    }

    /** go-local-toolchain-too-old.sh: GOTOOLCHAIN=local, go.mod go 1.23.5, go 1.22: every build fails; exit 1. */
    @Test
    void localToolchainTooOldIsAnError() {
        String truth = GoLab.runFieldCase("go-local-toolchain-too-old.sh", tmp);
        String goSays = "go: go.mod requires go >= 1.23.5 (running go 1.22.12; GOTOOLCHAIN=local)";
        assertThat(truth).contains(goSays).contains("exit 1");
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.22").getParent()).env("GOTOOLCHAIN", "local");
        Path module = tmp.resolve("m");

        Doctor.Result r = api(lab, module, RealTools.go("1.22").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        Finding f = finding(r, FindingId.MODULE_NEEDS_NEWER_GO);
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("go says: " + goSays, module.resolve("go.mod").toString(),
                "GOTOOLCHAIN=local (from the environment)");
        CommandResult run = cli(lab, module, "doctor", "--go", RealTools.go("1.22").toString());
        assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stdout()).contains("ERROR [module-needs-newer-go]").contains(goSays);

        // the fixes work: a go new enough first on PATH; or letting go switch to go1.23.5 on PATH
        assertThat(lab.go(module, "build", "-o", "/dev/null", ".").exitCode()).isNotZero();
        GoLab newer = new GoLab(tmp).pathFirst(RealTools.go("1.22").getParent()).env("GOTOOLCHAIN", "local")
                .pathFirst(RealTools.goroot("1.23").resolve("bin"));
        assertThat(f.fix()).contains("export PATH=" + RealTools.goroot("1.23").resolve("bin") + ":$PATH");
        assertThat(newer.go(module, "build", "-o", "/dev/null", ".").exitCode()).isZero();
        lab.unset("GOTOOLCHAIN").toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        assertThat(lab.go(module, "build", "-o", "/dev/null", ".").exitCode()).isZero();
        Doctor.Result fixed = api(lab, module, null);
        assertThat(fixed.exitCode()).as(fixed.text()).isZero();
    }

    /** go-goroot-from-goenv-file.sh: GOROOT=/usr/lib/go-1.22 in the go/env file, go 1.23 on PATH. */
    @Test
    void gorootFromTheGoEnvFileIsProvenByTheTraceAndItsMismatchIsAnErrorWithAWorkingFix() {
        String truth = GoLab.runFieldCase("go-goroot-from-goenv-file.sh", tmp);
        assertThat(truth).contains("== go env GOROOT\n/usr/lib/go-1.22").contains("compile: version \"go1.22.12\" does not match go tool version \"go1.23.5\"");
        Path envFile = tmp.resolve("envdir/go/env");
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent()).env("GOENV", envFile.toString());

        Doctor.Result r = api(lab, tmp, null);

        @SuppressWarnings("unchecked")
        Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
        assertThat(goroot).containsEntry("effective", "/usr/lib/go-1.22").containsEntry("source", "CONFIG_FILE");
        @SuppressWarnings("unchecked")
        Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
        assertThat(traced).containsEntry("path", "/usr/lib/go-1.22").containsEntry("source", "CONFIG_FILE");
        assertThat(String.valueOf(traced.get("evidence"))).contains(envFile.toString());
        Finding f = finding(r, FindingId.GOROOT_CONFIG_OTHER_VERSION);
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        // the compiler's own line, as the field case's go build printed it
        assertThat(f.message()).contains("compile: version \"go1.22.12\" does not match go tool version \"go1.23.5\"", envFile.toString());
        assertThat(r.exitCode()).isEqualTo(1);

        // gotrail trace -- go env GOROOT says the same
        CommandResult trace = cli(lab, tmp, "trace", "--json", "--", "go", "env", "GOROOT");
        assertThat(trace.stdout()).contains("\"source\": \"CONFIG_FILE\"").contains("\"path\": \"/usr/lib/go-1.22\"");

        assertThat(f.fix()).startsWith("go env -u GOROOT");
        assertThat(lab.go(tmp, "env", "-u", "GOROOT").exitCode()).isZero();
        assertThat(lab.go(tmp, "build", "-o", "/dev/null", "main.go").exitCode()).isZero();
        Doctor.Result fixed = api(lab, tmp, null);
        assertThat(fixed.exitCode()).as(fixed.text()).isZero();
    }

    /** go-copied-untrimmed-binary.sh: a copy of go 1.19 away from any tree works through its built-in GOROOT. */
    @Test
    void aCopiedUntrimmedGoIsHealthyAndTheTraceProvesItsBuiltInGoroot() {
        String truth = GoLab.runFieldCase("go-copied-untrimmed-binary.sh", tmp);
        assertThat(truth).contains("/usr/lib/go-1.19").contains("exit 0");
        Path copy = tmp.resolve("new/bin/go");
        GoLab lab = new GoLab(tmp);

        Doctor.Result r = api(lab, tmp, copy.toString());

        assertThat(r.exitCode()).as(r.text()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
        assertThat(goroot).containsEntry("effective", "/usr/lib/go-1.19").containsEntry("source", "BUILTIN_FALLBACK");
        @SuppressWarnings("unchecked")
        Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
        assertThat(traced).containsEntry("path", "/usr/lib/go-1.19").containsEntry("source", "BUILTIN_FALLBACK");
        assertThat(r.checks()).allMatch(c -> c.status().equals("SUCCESSFUL"));
        CommandResult run = cli(lab, tmp, "doctor", "--go", copy.toString());
        assertThat(run.exitCode()).as(run.stdout()).isZero();
    }
}
