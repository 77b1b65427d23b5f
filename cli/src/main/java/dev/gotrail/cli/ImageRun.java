package dev.gotrail.cli;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.image.Image;
import dev.gotrail.image.ImageSandbox;
import dev.gotrail.image.SandboxProbe;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code gotrail image --run}: the proof behind the static answer. Each go on the image's PATH runs
 * {@code go env GOROOT} inside the image (the {@link ImageSandbox} {@code gotrail.sandbox} selects),
 * traced by the tracer from outside; the report gives the GOROOT go printed, the trace's effective
 * GOROOT with its evidence lines (image paths), and whether both agree with the static answer. A
 * disagreement, or a go that fails, is an ERROR finding ({@code trace-goroot-mismatch},
 * {@code go-env-failed}).
 */
final class ImageRun {

    /**
     * One go's run.
     *
     * @param go       the go binary inside the image
     * @param command  the command as run inside
     * @param exitCode go's exit code
     * @param printed  what go printed (stdout, stripped)
     * @param stderr   its stderr, stripped
     * @param traced   the trace's effective GOROOT with evidence
     * @param expected the static answer ("" when it is the built-in value, unknown without running go)
     * @param findings ERROR findings: disagreement or failure
     */
    record Result(String go, List<String> command, int exitCode, String printed, String stderr, GorootEvidence traced,
            String expected, List<Finding> findings) {

        Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("go", go);
            m.put("command", command);
            m.put("exitCode", exitCode);
            m.put("goroot", printed);
            m.put("stderr", stderr);
            m.put("trace", traced.toJsonMap());
            m.put("static", expected.isEmpty() ? null : expected);
            m.put("agrees", findings.isEmpty());
            m.put("findings", findings.stream().map(Finding::toJsonMap).toList());
            return m;
        }
    }

    /**
     * The outcome of {@code --run}: results, or why nothing could run.
     *
     * @param sandbox     the sandbox used ({@link SandboxProbe#describe()})
     * @param tracer      the tracer used
     * @param results     one per go
     * @param unavailable cause and fix when no sandbox or no tracer is usable, else ""
     */
    record Report(String sandbox, String tracer, List<Result> results, String unavailable) {

        boolean problems() {
            return results.stream().anyMatch(r -> !r.findings().isEmpty());
        }

        Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("available", unavailable.isEmpty());
            m.put("sandbox", sandbox);
            m.put("tracer", tracer);
            if (!unavailable.isEmpty()) m.put("unavailable", unavailable);
            m.put("results", results.stream().map(Result::toJsonMap).toList());
            return m;
        }
    }

    private ImageRun() {
    }

    static Report run(Image image, List<GoToolchain> toolchains, GotrailConfig config) {
        SandboxProbe probe = ImageSandbox.probe(config.sandbox());
        TracerSelection selection = TracerDetector.system().select(config);
        if (!probe.usable()) {
            return new Report(probe.describe(), "", List.of(), "no sandbox: " + probe.cause() + ". Fix: " + probe.fix());
        }
        if (!selection.isAvailable()) {
            return new Report(probe.describe(), "", List.of(), "no tracer: " + selection.problem().orElseThrow().explain());
        }
        Tracer tracer = selection.tracer().orElseThrow();
        ImageSandbox sandbox = ImageSandbox.of(image, probe);
        List<Result> results = new ArrayList<>();
        Path logs;
        try {
            logs = Files.createTempDirectory("gotrail-image-run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the trace logs", e);
        }
        try {
            for (GoToolchain t : toolchains) {
                results.add(one(sandbox, tracer, t, logs.resolve("go-" + results.size() + ".log"), config));
            }
        } finally {
            deleteTree(logs);
        }
        return new Report(probe.describe(), tracer.name(), results, "");
    }

    private static Result one(ImageSandbox sandbox, Tracer tracer, GoToolchain t, Path log, GotrailConfig config) {
        String go = t.goBinary().toString();
        CommandSpec inside = CommandSpec.of(go, "env", "GOROOT").withTimeout(config.timeout());
        TracedCommand.Outcome o = TracedCommand.runLaunched(tracer, inside, Path.of(sandbox.workingDir(inside)),
                sandbox.environment(inside.env()), sandbox.wrap(inside), log);
        GoTrace trace = o.trace();
        String printed = trace.stdout().strip();
        String expected = t.goroot().toString();
        GorootEvidence traced = trace.effectiveGoroot();
        List<Finding> findings = new ArrayList<>();
        String fix = "believe the run: the static answer follows cmd/go's rules from the image's files; report the case";
        if (o.timedOut() || trace.exitCode() != 0) {
            String first = trace.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            findings.add(new Finding(FindingId.GO_ENV_FAILED, Finding.Severity.ERROR, String.join(" ", inside.command())
                    + (o.timedOut() ? " was " + o.result().killedAfterTimeout() : " exited with " + trace.exitCode())
                    + " inside the image" + (first.isEmpty() ? "" : ": " + first),
                    "fix the image's go first (see the findings above)"));
        } else {
            if (!expected.isEmpty() && !printed.equals(expected)) {
                findings.add(new Finding(FindingId.TRACE_GOROOT_MISMATCH, Finding.Severity.ERROR, go + " printed GOROOT "
                        + printed + " inside the image but the image's files say " + expected + " (" + t.gorootSource() + ")", fix));
            }
            if (traced.path() != null && !traced.path().equals(printed)) {
                findings.add(new Finding(FindingId.TRACE_GOROOT_MISMATCH, Finding.Severity.ERROR, "the trace shows GOROOT "
                        + traced.path() + " (" + traced.source() + ") but " + go + " printed " + printed, fix));
            }
        }
        return new Result(go, inside.command(), trace.exitCode(), printed, trace.stderr().strip(), traced, expected, findings);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
