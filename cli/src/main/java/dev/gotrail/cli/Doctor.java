package dev.gotrail.cli;

import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code gotrail doctor} as a Java API: the same checks, report and exit code as the command, for
 * a given go, environment and directory ({@link DiscoveryRequest}: {@code go} "" = the first go on
 * the environment's PATH; {@code environment} = the one go runs with; {@code workDir} = where every
 * check runs go, whose go.mod/go.work choose the toolchain). Configuration keys
 * ({@code gotrail.tracer}, …) come from system properties, as for the command.
 *
 * <pre>{@code
 * Doctor.Result r = Doctor.diagnose(DiscoveryRequest.defaults().withWorkDir(Path.of("/src/app")));
 * if (r.exitCode() == 1) r.findings().forEach(System.out::println);
 * }</pre>
 */
public final class Doctor {

    private Doctor() {
    }

    /** One check's outcome: its name, {@code SUCCESSFUL}, {@code FAILED}, {@code ABORTED} or {@code SKIPPED}, and the reason. */
    public record Check(String name, String status, String reason) {
    }

    /**
     * The doctor's verdict.
     *
     * @param exitCode 0 healthy (at most warnings), 1 something will go wrong (an ERROR finding or a FAILED check),
     *                 2 no usable go at all
     * @param findings every finding, in the order found
     * @param checks   every check in order
     * @param json     the report in the shape of {@code gotrail doctor --json}
     * @param text     the human report, as {@code gotrail doctor} prints it
     */
    public record Result(int exitCode, List<Finding> findings, List<Check> checks, Map<String, Object> json, String text) {
    }

    /**
     * Runs every check for {@code request}. Discovery is cached as {@link dev.gotrail.toolchain.ToolchainDiscovery#discover}
     * caches it (a changed go/env file, go.mod, go.work or setting is a new key); the other checks run each time.
     */
    public static Result diagnose(DiscoveryRequest request) {
        DoctorReport report = new DoctorReport(request.go().isEmpty() ? null : request.go(), request.workDir(),
                request.environment());
        DoctorCommand.Diagnosis d = DoctorCommand.diagnose(report);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new DoctorCommand.DoctorText(d.report(), d.checks(), d.exit()).print(new PrintStream(text, true, StandardCharsets.UTF_8));
        List<Check> checks = d.checks().stream()
                .map(c -> new Check(c.name(), c.status() == null ? "SKIPPED" : c.status().name(), c.reason())).toList();
        return new Result(d.exit(), List.copyOf(report.findings), checks, d.report().toJson(d.checks()),
                text.toString(StandardCharsets.UTF_8));
    }
}
