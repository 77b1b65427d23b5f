package dev.gotrail.evidence;

import dev.gotrail.trace.ExecCall;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.trace.ProcessInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A traced command as evidence: what ran, how it ended, the raw tracer log and the facts a reader
 * needs first. Built from a {@link GoTrace} by {@link #from(GoTrace)}; kept as plain text so the
 * evidence files do not depend on the trace model.
 *
 * @param label          short name, e.g. {@code go env GOROOT}
 * @param command        the traced command line
 * @param exitCode       exit code of the traced command (-1: killed or unknown)
 * @param rawLog         the raw tracer log, or null when none was written
 * @param summary        human summary lines (effective GOROOT with its source, counts, switch)
 * @param processTree    one line per process, indented by depth: pid, exec'd binary, exit
 * @param failedAccesses one line per failed access: line number, syscall, path, errno
 * @param environment    the traced program's environment as the trace shows it; never written,
 *                       only used to learn secret values for redaction
 * @param stdout         what the traced command printed (redacted when written)
 * @param stderr         its error output, e.g. the compiler errors of a failing {@code go build}
 * @param json           the trace's JSON shape ({@link GoTrace#toJsonMap()}, as {@code gotrail trace --json}
 *                       prints it), written to {@code trace-N.json}; empty when built by hand
 * @param processCounts  the processes and threads the trace shows, counted apart, e.g. {@code 1 process, 5 threads}
 *                       ({@link GoTrace#processCounts()}); empty when built by hand
 */
public record TraceEvidence(
        String label,
        List<String> command,
        int exitCode,
        Path rawLog,
        List<String> summary,
        List<String> processTree,
        List<String> failedAccesses,
        Map<String, String> environment,
        String stdout,
        String stderr,
        Map<String, Object> json,
        String processCounts) {

    /** Lines of the process tree and of failed accesses kept; the raw log has them all. */
    public static final int MAX_LISTED = 2_000;

    public TraceEvidence {
        Objects.requireNonNull(label, "label");
        command = List.copyOf(command);
        summary = List.copyOf(summary);
        processTree = List.copyOf(processTree);
        failedAccesses = List.copyOf(failedAccesses);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        json = json == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(json));
        processCounts = processCounts == null ? "" : processCounts;
    }

    /** Trace evidence without a JSON shape (built by hand). */
    public TraceEvidence(String label, List<String> command, int exitCode, Path rawLog, List<String> summary,
                         List<String> processTree, List<String> failedAccesses, Map<String, String> environment,
                         String stdout, String stderr) {
        this(label, command, exitCode, rawLog, summary, processTree, failedAccesses, environment, stdout, stderr, Map.of(), "");
    }

    public TraceEvidence(String label, List<String> command, int exitCode, Path rawLog, List<String> summary,
                         List<String> processTree, List<String> failedAccesses) {
        this(label, command, exitCode, rawLog, summary, processTree, failedAccesses, Map.of(), "", "", Map.of(), "");
    }

    /** The evidence of {@code trace}, labelled with its command ({@code go env GOROOT}). */
    public static TraceEvidence from(GoTrace trace) {
        return from(label(trace.command()), trace);
    }

    public static TraceEvidence from(String label, GoTrace trace) {
        return new TraceEvidence(label, trace.command(), trace.exitCode(), trace.rawLog(), summary(trace),
                processTree(trace), failedAccesses(trace), environmentOf(trace), trace.stdout(), trace.stderr(),
                trace.toJsonMap(), trace.processCounts().toString());
    }

    static String label(List<String> command) {
        if (command.isEmpty()) {
            return "(empty command)";
        }
        String program = command.get(0);
        List<String> parts = new ArrayList<>();
        parts.add(program.substring(program.lastIndexOf('/') + 1));
        parts.addAll(command.subList(1, command.size()));
        String label = String.join(" ", parts);
        return label.length() > 80 ? label.substring(0, 79) + "…" : label;
    }

    private static List<String> summary(GoTrace trace) {
        List<String> lines = new ArrayList<>();
        GorootEvidence g = trace.effectiveGoroot();
        lines.add("effective GOROOT: " + (g.path() == null ? "(no go ran)" : g.path()) + " (source " + g.source()
                + (g.confirmed() ? ", confirmed" : "") + ")");
        g.evidence().stream().limit(3).forEach(e -> lines.add("  proved by " + e));
        g.confirmations().stream().limit(2).forEach(e -> lines.add("  confirmed by " + e));
        lines.add(trace.toolchainSwitch().map(s -> "toolchain switch: " + s.from() + " -> " + s.to()
                + (s.version() == null ? "" : " (" + s.version() + ")")).orElse("toolchain switch: none"));
        lines.add("exit code: " + trace.exitCode());
        Map<String, Integer> byErrno = new LinkedHashMap<>();
        trace.failedAccesses().forEach(a -> byErrno.merge(String.valueOf(a.errno()), 1, Integer::sum));
        lines.add("failed accesses: " + trace.failedAccesses().size() + (byErrno.isEmpty() ? "" : " " + byErrno));
        lines.add("files opened: " + trace.opened().size() + ", execs: " + trace.execs().size()
                + ", shared objects loaded: " + trace.loadedSharedObjects().size());
        lines.add(trace.processCounts() + ", trace lines: " + trace.lines()
                + " (" + trace.unparsedLines().size() + " unparsed), format " + trace.format());
        return lines;
    }

    /**
     * One line per process that exec'd something, indented under the process that started it;
     * threads and forks without exec are counted on their nearest exec'ing ancestor.
     */
    private static List<String> processTree(GoTrace trace) {
        Map<Integer, ProcessInfo> byPid = new HashMap<>();
        trace.processes().forEach(p -> byPid.put(p.pid(), p));
        List<String> lines = new ArrayList<>();
        for (ProcessInfo root : trace.rootProcesses()) {
            appendProcess(root, byPid, 0, lines);
        }
        return lines;
    }

    private static void appendProcess(ProcessInfo p, Map<Integer, ProcessInfo> byPid, int depth, List<String> lines) {
        if (lines.size() >= MAX_LISTED) {
            return;
        }
        int[] helpers = {0};
        List<ProcessInfo> execChildren = new ArrayList<>();
        collectChildren(p, byPid, helpers, execChildren, 0);
        StringBuilder sb = new StringBuilder();
        sb.append("  ".repeat(depth)).append("pid ").append(p.pid()).append(' ');
        ExecCall exec = lastSuccessfulExec(p);
        sb.append(exec == null ? "(no exec)" : String.join(" ", exec.argv().isEmpty() ? List.of(exec.path()) : exec.argv()));
        if (exec != null && !exec.argv().isEmpty() && !exec.argv().get(0).equals(exec.path())) {
            sb.append("  [").append(exec.path()).append(']');
        }
        sb.append(" -> ").append(p.killedBy() != null ? "killed by " + p.killedBy()
                : p.exitCode().isPresent() ? "exit " + p.exitCode().getAsLong() : "exit not seen");
        if (helpers[0] > 0) {
            sb.append(" (+").append(helpers[0]).append(" threads/forks)");
        }
        lines.add(sb.toString());
        for (ProcessInfo child : execChildren) {
            appendProcess(child, byPid, depth + 1, lines);
        }
    }

    private static void collectChildren(ProcessInfo p, Map<Integer, ProcessInfo> byPid, int[] helpers, List<ProcessInfo> out, int guard) {
        if (guard > 10_000) {
            return;
        }
        for (int pid : p.children()) {
            ProcessInfo child = byPid.get(pid);
            if (child == null) {
                continue;
            }
            if (lastSuccessfulExec(child) != null) {
                out.add(child);
            } else {
                helpers[0]++;
                collectChildren(child, byPid, helpers, out, guard + 1);
            }
        }
    }

    private static ExecCall lastSuccessfulExec(ProcessInfo p) {
        for (int i = p.execs().size() - 1; i >= 0; i--) {
            if (p.execs().get(i).succeeded()) {
                return p.execs().get(i);
            }
        }
        return null;
    }

    private static List<String> failedAccesses(GoTrace trace) {
        List<String> lines = new ArrayList<>();
        for (FileAccess a : trace.failedAccesses()) {
            if (lines.size() == MAX_LISTED) {
                lines.add("… " + (trace.failedAccesses().size() - MAX_LISTED) + " more in the raw trace");
                break;
            }
            lines.add("line " + a.line() + ": " + a.syscall() + " " + (a.path().isEmpty() ? "\"\"" : a.path()) + " " + a.errno());
        }
        return lines;
    }

    /**
     * The environments of the execve calls of {@code trace}, as one map (the first value of a name
     * wins): what redaction learns secret values from.
     */
    public static Map<String, String> environmentOf(GoTrace trace) {
        Map<String, String> env = new LinkedHashMap<>();
        for (ExecCall e : trace.execs()) {
            for (String entry : e.env()) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
