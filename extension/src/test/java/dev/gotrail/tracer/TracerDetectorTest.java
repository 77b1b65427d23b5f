package dev.gotrail.tracer;

import dev.gotrail.testsupport.ProcessChecks;

import dev.gotrail.process.CommandRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.config.GotrailConfig.TracerChoice;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracerDetectorTest {

    @TempDir
    Path tmp;

    private static TracerDetector linux() {
        return new TracerDetector("Linux", TracerDetector::onPath, CommandRunner::run);
    }

    @Test
    void autoOnThisLinuxMachineFindsAWorkingStrace() {
        RealTools.strace();

        TracerSelection selection = linux().select(TracerChoice.AUTO, null);

        assertThat(selection.isAvailable()).as(selection.toString()).isTrue();
        assertThat(selection.require()).isInstanceOf(StraceTracer.class);
        assertThat(selection.require().name()).isEqualTo("strace");
    }

    @Test
    void theSystemDetectorHonoursGotrailStraceGivenAsAPath() {
        String strace = RealTools.strace().toString();

        Tracer tracer = TracerDetector.system().select(TracerChoice.STRACE, strace).require();

        assertThat(((StraceTracer) tracer).executable()).isEqualTo(strace);
    }

    @Test
    void noStraceOnPathIsExplainedWithTheInstallCommand() {
        TracerDetector noStrace = new TracerDetector("Linux", name -> Optional.empty(), CommandRunner::run);

        TracerSelection selection = noStrace.select(TracerChoice.AUTO, null);

        assertThat(selection.isAvailable()).isFalse();
        assertThat(selection.problem().orElseThrow().cause()).isEqualTo(TracerProblem.Cause.NOT_INSTALLED);
        assertThatThrownBy(selection::require).isInstanceOf(TracerUnavailableException.class)
                .hasMessageContaining("strace is not installed").hasMessageContaining("apt-get install strace");
    }

    @Test
    void aConfiguredStraceThatDoesNotExistNamesTheSetting() {
        TracerSelection selection = linux().select(TracerChoice.STRACE, tmp.resolve("strace").toString());

        assertThat(selection.problem().orElseThrow().explain()).contains("gotrail.strace is '" + tmp.resolve("strace"))
                .contains("not an executable");
    }

    @Test
    void ptraceForbiddenIsDetectedByTheProbeWithCauseAndFix() throws Exception {
        String strace = RealTools.strace().toString();
        // This "strace" runs the real one under a second strace: the kernel refuses the inner ptrace (EPERM),
        // exactly as in a container without CAP_SYS_PTRACE.
        Path traced = tmp.resolve("traced-strace");
        ProcessChecks.executableScript(traced, "#!/bin/sh\nexec " + strace + " -f -q -o /dev/null " + strace + " \"$@\"\n");

        TracerSelection selection = linux().select(TracerChoice.AUTO, traced.toString());

        TracerProblem problem = selection.problem().orElseThrow();
        assertThat(problem.cause()).isEqualTo(TracerProblem.Cause.PTRACE_FORBIDDEN);
        assertThat(problem.evidence()).contains("PTRACE_").contains("Operation not permitted");
        assertThat(problem.explain()).contains("--cap-add SYS_PTRACE");
    }

    @Test
    void anStraceWithoutSeccompBpfFallsBackToPlainFiltering() throws Exception {
        String strace = RealTools.strace().toString();
        // Behaves like strace before 5.3: rejects --seccomp-bpf, otherwise the real strace.
        Path old = tmp.resolve("old-strace");
        ProcessChecks.executableScript(old, "#!/bin/sh\nfor a in \"$@\"; do if [ \"$a\" = --seccomp-bpf ]; then\n"
                + "  echo \"strace: unrecognized option '--seccomp-bpf'\" >&2; exit 1; fi; done\nexec " + strace + " \"$@\"\n");

        StraceTracer tracer = (StraceTracer) linux().select(TracerChoice.STRACE, old.toString()).require();

        assertThat(tracer.flags()).doesNotContain("--seccomp-bpf").contains("trace=" + StraceTracer.SYSCALLS);
        assertThat(((StraceTracer) linux().select(TracerChoice.STRACE, strace).require()).flags()).contains("--seccomp-bpf");
    }

    @Test
    void noneSwitchesTracingOff() {
        TracerProblem problem = linux().select(TracerChoice.NONE, null).problem().orElseThrow();

        assertThat(problem.cause()).isEqualTo(TracerProblem.Cause.DISABLED);
        assertThat(problem.message()).contains("gotrail.tracer=none");
    }

    @Test
    void dtrussOnLinuxAndStraceOnMacAreUnsupported() {
        TracerDetector mac = new TracerDetector("Mac OS X", TracerDetector::onPath, CommandRunner::run);

        assertThat(linux().select(TracerChoice.DTRUSS, null).problem().orElseThrow().cause())
                .isEqualTo(TracerProblem.Cause.UNSUPPORTED_PLATFORM);
        assertThat(mac.select(TracerChoice.STRACE, RealTools.strace().toString()).problem().orElseThrow().message())
                .contains("strace only runs on Linux");
    }

    @Test
    void autoOnAMacWithoutDtrussSaysSo() {
        TracerDetector mac = new TracerDetector("Mac OS X", TracerDetector::onPath, CommandRunner::run);

        TracerProblem problem = mac.select(TracerChoice.AUTO, null).problem().orElseThrow();

        // This Linux machine has no /usr/bin/dtruss; on a real Mac the sudo probe decides.
        assertThat(problem.cause()).isEqualTo(TracerProblem.Cause.NOT_INSTALLED);
        assertThat(problem.tracer()).isEqualTo("dtruss");
    }

    @Test
    void anOperatingSystemWithoutTracerIsExplained() {
        TracerDetector windows = new TracerDetector("Windows 11", TracerDetector::onPath, CommandRunner::run);

        assertThat(windows.select(TracerChoice.AUTO, null).problem().orElseThrow().message())
                .contains("Windows 11").contains("strace on Linux and dtruss on macOS");
    }
}
