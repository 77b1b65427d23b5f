package dev.gotrail.cli;

import dev.gotrail.evidence.Redactor;
import dev.gotrail.json.Json;
import dev.gotrail.config.GotrailConfig;
import dev.gotrail.trace.ExecCall;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.trace.SharedObject;
import dev.gotrail.trace.ToolchainSwitchEvidence;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import dev.gotrail.tracer.TracerSelection;
import dev.gotrail.tracer.TracerUnavailableException;
import dev.gotrail.evidence.Redactor;
import dev.gotrail.evidence.SecretNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gotrail trace [--json] [-o LOG] [--no-redact] -- COMMAND [ARGS...]}: runs a command under
 * the tracer (strace on Linux, dtruss on macOS) and summarises what it did. The log and everything
 * printed are redacted like every evidence file (docs/evidence.md); {@code --no-redact} keeps the log raw.
 * Exit code 0 when the command exited 0, 1 when it failed or was killed by {@code gotrail.timeout},
 * 2 for a usage error, a COMMAND that cannot be found, a LOG that cannot be written, or when no
 * tracer can run (not installed, ptrace forbidden), with the cause and the fix.
 */
@Command(name = "trace", sortOptions = false,
        description = {"Run a command under the tracer and summarise it.",
                "Runs COMMAND under strace (Linux) or dtruss (macOS) and reports the effective GOROOT with its"
                        + " evidence, any toolchain switch, execs, opened and failed paths and shared objects.",
                "Options end at COMMAND; '--' before it is optional."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:COMMAND exited 0", "1:COMMAND failed or timed out",
                "2:usage error, COMMAND not found, LOG not writable, or no working tracer"},
        footer = {"", "Configuration: -Dgotrail.tracer=auto|strace|dtruss  -Dgotrail.strace=PATH"
                + "  -Dgotrail.timeout=PT10M (default: no timeout)  -Dgotrail.redact=NAME,..."})
final class TraceCommand extends CliCommand {

    /** How many entries of each list the human report shows. */
    static final int LISTED = 12;

    @Option(names = "--json", description = "Print JSON: the parse keys plus command, exitCode, effectiveGoroot, "
            + "toolchainSwitch, opened, failedAccesses, sharedObjects, timedOut, stdout, stderr.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "LOG",
            description = "Write the trace log to LOG (default: a temporary file, named in the report).")
    Path log;

    @Option(names = "--no-redact", description = "Keep secret values in LOG (by default they are replaced by ***); what is printed is redacted in any case.")
    boolean noRedact;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to trace and its arguments.")
    List<String> command = new ArrayList<>();

    private final Supplier<TracerSelection> tracers;

    TraceCommand() {
        this(() -> TracerDetector.system().select(GotrailConfig.fromSystemProperties()));
    }

    /** With another tracer source (tests: a detector for a machine where ptrace is forbidden). */
    TraceCommand(Supplier<TracerSelection> tracers) {
        this.tracers = tracers;
    }

    @Override
    public Integer call() throws IOException {
        if (command.isEmpty()) {
            throw new UsageException("no command to trace");
        }
        Optional<String> notRunnable = notRunnable(command.get(0));
        if (notRunnable.isPresent()) {
            err.println("gotrail trace: " + command.get(0) + ": " + notRunnable.get());
            return USAGE;
        }
        TracerSelection selection = tracers.get();
        if (!selection.isAvailable()) {
            err.println("gotrail trace: cannot trace: " + selection.problem().orElseThrow().explain());
            return USAGE;
        }
        Tracer tracer = selection.require();
        // A LOG that is not a regular file (/dev/stdout, a FIFO, /proc/…) cannot be read back to be
        // parsed and redacted: the trace goes to a temporary file, copied to LOG once it is redacted.
        Path copyTo = null;
        if (log != null && isStream(log)) {
            copyTo = log;
            log = null;
        }
        if (log == null) {
            log = Files.createTempFile("gotrail-trace-", ".log");
        } else {
            try {
                if (log.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(log.toAbsolutePath().getParent());
                }
                Files.write(log, new byte[0]); // fails now, not after the traced run, when LOG cannot be written
            } catch (IOException e) {
                err.println("gotrail trace: cannot write " + log + ": " + e);
                return USAGE;
            }
        }
        TracedCommand.Outcome outcome;
        try {
            outcome = TracedCommand.run(tracer, CommandSpec.of(command).withTimeout(timeout()), log);
        } catch (TracerUnavailableException e) {
            err.println("gotrail trace: cannot trace: " + e.getMessage());
            return USAGE;
        }
        CommandResult result = outcome.result();
        GoTrace trace = outcome.trace();
        // The log the tracer wrote (given with -o or a temporary file) is redacted like every evidence
        // file unless --no-redact; the secret-named variables the trace shows in execve environments
        // are learnt first, so that their values are hidden wherever the command printed or passed them.
        // What is printed is redacted in any case (Main wraps out and err; --no-redact is about the log).
        Redactor redactor = CliRedaction.redactor().withSecretValuesFrom(CliRedaction.environmentOf(trace))
                .withSecretValuesFrom(result.environment());
        if (!noRedact) {
            CliRedaction.redactInPlace(log, redactor);
        }
        if (copyTo != null) {
            try (java.io.OutputStream to = Files.newOutputStream(copyTo)) {
                Files.copy(log, to);
            } catch (IOException e) {
                err.println("gotrail trace: cannot write " + copyTo + ": " + e.getMessage() + " (the log is kept in " + log + ")");
                return USAGE;
            }
            Files.delete(log);
        }
        if (json) {
            out.println(Json.write(redactor.redactJson(json(trace, result))));
        } else {
            out.print(redactor.redactPrinted(result.stdout()));
            err.print(redactor.redactPrinted(result.stderr()));
            out.print(redactor.redactPrinted(human(trace, result, tracer, copyTo == null ? trace.rawLog() : copyTo)));
        }
        return result.succeeded() ? OK : PROBLEMS;
    }



