package dev.gotrail.junit;

import dev.gotrail.evidence.Redactor;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.ProcessInfo;
import dev.gotrail.trace.TraceEvent;
import dev.gotrail.tracer.TracedCommand;
import java.time.Duration;
import java.util.List;

/** The failure message of a traced go command killed by its timeout: what the trace collected until then. */
final class TraceTimeout {

    /** How many of the last trace events the message quotes. */
    static final int LAST_EVENTS = 8;

    private TraceTimeout() {
    }

    /** The message, redacted (it quotes stderr and trace events) by the built-in rules and the environment. */
    static String message(TracedCommand.Outcome outcome, Duration timeout) {
        return Redactor.defaults().withSecretValuesFrom(outcome.result().environment()).redactPrinted(unredacted(outcome, timeout));
    }

    private static String unredacted(TracedCommand.Outcome outcome, Duration configured) {
        GoTrace trace = outcome.trace();
        // the timeout the command ran with, as every other place (commands.txt, digest, HTML) shows it
        Duration timeout = outcome.result().timeout() != null ? outcome.result().timeout() : configured;
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(" ", trace.command())).append(" did not finish within its timeout of ").append(timeout)
                .append(" and was killed with its whole process tree (tracer and tracees).");
        sb.append("\nCollected until the kill: ").append(trace.lines()).append(" trace lines, ")
                .append(trace.events().size()).append(" events, ").append(trace.processCounts());
        // processes and threads apart (threads: created with CLONE_THREAD), each with its ids
        List<Integer> pids = new java.util.ArrayList<>();
        List<Integer> tids = new java.util.ArrayList<>();
        trace.processes().forEach(p -> (trace.isThread(p.pid()) ? tids : pids).add(p.pid()));
        if (!pids.isEmpty() || !tids.isEmpty()) {
            sb.append(" (");
            appendIds(sb, pids.size() == 1 ? "pid" : "pids", pids);
            if (!pids.isEmpty() && !tids.isEmpty()) {
                sb.append("; ");
            }
            appendIds(sb, tids.size() == 1 ? "thread" : "threads", tids);
            sb.append(')');
        }
        List<TraceEvent> events = trace.events();
        List<String> running = stillRunning(trace);
        if (!running.isEmpty()) {
            sb.append("\nStill running at the kill (no exit in the trace), each with its last system call:");
            running.forEach(line -> sb.append("\n  ").append(line));
        }
        if (!events.isEmpty()) {
            sb.append("\nLast events:");
            for (TraceEvent e : events.subList(Math.max(0, events.size() - LAST_EVENTS), events.size())) {
                sb.append("\n  ").append(e.describe());
            }
        }
        String err = outcome.result().stderr().strip();
        if (!err.isEmpty()) {
            List<String> lines = err.lines().toList();
            sb.append("\nstderr (last lines):");
            lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> sb.append("\n  ").append(l));
        }
        sb.append("\nRaw trace: ").append(dev.gotrail.evidence.KeptLogs.describe(trace.rawLog()));
        sb.append("\nFix: raise the timeout (@TraceGoCommand(timeout = \"PT5M\"), GoCommand.timeout(…) or gotrail.timeout)"
                + " or find what go waited for in the last events above.");
        return sb.toString();
    }

    /** How many ids of each kind the message lists. */
    static final int MAX_IDS = 20;

    private static void appendIds(StringBuilder sb, String word, List<Integer> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sb.append(word);
        ids.stream().limit(MAX_IDS).forEach(id -> sb.append(' ').append(id));
        if (ids.size() > MAX_IDS) {
            sb.append(" …");
        }
    }

    /** How many still-running processes the message lists. */
    static final int MAX_RUNNING = 12;

    /**
     * The pids whose end the trace does not show — alive when the tree was killed — with the
     * program each runs (its own last exec, else its parent's: a thread or a fork) and its last
     * system call, the one it was blocked in ({@code wait4}, {@code read}, {@code futex}, …).
     */
    static List<String> stillRunning(GoTrace trace) {
        java.util.Map<Integer, TraceEvent> last = new java.util.HashMap<>();
        for (TraceEvent e : trace.events()) {
            if (e.kind() == dev.gotrail.trace.EventKind.SYSCALL) {
                last.put(e.pid(), e);
            }
        }
        java.util.Map<Integer, ProcessInfo> byPid = new java.util.HashMap<>();
        trace.processes().forEach(p -> byPid.put(p.pid(), p));
        List<String> out = new java.util.ArrayList<>();
        int alive = 0;
        for (ProcessInfo p : trace.processes()) {
            if (p.exit() != null) {
                continue;
            }
            alive++;
            if (out.size() == MAX_RUNNING) {
                continue;
            }
            String program = p.program();
            for (ProcessInfo q = p; program == null && q != null && q.parent() != 0; ) {
                q = byPid.get(q.parent());
                program = q == null ? null : q.program();
            }
            TraceEvent e = last.get(p.pid());
            out.add((trace.isThread(p.pid()) ? "thread " : "pid ") + p.pid() + " (" + (program == null ? "program unknown" : program) + "): "
                    + (e == null ? "no system call recorded" : e.describe()));
        }
        if (alive > MAX_RUNNING) {
            out.add("… and " + (alive - MAX_RUNNING) + " more");
        }
        return out;
    }
}
