package dev.gotrail.cli;

import dev.gotrail.json.Json;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.InstalledGo;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gotrail doctor [--go PATH] [--all] [--image IMAGE] [--json]}: diagnoses this machine's Go toolchain (or,
 * with {@code --image}, the toolchains of an image, from its files, as {@link ImageCommand} does) by
 * running {@link DoctorChecks} through the JUnit launcher. Exit 0 healthy, 1 problems found, 2
 * usage error or no go at all (the report then says where it looked). {@code --all} diagnoses every
 * go on PATH and at the well-known install places, each once (by real binary); its exit code is
 * the worst of theirs.
 */
@Command(name = "doctor", sortOptions = false,
        description = "Diagnose this machine's Go toolchain (which go, which GOROOT and why, tracer, shared libraries).",
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:healthy", "1:problems found", "2:usage error or no go at all"})
final class DoctorCommand extends CliCommand {

    @Option(names = "--go", paramLabel = "PATH", description = "Diagnose this go binary instead of the first go on PATH.")
    String go;

    @Option(names = "--dir", paramLabel = "DIR", description = "Run every check in DIR instead of the working directory "
            + "(its go.mod or go.work choose the toolchain).")
    Path dir;

    @Option(names = "--all", description = "Diagnose every go found: on PATH in order, then at well-known install places.")
    boolean all;

    @Option(names = "--json", description = "Print the report as JSON (an array of reports with --all).")
    boolean json;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Diagnose the go toolchains of this container image instead"
            + " of this machine, from its files (nothing is run): as gotrail image IMAGE does.")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "With --image: the platform to read from a multi-platform image.")
    String platform;

    @Override
    public Integer call() {
        if (image != null) {
            if (go != null || all || dir != null) {
                throw new UsageException("--image diagnoses an image's toolchains; it excludes --go, --all and --dir");
            }
            ImageCommand c = new ImageCommand();
            c.streams(out, err);
            c.image = image;
            c.platform = platform;
            c.json = json;
            c.errorsOnly = true;
            return c.call();
        }
        if (platform != null) {
            throw new UsageException("--platform needs --image");
        }
        if (all && go != null) {
            throw new UsageException("--all and --go exclude each other");
        }
        if (dir != null && CliPaths.directoryProblem(dir).isPresent()) {
            throw new UsageException("--dir " + dir + ": " + CliPaths.directoryProblem(dir).get());
        }
        if (!all) {
            Diagnosis d = diagnose(go, dir);
            if (json) {
                out.println(Json.write(d.report.toJson(d.checks)));
            } else {
                new DoctorText(d.report, d.checks, d.exit).print(out);
            }
            return d.exit;
        }
        List<Path> gos = everyGo();
        if (gos.isEmpty()) {
            // Nothing anywhere: the ordinary report says where it looked (exit 2).
            Diagnosis d = diagnose(null, dir);
            if (json) {
                out.println(Json.write(List.of(d.report.toJson(d.checks))));
            } else {
                new DoctorText(d.report, d.checks, d.exit).print(out);
            }
            return d.exit;
        }
        List<Object> reports = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        int exit = OK;
        for (Path binary : gos) {
            Diagnosis d = diagnose(binary.toString(), dir);
            exit = Math.max(exit, d.exit);
            if (json) {
                reports.add(d.report.toJson(d.checks));
            } else {
                new DoctorText(d.report, d.checks, d.exit).print(out);
                out.println();
                verdicts.add(String.format("  %-28s %-10s %s", binary, d.report.version == null ? "?" : d.report.version,
                        d.exit == OK ? "healthy" : d.exit == PROBLEMS ? "problems found" : "no usable go"));
            }
        }
        if (json) {
            out.println(Json.write(reports));
        } else {
            out.println("gotrail doctor --all: " + gos.size() + " go toolchain" + (gos.size() == 1 ? "" : "s"));
            verdicts.forEach(out::println);
            out.println(DoctorText.verdict(exit));
        }
        return exit;
    }

    /** One doctor run for one go ({@code null}: the first go on PATH) and its exit code. */
    record Diagnosis(DoctorReport report, List<DoctorLauncher.CheckOutcome> checks, int exit) {
    }

    private static Diagnosis diagnose(String go, Path dir) {
        return diagnose(new DoctorReport(go, dir, System.getenv()));
    }

    /**
     * Runs the checks for {@code report}. The exit code follows the severity rule of docs/doctor.md:
     * 1 only when something will go wrong (an ERROR finding or a FAILED check, and checks fail
     * only on errors); warnings and informational findings leave it 0.
     */
    static Diagnosis diagnose(DoctorReport report) {
        List<DoctorLauncher.CheckOutcome> checks = DoctorLauncher.run(report, gotrailSystemProperties());
        int exit = report.noGo ? USAGE : report.hasErrors() || anyFailed(checks) ? PROBLEMS : OK;
        return new Diagnosis(report, checks, exit);
    }

    /**
     * Every go binary to diagnose with {@code --all}: those on PATH in PATH order, then the
     * well-known installs PATH does not reach; one per real binary ({@code /usr/bin/go} and the
     * {@code /usr/lib/go-1.19/bin/go} it links to are one toolchain).
     */
    static List<Path> everyGo() {
        Map<String, String> env = System.getenv();
        Map<Path, Path> byReal = new LinkedHashMap<>();
        for (Path p : ToolchainDiscovery.goOnPath(env, null)) {
            byReal.putIfAbsent(realPath(p), p);
        }
        for (InstalledGo i : ToolchainDiscovery.knownInstalls(env)) {
            byReal.putIfAbsent(realPath(i.realBinary()), i.binary());
        }
        return List.copyOf(byReal.values());
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
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
    record DoctorText(DoctorReport report, List<DoctorLauncher.CheckOutcome> checks, int exit) {

        void print(PrintStream out) {
            out.println("gotrail doctor");
            out.println("  directory:          " + report.directory);
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
                if (report.toolchain.get("settings") instanceof List<?> settings) {
                    for (Object o : settings) {
                        if (o instanceof Map<?, ?> m && !"DEFAULT".equals(m.get("source"))) {
                            out.println("  " + pad(m.get("name") + ":") + m.get("value") + "  (" + origin(m) + ")");
                        }
                    }
                }
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
            if (!report.sandbox.isEmpty()) {
                out.println("sandbox (for @GoImage and gotrail image --run)");
                out.println("  " + report.sandbox.get("describe"));
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
                // a skipped or failed check says why on the next line (the whole reason is in --json)
                if (c.status() != TestExecutionResult.Status.SUCCESSFUL && !c.reason().isBlank()) {
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
            long warnings = report.findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
            out.println(verdict(exit) + (exit == OK && warnings > 0
                    ? " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ": worth fixing, nothing fails now)" : ""));
        }

        static String verdict(int exit) {
            return switch (exit) {
                case OK -> "verdict: healthy";
                case PROBLEMS -> "verdict: problems found (exit 1)";
                default -> "verdict: no usable go (exit 2)";
            };
        }

        private static String join(List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                if (sb.length() > 0) sb.append("\n                      ");
                sb.append(o);
            }
            return sb.toString();
        }

        private static String pad(String label) {
            return String.format("%-20s", label);
        }

        private static String origin(Map<?, ?> setting) {
            Object file = setting.get("file");
            Object line = setting.get("line");
            String where = file == null ? "" : " " + file + (line instanceof Integer n && n > 0 ? ":" + n : "");
            return switch (String.valueOf(setting.get("source"))) {
                case "ENVIRONMENT" -> "environment";
                case "GOENV_FILE" -> "go/env file" + where;
                case "GOROOT_GO_ENV" -> "toolchain's go.env" + where;
                default -> where.strip();
            };
        }

        private static String firstLine(String s) {
            return s.lines().findFirst().orElse("");
        }
    }
}
