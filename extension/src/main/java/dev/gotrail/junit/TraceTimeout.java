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

    private static String unredacted(TracedCommand.Outcome outcome, Duration timeout) {
        GoTrace trace = outcome.trace();
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(" ", trace.command())).append(" did not finish within its timeout of ").append(timeout)
                .append(" and was killed with its whole process tree (tracer and tracees).");
        sb.append("\nCollected until the kill: ").append(trace.lines()).append(" trace lines, ")
                .append(trace.events().size()).append(" events, ").append(trace.processes().size()).append(" processes");
        List<ProcessInfo> processes = trace.processes();
        if (!processes.isEmpty()) {
            sb.append(" (pids");
            processes.stream().limit(20).forEach(p -> sb.append(' ').append(p.pid()));
            sb.append(processes.size() > 20 ? " …)" : ")");
        }
        List<TraceEvent> events = trace.events();
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
        sb.append("\nRaw trace: ").append(trace.rawLog());
        sb.append("\nFix: raise the timeout (@TraceGoCommand(timeout = \"PT5M\"), GoCommand.timeout(…) or gotrail.timeout)"
                + " or find what go waited for in the last events above.");
        return sb.toString();
    }
}
