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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, kind 6: severity that matches consequence (docs/doctor.md, "Severity"). INFO: a fact;
 * WARNING: works now but fragile or surprising; ERROR: something will go wrong. Only an ERROR
 * fails a check and makes the doctor exit 1. Each severity is staged with real go 1.21/1.22/1.23
 * and checked through the API ({@link Doctor}) and the command line (exit code and verdict).
 */
class DoctorSeverityTest {

    @TempDir
    Path tmp;

    /** What CI setup actions leave: the newer go first on PATH, the older one later. */
    @Test
    void aNewerGoFirstOnPathWithAnOlderOneLaterIsInformationalAndHealthy() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.21").getParent()).pathFirst(RealTools.go("1.23").getParent());
        assertThat(lab.go(tmp, "version").stdout()).contains("go1.23.5"); // the truth: a shell runs go 1.23

        Doctor.Result r = api(lab, tmp, null);

        Finding shadowed = finding(r, FindingId.GO_SHADOWED);
        assertThat(shadowed.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(shadowed.message()).contains("go1.23.5", "go1.21.13");
        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(r.checks()).noneMatch(c -> c.status().equals("FAILED"));

        CommandResult run = cli(lab, tmp, "doctor");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("INFO [go-shadowed]").contains("verdict: healthy").doesNotContain("FAILED");
    }

    /** An older go first and a newer one later: perhaps not the go the user meant (a warning), yet nothing fails. */
    @Test
    void anOlderGoFirstOnPathIsAWarningThatDoesNotFail() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent()).pathFirst(RealTools.go("1.22").getParent());

        Doctor.Result r = api(lab, tmp, null);

        assertThat(finding(r, FindingId.GO_SHADOWED).severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(r.text()).contains("verdict: healthy (1 warning: worth fixing, nothing fails now)");

        CommandResult run = cli(lab, tmp, "doctor", "--json");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"severity\": \"WARNING\"").doesNotContain("\"status\": \"FAILED\"");
    }

    /**
     * GOTOOLCHAIN in the environment switches go 1.21 to the go1.23.5 on PATH: it works, but every go
     * command runs another toolchain than the one invoked (a warning); exit 0.
     */
    @Test
    void aWorkingSwitchForcedByGotoolchainIsAWarning() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.21").getParent()).env("GOTOOLCHAIN", "go1.23.5");
        lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        Path module = lab.module("m", "go 1.21\n");
        assertThat(lab.go(module, "build", "-o", "/dev/null", ".").exitCode()).isZero();

        Doctor.Result r = api(lab, module, null);

        Finding f = finding(r, FindingId.TOOLCHAIN_SWITCH);
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.message()).contains("GOTOOLCHAIN=go1.23.5 from the environment");
        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(cli(lab, module, "doctor").exitCode()).isZero();
    }

    /** A go.mod that selects a toolchain available on PATH: cmd/go working as designed (info), exit 0. */
    @Test
    void aSwitchTheGoModAsksForIsInformational() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.22").getParent());
        lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        Path module = lab.module("m", "go 1.23.5\n");

        Doctor.Result r = api(lab, module, null);

        assertThat(finding(r, FindingId.TOOLCHAIN_SWITCH).severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(r.exitCode()).as(r.text()).isZero();
    }

    /** An error: go refuses every command (GOTOOLCHAIN=go1.22 in the go/env file); a check FAILED, exit 1 (API and CLI). */
    @Test
    void aGoThatRefusesEveryCommandIsAnErrorWithExitOne() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent());
        lab.write("home/.config/go/env", "GOTOOLCHAIN=go1.22\n");
        assertThat(lab.go(tmp, "version").exitCode()).isNotZero();

        Doctor.Result r = api(lab, tmp, null);

        assertThat(finding(r, FindingId.GOTOOLCHAIN_INVALID).severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.checks()).anyMatch(c -> c.status().equals("FAILED"));

        CommandResult run = cli(lab, tmp, "doctor");
        assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stdout()).contains("ERROR [gotoolchain-invalid]").contains("FAILED").contains("verdict: problems found (exit 1)");
    }

    /** Switched off on purpose (gotrail.tracer=none): the tracer checks are skipped, an info finding, exit 0. */
    @Test
    void aTracerSwitchedOffOnPurposeIsInformational() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent());

        CommandResult run = cli(List.of("-Dgotrail.tracer=none"), lab, tmp, "doctor");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("INFO [tracer-unavailable]").contains("skipped a syscall tracer is available")
                .doesNotContain("FAILED").contains("verdict: healthy");
    }
}
