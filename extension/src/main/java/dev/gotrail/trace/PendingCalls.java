package dev.gotrail.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls printed {@code <unfinished ...>} and waiting for their {@code <... name resumed>} half: at most
 * one per live thread, so memory is bounded by live threads, not by the log. A call that can no
 * longer be resumed (its thread started another call, exited or was detached) is emitted as
 * {@link TraceEvent#INCOMPLETE}.
 */
final class PendingCalls {

    /** A call's first half. */
    record Pending(long line, int pid, long time, String name, String args, int flags, boolean superseded) {

        Pending(long line, int pid, long time, String name, String args, int flags) {
            this(line, pid, time, name, args, flags, false);
        }

        TraceEvent incomplete(long endLine, int extraFlags) {
            return TraceEvent.incomplete(line, endLine, pid, time, name, args, flags | extraFlags);
        }
    }

    private final TraceSink sink;
    private final Map<Integer, Pending> pending = new HashMap<>();

    PendingCalls(TraceSink sink) {
        this.sink = sink;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The call {@code pid} waits in, or null. */
    Pending of(int pid) {
        return pending.isEmpty() ? null : pending.get(pid);
    }

    /** Records a first half; an older one of the same thread can no longer be resumed. */
    void start(Pending p, long line) {
        Pending old = pending.put(p.pid(), p);
        if (old != null) {
            sink.event(old.incomplete(line, 0));
        }
    }

    /** The thread made another call: whatever it waited in was cut. */
    void cut(int pid, long line, int extraFlags) {
        if (pending.isEmpty()) {
            return;
        }
        Pending p = pending.remove(pid);
        if (p != null) {
            sink.event(p.incomplete(line, extraFlags));
        }
    }

    /**
     * The first half of {@code name} resumed by {@code pid}, or null. A first half of another call is
     * cut; after {@code superseded by execve} the execve of another thread continues under the leader.
     */
    Pending resume(int pid, String name, long line) {
        Pending start = pending.remove(pid);
        if (start != null && !start.name().equals(name)) {
            sink.event(start.incomplete(line, 0));
            start = null;
        }
        if (start == null && name.startsWith("execve")) {
            for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
                if (e.getValue().name().startsWith("execve")) {
                    return pending.remove(e.getKey());
                }
            }
        }
        return start;
    }

    /** {@code +++ superseded by execve in pid OTHER +++}: thread OTHER's pending execve continues under {@code pid}. */
    void supersede(int pid, int other, long line) {
        Pending exec = pending.remove(other);
        if (exec != null) {
            cut(pid, line, 0);
            pending.put(pid, new Pending(exec.line(), pid, exec.time(), exec.name(), exec.args(), exec.flags(), true));
        }
    }

    /** A pid learnt late (the leader of a log written without prefixes): its waiting call moves with it. */
    void rename(int from, int to) {
        Pending p = pending.remove(from);
        if (p != null) {
            pending.put(to, new Pending(p.line(), to, p.time(), p.name(), p.args(), p.flags(), p.superseded()));
        }
    }

    /** The end of the log: every call still waiting, in log order, as incomplete events. */
    List<TraceEvent> drain() {
        List<Pending> rest = new ArrayList<>(pending.values());
        rest.sort((a, c) -> Long.compare(a.line(), c.line()));
        pending.clear();
        List<TraceEvent> out = new ArrayList<>(rest.size());
        for (Pending p : rest) {
            out.add(p.incomplete(p.line(), 0));
        }
        return out;
    }
}
