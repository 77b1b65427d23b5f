package dev.gotrail.cli;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the doctor's checks found, in the shape of the doctor's JSON (docs/doctor.md). Checks fill the sections
 * they own; the command renders it as JSON or as a human report.
 */
final class DoctorReport {

    /** The go binary as requested with {@code --go}, or null for "the first go on PATH". */
    final String requestedGo;
    /** The directory every check runs go in (its go.mod/go.work choose the toolchain). */
    final Path directory;
    /** The environment go runs with (the user's; never one gotrail changed for a comparison run). */
    final Map<String, String> environment;

    /** The diagnosed toolchain's JSON shape ({@link GoToolchain#toJsonMap()}), empty without one. */
    final Map<String, Object> toolchain = new LinkedHashMap<>();
    /** Its {@code go} and {@code goroot} objects, for the human report. */
    final Map<String, Object> go = new LinkedHashMap<>();
    final Map<String, Object> goroot = new LinkedHashMap<>();
    String version;
    final List<Finding> findings = new ArrayList<>();
    String glibcFloor;
    final Map<String, Object> tracer = new LinkedHashMap<>();
    /** The sandbox go would run in inside an image (@GoImage, image --run): kind, executable, usable, cause, fix. */
    final Map<String, Object> sandbox = new LinkedHashMap<>();
    /** Trace-based proof of the effective GOROOT: path, source, evidence lines. */
    final Map<String, Object> gorootFromTrace = new LinkedHashMap<>();
    /** The go binary's link map: libraries with reasons, missing ones. */
    final Map<String, Object> linkMap = new LinkedHashMap<>();
    /** Where the doctor looked for go when none was found. */
    final List<String> lookedIn = new ArrayList<>();
    /** True when no go binary could be found at all (exit code 2). */
    boolean noGo;

    DoctorReport(String requestedGo) {
        this(requestedGo, null, null);
    }

    DoctorReport(String requestedGo, Path directory, Map<String, String> environment) {
        this.requestedGo = requestedGo;
        this.directory = (directory == null ? Path.of("") : directory).toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment == null ? System.getenv() : environment);
    }

    /** Records the diagnosed toolchain in its one JSON shape; its findings go through {@link #addFinding}. */
    @SuppressWarnings("unchecked")
    synchronized void describe(GoToolchain tc) {
        toolchain.clear();
        toolchain.putAll(tc.toJsonMap());
        go.clear();
        go.putAll((Map<String, Object>) toolchain.get("go"));
        goroot.clear();
        goroot.putAll((Map<String, Object>) toolchain.get("goroot"));
        version = (String) toolchain.get("version");
    }

    synchronized void addFinding(Finding finding) {
        boolean known = findings.stream().anyMatch(f -> f.id().equals(finding.id()) && f.message().equals(finding.message()));
        if (!known) {
            findings.add(finding);
        }
    }

    /** Something will go wrong: an error finding (warnings and informational findings never fail the doctor). */
    synchronized boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    synchronized Map<String, Object> toJson(List<DoctorLauncher.CheckOutcome> checks) {
        // The toolchain's own shape first (go, goroot, version, findings, consulted, goEnv); its
        // findings are widened to the doctor's (the toolchain's plus the checks' own).
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("go", null);
        json.put("goroot", null);
        json.put("version", null);
        json.putAll(toolchain);
        json.put("directory", directory.toString());
        json.put("findings", findings.stream().map(Finding::toJsonMap).toList());
        json.put("glibcFloor", glibcFloor);
        json.put("tracer", tracer.isEmpty() ? null : tracer);
        if (!sandbox.isEmpty()) {
            Map<String, Object> sb = new LinkedHashMap<>(sandbox);
            sb.remove("describe");
            json.put("sandbox", sb);
        }
        json.put("gorootFromTrace", gorootFromTrace.isEmpty() ? null : gorootFromTrace);
        json.put("linkMap", linkMap.isEmpty() ? null : linkMap);
        if (noGo) {
            json.put("lookedIn", lookedIn);
        }
        List<Map<String, Object>> checkList = new ArrayList<>();
        for (DoctorLauncher.CheckOutcome c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("status", c.status() == null ? "SKIPPED" : c.status().name());
            m.put("reason", c.reason());
            checkList.add(m);
        }
        json.put("checks", checkList);
        return json;
    }
}
