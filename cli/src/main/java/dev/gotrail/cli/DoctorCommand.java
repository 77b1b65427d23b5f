package dev.gotrail.cli;

import dev.gotrail.json.Json;
import dev.gotrail.toolchain.Finding;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;

/**
 * {@code gotrail doctor [--go PATH] [--json]}: diagnoses this machine's Go toolchain by running
 * {@link DoctorChecks} through the JUnit launcher. Exit 0 healthy, 1 problems found, 2 usage error
 * or no go at all (the report then says where it looked).
 */
final class DoctorCommand implements CliCommand {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "Diagnose this machine's Go toolchain (which go, which GOROOT and why, tracer, shared libraries)";
    }

    @Override
    public String usage() {
        return """
                usage: gotrail doctor [--go PATH] [--json]
                  --go PATH   diagnose this go binary instead of the first go on PATH
                  --json      print the report as JSON
                exit codes: 0 healthy, 1 problems found, 2 usage error or no go at all""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String go = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--go" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--go needs a path");
                    }
                    go = args.get(++i);
                }
                default -> {
                    if (a.startsWith("--go=")) {
                        go = a.substring("--go=".length());
                    } else {
                        throw new UsageException("unknown argument '" + a + "'");
                    }
                }
            }
        }
        DoctorReport report = new DoctorReport(go);
        List<DoctorLauncher.CheckOutcome> checks = DoctorLauncher.run(report, gotrailSystemProperties());
        int exit = report.noGo ? USAGE : report.hasProblems() || anyFailed(checks) ? PROBLEMS : OK;
        if (json) {
            out.println(Json.write(report.toJson(checks)));
        } else {
            new DoctorText(report, checks, exit).print(out);
        }
        return exit;
    }

    private static boolean anyFailed(List<DoctorLauncher.CheckOutcome> checks) {
        return checks.stream().anyMatch(c -> c.status() == TestExecutionResult.Status.FAILED);
    }

    /** The CLI reads gotrail.* keys from system properties (GOTRAIL_JAVA_OPTS="-Dgotrail.…"). */
    private static Map<String, String> gotrailSystemProperties() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("gotrail.")) {
                config.put(name, System.getProperty(name));
            }
        }
        return config;
    }

    /** The human report: what was found, why it matters, how to fix it. */
    private record DoctorText(DoctorReport report, List<DoctorLauncher.CheckOutcome> checks, int exit) {

        void print(PrintStream out) {
            out.println("gotrail doctor");
            out.println();
            if (report.noGo) {
                out.println("No go binary found. Looked in:");
                report.lookedIn.forEach(l -> out.println("  - " + l));
                out.println();
            }
            if (!report.go.isEmpty()) {
                out.println("go");
                Object onPath = report.go.get("onPath");
                out.println("  on PATH, in order:  " + (onPath instanceof List<?> l && !l.isEmpty() ? join(l) : "(none)"));
                out.println("  diagnosed:          " + report.go.get("path")
                        + (report.go.get("path").equals(report.go.get("realPath")) ? "" : " -> " + report.go.get("realPath")));
                out.println("  version:            " + report.version);
                out.println();
                out.println("GOROOT");
                out.println("  effective:          " + report.goroot.get("effective") + "  (source: " + report.goroot.get("source") + ")");
                out.println("  $GOROOT:            " + (report.goroot.get("envVar") == null ? "(unset)" : report.goroot.get("envVar")));
                if (!report.gorootFromTrace.isEmpty()) {
                    out.println("  proven by trace:    " + report.gorootFromTrace.get("path") + "  (" + report.gorootFromTrace.get("source") + ")");
                    if (report.gorootFromTrace.get("evidence") instanceof List<?> ev) {
                        ev.stream().limit(4).forEach(l -> out.println("      " + l));
                    }
                }
                out.println();
            }
            if (!report.tracer.isEmpty()) {
                out.println("tracer");
                out.println("  " + report.tracer.get("name") + ": " + (Boolean.TRUE.equals(report.tracer.get("available"))
                        ? "available, ptrace permitted" : "unavailable — " + report.tracer.get("problem")));
                out.println();
            }
            if (!report.linkMap.isEmpty()) {
                out.println("shared libraries of " + report.linkMap.get("binary"));
                if (Boolean.TRUE.equals(report.linkMap.get("static"))) {
                    out.println("  statically linked: needs no shared library and no particular glibc");
                } else {
                    String tree = String.valueOf(report.linkMap.get("tree"));
                    tree.lines().forEach(l -> out.println("  " + l));
                    out.println("  glibc floor: " + (report.glibcFloor == null ? "none" : "GLIBC_" + report.glibcFloor)
                            + " (the oldest glibc this go binary runs on)");
                }
                out.println();
            }
            out.println("checks");
            for (DoctorLauncher.CheckOutcome c : checks) {
                String mark = c.status() == null ? "skipped" : switch (c.status()) {
                    case SUCCESSFUL -> "ok     ";
                    case ABORTED -> "skipped";
                    case FAILED -> "FAILED ";
                };
                out.println("  " + mark + " " + c.name());
                if (c.status() == TestExecutionResult.Status.ABORTED && !c.reason().isBlank()) {
                    out.println("          " + firstLine(c.reason()));
                }
            }
            out.println();
            List<Finding> shown = new ArrayList<>(report.findings);
            if (!shown.isEmpty()) {
                out.println("findings");
                for (Finding f : shown) {
                    out.println("  " + f.severity() + " [" + f.id() + "] " + f.message());
                    if (!f.fix().isBlank()) {
                        out.println("      fix: " + f.fix());
                    }
                }
                out.println();
            }
            out.println(switch (exit) {
                case OK -> "verdict: healthy";
                case PROBLEMS -> "verdict: problems found (exit 1)";
                default -> "verdict: no usable go (exit 2)";
            });
        }

        private static String join(List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                if (sb.length() > 0) sb.append("\n                      ");
                sb.append(o);
            }
            return sb.toString();
        }

        private static String firstLine(String s) {
            return s.lines().findFirst().orElse("");
        }
    }
}
