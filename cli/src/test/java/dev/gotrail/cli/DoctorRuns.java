package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the doctor against a {@link GoLab}: through the API ({@link Doctor#diagnose}) with the lab's
 * environment and a directory, and through the command line in a child JVM whose environment is
 * the lab's (the command reads the real environment). Checks the severity rule of docs/doctor.md
 * on every result.
 */
final class DoctorRuns {

    private DoctorRuns() {
    }

    static Doctor.Result api(GoLab lab, Path dir, String go) {
        Doctor.Result r = Doctor.diagnose(new DiscoveryRequest(go == null ? "" : go, lab.environment(), dir, null));
        assertSeverityRule(r);
        return r;
    }

    /** {@code gotrail ARGS} in a child JVM started in {@code dir} with exactly the lab's environment. */
    static CommandResult cli(GoLab lab, Path dir, String... args) {
        return cli(List.of(), lab, dir, args);
    }

    /** The same with JVM options ({@code -Dgotrail.tracer=none}: configuration keys are system properties). */
    static CommandResult cli(List<String> jvmOptions, GoLab lab, Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return CommandRunner.run(CommandSpec.of(command).withDir(dir).withExactEnvironment(lab.environment())
                .withTimeout(Duration.ofMinutes(3)));
    }

    /**
     * The rule: exit 1 exactly when something will go wrong — an ERROR finding or a FAILED check —
     * and a check fails only with an ERROR finding to say why; warnings and informational findings
     * alone give exit 0.
     */
    static void assertSeverityRule(Doctor.Result r) {
        boolean error = r.findings().stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
        boolean failed = r.checks().stream().anyMatch(c -> c.status().equals("FAILED"));
        if (r.exitCode() != 2) {
            assertThat(r.exitCode()).as(r.text()).isEqualTo(error || failed ? 1 : 0);
        }
        if (failed) {
            assertThat(error).as("a FAILED check without an ERROR finding:\n" + r.text()).isTrue();
        }
    }

    static Finding finding(Doctor.Result r, FindingId id) {
        return r.findings().stream().filter(f -> f.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no [" + id + "] in\n" + r.text()));
    }
}
