package dev.gotrail.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Finds the go processes in a trace: which exec is "the go command" and which pids are its threads. */
final class GoExecs {

    private GoExecs() {
    }

    /** A go binary by file name: {@code go}, {@code go1.23.5}, {@code gccgo}'s {@code go-13}... */
    static boolean isGoBinary(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals("go")) {
            return true;
        }
        // go1.23.5 (a GOTOOLCHAIN target on PATH), go-13 (gccgo's go on some distributions)
        return name.matches("go(1\\.[0-9][0-9a-z.]*|-[0-9]+)");
    }

    /** Successful go execs, in order. */
    static List<ExecCall> goExecs(TraceAnalysis a) {
        List<ExecCall> out = new ArrayList<>();
        for (ExecCall e : a.execs) {
            if (e.succeeded() && isGoBinary(e.path())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The go that did the work: the last go exec'd on the pid of the first go exec (after any switch). */
    static ExecCall effective(TraceAnalysis a) {
        List<ExecCall> go = goExecs(a);
        if (go.isEmpty()) {
            return null;
        }
        ExecCall first = go.get(0);
        ExecCall last = first;
        for (ExecCall e : go) {
            if (e.pid() == first.pid()) {
                last = e;
            }
        }
        return last;
    }

    /** The pid and every thread it (or its threads) created. */
    static Set<Integer> threadGroup(TraceAnalysis a, int pid) {
        Set<Integer> group = new HashSet<>();
        List<Integer> todo = new ArrayList<>(List.of(pid));
        while (!todo.isEmpty()) {
            int p = todo.remove(todo.size() - 1);
            if (!group.add(p)) {
                continue;
            }
            TraceAnalysis.ProcBuilder b = a.procs.get(p);
            if (b != null) {
                for (int c : b.children) {
                    if (a.isThread(c)) {
                        todo.add(c);
                    }
                }
            }
        }
        return group;
    }
}
