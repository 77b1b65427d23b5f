package dev.gotrail.trace;

import java.util.BitSet;

/**
 * The processes alive at each point of a {@code strace -f} log, to give a line without a pid prefix
 * its process. strace prints {@code [pid N]} only while it traces more than one process (on stderr;
 * {@code -o} prefixes every line), so an unprefixed line belongs to the only live tracee of that
 * moment: the first process before any fork, the survivor after the others exit. The first process's
 * pid is unknown until it first appears with a prefix; until then its lines get pid 0.
 *
 * <p>Births come from {@code Process N attached} and from the return of clone/fork/vfork; deaths from
 * {@code +++ exited/killed +++}, {@code Process N detached} and {@code superseded by execve}.
 */
final class Tracees {

    /** Linux's PID_MAX_LIMIT: larger numbers are not pids (a mangled line), and are not tracked. */
    private static final int PID_LIMIT = 1 << 22;

    private final int fixedPid;
    private final BitSet live = new BitSet();
    private final BitSet gone = new BitSet();
    private int liveCount;
    private int sole = -1;
    private int leader = -1;
    private boolean anonymous;
    private int lastPrefixed = -1;

    /** @param fixedPid the pid of every unprefixed line when known up front (an {@code -ff} file), else 0 */
    Tracees(int fixedPid) {
        this.fixedPid = fixedPid;
    }

    /** The pid of a line without prefix. */
    int unprefixed() {
        if (fixedPid != 0) {
            return fixedPid;
        }
        if (liveCount == 1) {
            if (sole < 0) {
                sole = live.nextSetBit(0);
            }
            return sole;
        }
        if (leader < 0) {
            if (!anonymous) {
                anonymous = true;
                born(0);
            }
            return 0;
        }
        // several alive by our count, one by strace's: an exit we did not see; the last one heard from
        return lastPrefixed >= 0 ? lastPrefixed : leader;
    }

    /** Whether {@code pid} of a prefixed line is one we have not seen alive (nor expected: attached or forked). */
    boolean isNew(int pid) {
        if (pid == lastPrefixed) {
            return false;
        }
        return pid > 0 && pid < PID_LIMIT && !live.get(pid);
    }

    /** The first process wrote unprefixed lines (as pid 0) and has not shown its pid yet. */
    boolean awaitsLeader() {
        return anonymous && leader < 0 && fixedPid == 0;
    }

    /** The first process, so far pid 0, is {@code pid}. */
    void identifyLeader(int pid) {
        leader = pid;
        if (live.get(0)) {
            live.clear(0);
            liveCount--;
        }
        born(pid);
    }

    /** A prefixed line of {@code pid} (after {@link #isNew} was settled). */
    void heardFrom(int pid) {
        if (pid != lastPrefixed) {
            if (pid > 0 && pid < PID_LIMIT && gone.get(pid)) {
                gone.clear(pid); // a pid used again
            }
            born(pid);
            lastPrefixed = pid;
        }
    }

    /** A process or thread that exists from now on (attached, or returned by clone/fork/vfork). */
    void born(int pid) {
        if (pid >= 0 && pid < PID_LIMIT && !live.get(pid) && (pid == 0 || !gone.get(pid))) {
            live.set(pid);
            liveCount++;
            sole = -1;
        }
    }

    /** A process or thread that is gone (exited, killed, detached, replaced by an exec of another thread). */
    void died(int pid) {
        if (pid >= 0 && pid < PID_LIMIT) {
            gone.set(pid);
            if (live.get(pid)) {
                live.clear(pid);
                liveCount--;
                sole = -1;
            }
        }
        if (pid == lastPrefixed) {
            lastPrefixed = -1;
        }
    }
}