    /**
     * True when LOG is a stream rather than a file the tracer can write and gotrail read back: a
     * FIFO, a character device such as {@code /dev/stdout}, or anything in the kernel's pseudo file
     * systems ({@code /proc}, {@code /sys}, {@code /dev}). A directory is not a stream: it is a LOG
     * that cannot be written (exit 2 before anything runs).
     */
    static boolean isStream(Path log) {
        Path abs = log.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return false;
        }
        return abs.startsWith("/proc") || abs.startsWith("/sys") || abs.startsWith("/dev")
                || Files.exists(abs) && !Files.isRegularFile(abs);
    }

    /**
     * Why COMMAND cannot be started, looked up as execvp(3) does (a name with a slash as a path,
     * else on PATH), or empty when it can. A missing COMMAND is bad input (exit 2), not a
     * command that failed. A bare name not on PATH gets the executables of PATH nearest to it
     * ({@link #nearestOnPath}) as a second line, {@code Did you mean: go?}.
     */
    static Optional<String> notRunnable(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!Files.exists(p)) {
                return Optional.of("no such file");
            }
            return Files.isDirectory(p) ? Optional.of("is a directory")
                    : Files.isExecutable(p) ? Optional.empty() : Optional.of("not executable");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.empty();
            }
        }
        List<String> near = nearestOnPath(program, path);
        return Optional.of("not found on PATH" + (near.isEmpty() ? ""
                : System.lineSeparator() + "Did you mean: " + (near.size() == 1 ? near.get(0)
                        : String.join(", ", near.subList(0, near.size() - 1)) + " or " + near.get(near.size() - 1)) + "?"));
    }

    /** Suggestions shown at most. */
    static final int SUGGESTED = 3;

    /**
     * The executable names in the directories of {@code path} (a PATH value) within
     * {@link Main#editDistance} 1 of {@code typed} (names of up to 4 characters) or 2, as picocli and
     * {@link Main#closeOptions} suggest for gotrail's own commands and options: nearest first; among
     * equally near ones {@code go} first (a tool about go: {@code gp}, {@code og}, {@code g} mean go),
     * then names with the same first letter, then the same length, then by name. At most
     * {@value #SUGGESTED}; unreadable directories are skipped.
     */
    static List<String> nearestOnPath(String typed, String path) {
        if (typed.isEmpty()) {
            return List.of();
        }
        int allowed = typed.length() <= 4 ? 1 : 2;
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String dir : path.split(":", -1)) {
            Path d = Path.of(dir.isEmpty() ? "." : dir);
            try (java.util.stream.Stream<Path> entries = Files.list(d)) {
                entries.forEach(p -> {
                    String name = p.getFileName().toString();
                    if (Math.abs(name.length() - typed.length()) <= allowed && Main.editDistance(typed, name) <= allowed
                            && Files.isRegularFile(p) && Files.isExecutable(p)) {
                        names.add(name);
                    }
                });
            } catch (IOException | RuntimeException e) {
                // a PATH entry that is missing or unreadable holds no suggestion
            }
        }
        return names.stream().sorted(java.util.Comparator.<String>comparingInt(n -> Main.editDistance(typed, n))
                        .thenComparing(n -> !n.equals("go"))
                        .thenComparing(n -> n.charAt(0) != typed.charAt(0))
                        .thenComparingInt(n -> Math.abs(n.length() - typed.length())))
                .limit(SUGGESTED).toList();
    }

    /**
     * The trace's one JSON shape ({@link GoTrace#toJsonMap()}, the same as the evidence's
     * {@code trace-N.json}) plus the run's own fact {@code timedOut}.
     */
    static Map<String, Object> json(GoTrace trace, CommandResult result) {
        Map<String, Object> m = new LinkedHashMap<>(trace.toJsonMap());
        m.put("timedOut", result.timedOut());
        return m;
    }

    /** gotrail.timeout when given; a CLI trace of an arbitrary command otherwise runs as long as it needs. */
    private static Duration timeout() {
        String set = System.getProperty(GotrailConfig.TIMEOUT);
        return set == null || set.isBlank() ? Duration.ofDays(365) : GotrailConfig.fromSystemProperties().timeout();
    }

    static String human(GoTrace trace, CommandResult result, Tracer tracer, Path log) {
        StringBuilder sb = new StringBuilder();
        sb.append("\ngotrail trace: ").append(String.join(" ", trace.command())).append('\n');
        String exit = result.timedOut() ? result.killedAfterTimeout() + " (whole process tree)"
                : String.valueOf(result.exitCode());
        row(sb, "exit code", exit);
        row(sb, "trace", log + " (" + tracer.name() + ", " + trace.lines() + " lines, " + trace.events().size()
                + " events, " + trace.processCounts() + ", " + trace.unparsedLines().size() + " unparsed)");
        trace.incomplete().ifPresent(i -> row(sb, "incomplete", i.describe()));
        GorootEvidence g = trace.effectiveGoroot();
        if (!g.known()) {
            row(sb, "GOROOT", "unknown: the log ends before the lines that decide it");
            list(sb, "evidence", g.evidence());
        } else if (g.path() == null) {
            row(sb, "GOROOT", "no go ran in this trace");
        } else {
            row(sb, "GOROOT", g.path() + " (" + g.source() + ")");
            list(sb, "evidence", g.evidence());
            list(sb, "confirmed by", g.confirmations());
        }
        row(sb, "switch", trace.toolchainSwitch().map(TraceCommand::describe).orElse("none"));
        trace.toolchainSwitch().ifPresent(s -> list(sb, "", s.evidence()));
        List<String> execs = new ArrayList<>();
        for (ExecCall e : trace.execs()) {
            execs.add(e.path() + (e.errno() == null ? "" : "  [" + e.errno() + "]"));
        }
        row(sb, "execs", count(trace.execs().size(), "exec"));
        list(sb, "", execs);
        List<String> opened = trace.opened().stream().map(FileAccess::path).distinct().toList();
        row(sb, "opened", count(opened.size(), "path"));
        list(sb, "", opened);
        Map<String, Integer> byErrno = new TreeMap<>();
        trace.failedAccesses().forEach(f -> byErrno.merge(String.valueOf(f.errno()), 1, Integer::sum));
        row(sb, "failed", count(trace.failedAccesses().size(), "access") + (byErrno.isEmpty() ? "" : " " + byErrno));
        list(sb, "", trace.failedAccesses().stream()
                .map(f -> (f.path().isEmpty() ? "\"\"" : f.path()) + "  (" + f.syscall() + " " + f.errno() + ")").toList());
        List<String> sos = new ArrayList<>();
        for (SharedObject so : trace.loadedSharedObjects()) {
            sos.add(so.path());
        }
        row(sb, "shared objs", count(sos.size(), "loaded"));
        list(sb, "", sos);
        List<String> missing = trace.sharedObjectAttempts().stream().filter(s -> !s.loaded()).map(SharedObject::path).toList();
        if (!missing.isEmpty()) {
            row(sb, "not found", count(missing.size(), "shared object probe"));
            list(sb, "", missing);
        }
        return sb.toString();
    }

    private static String describe(ToolchainSwitchEvidence s) {
        return s.from() + " -> " + s.to() + (s.version() == null ? "" : " (" + s.version() + ")");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 || what.endsWith("ed") ? "" : what.endsWith("s") ? "es" : "s");
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format("  %-13s %s%n", label, value));
    }

    private static void list(StringBuilder sb, String label, List<String> items) {
        int shown = 0;
        for (String item : items) {
            if (shown == LISTED) {
                sb.append(String.format("  %-13s … %d more (--json lists all)%n", "", items.size() - LISTED));
                break;
            }
            sb.append(String.format("  %-13s %s%n", shown == 0 ? label : "", item));
            shown++;
        }
    }
}
