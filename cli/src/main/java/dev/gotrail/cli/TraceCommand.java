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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code gotrail trace [--json] [-o LOG] -- COMMAND [ARGS...]}: runs a command under the tracer
 * (strace on Linux, dtruss on macOS) and summarises what it did. Exit code 0 when the command
 * exited 0, 1 when it failed or was killed by {@code gotrail.timeout}, 2 for a usage error or
 * when no tracer can run (not installed, ptrace forbidden), with the cause and the fix.
 */
final class TraceCommand implements CliCommand {

    /** How many entries of each list the human report shows. */
    static final int LISTED = 12;

    private final Supplier<TracerSelection> tracers;

    TraceCommand() {
        this(() -> TracerDetector.system().select(GotrailConfig.fromSystemProperties()));
    }

    /** With another tracer source (tests: a detector for a machine where ptrace is forbidden). */
    TraceCommand(Supplier<TracerSelection> tracers) {
        this.tracers = tracers;
    }

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public String summary() {
        return "Run a command under the tracer and summarise it";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: gotrail trace [--json] [-o LOG] -- COMMAND [ARGS...]",
                "  Runs COMMAND under strace (Linux) or dtruss (macOS) and reports the effective GOROOT with its",
                "  evidence, any toolchain switch, execs, opened and failed paths and shared objects.",
                "  --json   print JSON (the parse keys plus command, exitCode, effectiveGoroot, toolchainSwitch,",
                "           opened, failedAccesses, sharedObjects)",
                "  -o LOG   write the raw trace to LOG (default: a temporary file, named in the report)",
                "  -Dgotrail.tracer=auto|strace|dtruss  -Dgotrail.strace=PATH  -Dgotrail.timeout=PT10M (default: no timeout)",
                "  Exit codes: 0 the command exited 0, 1 it failed or timed out, 2 usage error or no working tracer.");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean json = false;
        Path log = null;
        List<String> command = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                command = args.subList(i + 1, args.size());
                break;
            } else if (a.equals("--json")) {
                json = true;
            } else if (a.equals("-o") || a.equals("--output")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a file name");
                }
                log = Path.of(args.get(++i));
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option " + a);
            } else {
                command = args.subList(i, args.size()); // "--" is optional before a command that is no option
                break;
            }
        }
        if (command == null || command.isEmpty()) {
            throw new UsageException("no command to trace");
        }
        TracerSelection selection = tracers.get();
        if (!selection.isAvailable()) {
            err.println("gotrail trace: cannot trace: " + selection.problem().orElseThrow().explain());
            return USAGE;
        }
        Tracer tracer = selection.require();
        if (log == null) {
            log = Files.createTempFile("gotrail-trace-", ".log");
        } else if (log.toAbsolutePath().getParent() != null) {
            Files.createDirectories(log.toAbsolutePath().getParent());
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
        // the log the tracer wrote (given with -o or a temporary file) is redacted like every evidence
        // file; the secret-named variables the trace shows in execve environments are learnt first, so
        // that their values are hidden wherever the command printed or passed them
        Redactor redactor = CliRedaction.redactor().withSecretValuesFrom(CliRedaction.environmentOf(trace));
        CliRedaction.redactInPlace(log, redactor);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>(trace.toJsonMap());
            m.put("timedOut", result.timedOut());
            m.put("stdout", result.stdout());
            m.put("stderr", result.stderr());
            out.println(Json.write(redactor.redactJson(m)));
        } else {
            out.print(redactor.redactPrinted(result.stdout()));
            err.print(redactor.redactPrinted(result.stderr()));
            out.print(redactor.redactPrinted(human(trace, result, tracer)));
        }
        return result.succeeded() ? OK : PROBLEMS;
    }

    /** gotrail.timeout when given; a CLI trace of an arbitrary command otherwise runs as long as it needs. */
    private static Duration timeout() {
        String set = System.getProperty(GotrailConfig.TIMEOUT);
        return set == null || set.isBlank() ? Duration.ofDays(365) : GotrailConfig.fromSystemProperties().timeout();
    }

    static String human(GoTrace trace, CommandResult result, Tracer tracer) {
        StringBuilder sb = new StringBuilder();
        sb.append("\ngotrail trace: ").append(String.join(" ", trace.command())).append('\n');
        String exit = result.timedOut() ? "killed after its timeout of " + result.elapsed().toSeconds() + "s (whole process tree)"
                : String.valueOf(result.exitCode());
        row(sb, "exit code", exit);
        row(sb, "trace", trace.rawLog() + " (" + tracer.name() + ", " + trace.lines() + " lines, " + trace.events().size()
                + " events, " + trace.processes().size() + " processes, " + trace.unparsedLines().size() + " unparsed)");
        GorootEvidence g = trace.effectiveGoroot();
        if (g.path() == null) {
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
