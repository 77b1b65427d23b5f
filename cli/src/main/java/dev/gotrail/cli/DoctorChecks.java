package dev.gotrail.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.SymbolVersion;
import dev.gotrail.loader.VersionProblem;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.DiscoveryResult;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoErrorLine;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.InstalledGo;
import dev.gotrail.toolchain.NoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerProblem;
import dev.gotrail.tracer.TracerSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The checks of {@code gotrail doctor}, run as JUnit tests through the launcher by
 * {@link DoctorLauncher}. Each check fills its part of the {@link DoctorReport} and fails with the
 * reason when it finds a problem, aborts when it cannot run (no go, no tracer). Outside a doctor
 * run (a class-path scan that stumbles over this class) every check is disabled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DoctorChecks.DoctorRunOnly.class)
class DoctorChecks {

    private static final Duration TRACE_TIMEOUT = Duration.ofMinutes(1);

    private GoToolchain toolchain;

    @Test
    @Order(1)
    @DisplayName("a go toolchain is found and answers go env")
    void goToolchain(DoctorReport report, GotrailConfig config) {
        // The user's environment and directory: a go.mod/go.work there chooses the toolchain.
        // Cached per (binary, relevant environment, go/env file and go.mod/go.work identity, directory):
        // a changed file or setting is a new key, and the toolchain JSON stays the evidence's.
        // --go: every fix names the CLI's option, not the library's @RequiresGoroot(go)/gotrail.go.
        DiscoveryRequest request = new DiscoveryRequest("", report.environment, report.directory, null).withGoOption("--go");
        if (report.requestedGo != null) {
            request = request.withGo(report.requestedGo);
        } else if (config.go().isPresent()) {
            request = request.withGo(config.go().get());
        }
        DiscoveryResult result = ToolchainDiscovery.discover(request);
        if (result instanceof NoToolchain none) {
            none.findings().forEach(report::addFinding);
            Optional<InstalledGo> fallback = none.isMissing() && report.requestedGo == null
                    ? none.installsNotOnPath().stream()
                            .max(Comparator.comparing(i -> i.parsedVersion().orElse(dev.gotrail.toolchain.GoVersion.UNKNOWN)))
                    : Optional.empty();
            if (fallback.isEmpty()) {
                // --go naming a directory or a file that cannot be executed is bad input, like a missing one (exit 2).
                report.noGo = none.isMissing()
                        || report.requestedGo != null && none.reason() == NoToolchain.Reason.NOT_EXECUTABLE;
                report.lookedIn.addAll(none.consulted());
                report.lookedIn.addAll(none.knownLocations());
                fail(none.message());
            }
            // No go on PATH, but one is installed: diagnose that one so the report is still useful.
            report.addFinding(new Finding(FindingId.GO_NOT_ON_PATH, Finding.Severity.ERROR,
                    "no go on PATH; diagnosing " + fallback.get().binary() + " (" + fallback.get().version()
                            + "), found at a well-known location",
                    "export PATH=" + fallback.get().binary().getParent() + ":$PATH"));
            result = ToolchainDiscovery.discover(request.withGo(fallback.get().binary().toString()));
            if (result instanceof NoToolchain broken) {
                broken.findings().forEach(report::addFinding);
                fail(broken.message());
            }
        }
        toolchain = result.toolchain().orElseThrow();
        report.describe(toolchain);
        toolchain.findings().forEach(report::addFinding);
        // Consistency errors are the next check's verdict; every other error fails this one.
        // Warnings never fail a check: something works but is fragile (docs/doctor.md, severity).
        List<Finding> problems = report.findings.stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR && !f.id().isConsistency()).toList();
        if (!problems.isEmpty()) {
            fail(lines(problems));
        }
    }

    @Test
    @Order(2)
    @DisplayName("GOROOT sources agree ($GOROOT, go/env file, go env, executable location, VERSION, GOTOOLDIR)")
    void gorootSourcesAgree() {
        requireToolchain();
        List<Finding> errors = toolchain.inconsistencies().stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            fail(lines(errors));
        }
    }

    @Test
    @Order(3)
    @DisplayName("a syscall tracer is available (installed, ptrace permitted)")
    void tracerAvailable(DoctorReport report, GotrailConfig config) {
        // What @GoImage and `gotrail image --run` would run go in: reported, never a failure of
        // this machine's toolchain (only image tests need it; they abort or fail with the same cause).
        dev.gotrail.image.SandboxProbe sandbox = dev.gotrail.image.ImageSandbox.probe(config.sandbox());
        report.sandbox.put("kind", sandbox.kind().name());
        report.sandbox.put("executable", sandbox.executable().isEmpty() ? null : sandbox.executable());
        report.sandbox.put("usable", sandbox.usable());
        report.sandbox.put("cause", sandbox.cause().isEmpty() ? null : sandbox.cause());
        report.sandbox.put("fix", sandbox.fix().isEmpty() ? null : sandbox.fix());
        report.sandbox.put("describe", sandbox.describe());
        TracerSelection selection = TracerDetector.system().select(config);
        Optional<TracerProblem> problem = selection.problem();
        report.tracer.put("name", selection.tracer().map(Tracer::name).orElse(problem.map(TracerProblem::tracer).orElse("none")));
        report.tracer.put("available", selection.isAvailable());
        report.tracer.put("ptraceAllowed", selection.isAvailable() ? Boolean.TRUE
                : problem.filter(p -> p.cause() == TracerProblem.Cause.PTRACE_FORBIDDEN).isPresent() ? Boolean.FALSE : null);
        if (problem.isPresent()) {
            TracerProblem p = problem.get();
            report.tracer.put("problem", p.message());
            if (p.cause() == TracerProblem.Cause.DISABLED) {
                // switched off on purpose: nothing will fail because of it
                report.addFinding(new Finding(FindingId.TRACER_UNAVAILABLE, Finding.Severity.INFO, p.message(), p.fix()));
                abort(p.message());
            }
            // gotrail's traced tests cannot run here: that will go wrong
            report.addFinding(new Finding(FindingId.TRACER_UNAVAILABLE, Finding.Severity.ERROR, p.message(), p.fix()));
            fail(p.message() + " Fix: " + p.fix());
        }
    }

    @Test
    @Order(4)
    @DisplayName("a trace of 'go env GOROOT' proves the effective GOROOT")
    void traceProvesGoroot(DoctorReport report, GotrailConfig config) throws IOException {
        requireToolchain();
        TracerSelection selection = TracerDetector.system().select(config);
        if (!selection.isAvailable()) {
            abort("no tracer: " + selection.problem().map(TracerProblem::message).orElse("unavailable"));
        }
        // The log goes to a temporary directory; go runs where the user is, with the user's environment.
        Path work = Files.createTempDirectory("gotrail-doctor");
        try {
            CommandSpec command = CommandSpec.of(toolchain.goBinary().toString(), "env", "GOROOT")
                    .withDir(report.directory).withExactEnvironment(report.environment).withTimeout(TRACE_TIMEOUT);
            TracedCommand.Outcome outcome = TracedCommand.run(selection.require(), command, work.resolve("go-env.trace"));
            GoTrace trace = outcome.trace();
            if (!outcome.timedOut() && outcome.result().exitCode() != 0) {
                // go itself fails here: the findings quote why; a trace of a refusal proves no GOROOT
                abort("'go env GOROOT' fails in " + report.directory + " (exit " + outcome.result().exitCode() + ": "
                        + GoErrorLine.of(outcome.result().stderr()) + "); see the findings");
            }
            GorootEvidence evidence = trace.effectiveGoroot();
            report.gorootFromTrace.putAll(evidence.toJsonMap());
            trace.toolchainSwitch().ifPresent(s -> report.gorootFromTrace.put("toolchainSwitch", s.toJsonMap()));
            if (outcome.timedOut()) {
                fail("the traced 'go env GOROOT' did not finish within " + TRACE_TIMEOUT.toSeconds() + "s");
            }
            if (evidence.path() == null || evidence.path().isEmpty()) {
                fail("the trace does not show which GOROOT go used; " + trace.lines() + " trace lines read");
            }
            // a relative GOROOT (GOROOT=./b, cmd/go's env_changed.txt) is relative to where go ran
            Path traced = realPath(report.directory.resolve(evidence.path()));
            Path discovered = realPath(toolchain.goroot());
            if (!traced.equals(discovered)) {
                Finding f = new Finding(FindingId.TRACE_GOROOT_MISMATCH, Finding.Severity.ERROR,
                        "go env reports GOROOT " + toolchain.goroot() + " but the trace shows go using " + evidence.path()
                                + " (" + evidence.source() + ")",
                        "check $GOROOT and the go/env file; 'gotrail trace -- " + toolchain.goBinary() + " env GOROOT' shows the evidence");
                report.addFinding(f);
                fail(f.message() + "\n  " + String.join("\n  ", evidence.evidence()));
            }
        } finally {
            deleteTree(work);
        }
    }

    @Test
    @Order(5)
    @DisplayName("the go binary's shared libraries resolve (link map and glibc floor)")
    void goBinaryLinkMap(DoctorReport report) {
        requireToolchain();
        LinkMap map = Loader.at(Path.of("/")).resolve(toolchain.realGoBinary());
        // The same JSON as `gotrail ldd --json`, plus the human tree.
        report.linkMap.putAll(map.toJsonMap());
        report.linkMap.put("tree", map.tree());
        report.glibcFloor = map.maxVersion("GLIBC").map(SymbolVersion::toString).orElse(null);
        List<String> problems = new ArrayList<>();
        for (MissingLibrary m : map.missing()) {
            String msg = m.soname() + " (needed by " + m.neededBy() + ") not found; searched " + String.join(", ", m.searched());
            report.addFinding(new Finding(FindingId.GO_BINARY_MISSING_LIBRARY, Finding.Severity.ERROR, msg,
                    "install the package that provides " + m.soname() + " (apt-file search " + m.soname()
                            + "), or build go with CGO_ENABLED=0"));
            problems.add(msg);
        }
        for (VersionProblem v : map.versionProblems()) {
            if (!v.weak()) {
                report.addFinding(new Finding(FindingId.GO_BINARY_VERSION_PROBLEM, Finding.Severity.ERROR, v.message(),
                        "use a go built for this system's glibc, or a newer base image"));
                problems.add(v.message());
            }
        }
        map.errors().forEach(e -> problems.add(e.toString()));
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private void requireToolchain() {
        if (toolchain == null) {
            abort("no working go toolchain (see the first check)");
        }
    }

    private static String lines(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(f);
        }
        return sb.toString();
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Enables the checks only inside a doctor run and resolves the run's report and configuration. */
    static final class DoctorRunOnly implements ExecutionCondition, ParameterResolver {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(DoctorLauncher.RUN_ID).flatMap(DoctorLauncher::report).isPresent()
                    ? ConditionEvaluationResult.enabled("gotrail doctor run")
                    : ConditionEvaluationResult.disabled("only runs inside gotrail doctor");
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            Class<?> type = p.getParameter().getType();
            return type == DoctorReport.class || type == GotrailConfig.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            if (p.getParameter().getType() == GotrailConfig.class) {
                return GotrailConfig.of(c::getConfigurationParameter, ExtensionConfigurationException::new);
            }
            return c.getConfigurationParameter(DoctorLauncher.RUN_ID).flatMap(DoctorLauncher::report).orElseThrow();
        }
    }
}
