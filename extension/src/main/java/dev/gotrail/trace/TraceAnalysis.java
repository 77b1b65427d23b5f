package dev.gotrail.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One pass over a trace's events that builds the queryable model: process tree, execs, path
 * accesses and shared objects. Immutable after construction.
 */
final class TraceAnalysis {

    /** Index of the path argument of each path-taking call (dirfd calls take it second). */
    private static final Map<String, Integer> PATH_ARG = new HashMap<>();

    static {
        for (String s : List.of("open", "creat", "stat", "lstat", "stat64", "lstat64", "oldstat", "oldlstat", "access",
                "readlink", "execve", "chdir", "mkdir", "rmdir", "unlink", "truncate", "truncate64", "chmod", "chown",
                "lchown", "statfs", "statfs64", "uselib", "rename", "link", "getxattr", "lgetxattr", "listxattr",
                "utime", "utimes", "mknod", "open_nocancel", "getattrlist", "stat_extended", "lstat_extended",
                "access_extended", "pathconf", "chroot", "swapon", "acct")) {
            PATH_ARG.put(s, 0);
        }
        for (String s : List.of("openat", "openat2", "newfstatat", "fstatat64", "fstatat", "statx", "faccessat",
                "faccessat2", "readlinkat", "execveat", "mkdirat", "unlinkat", "fchmodat", "fchmodat2", "fchownat",
                "futimesat", "utimensat", "mknodat", "renameat", "renameat2", "linkat", "name_to_handle_at",
                "openat_nocancel", "posix_spawn", "getattrlistat")) {
            PATH_ARG.put(s, 1);
        }
        PATH_ARG.put("symlink", 1);
        PATH_ARG.put("symlinkat", 2);
    }

    private static final java.util.Set<String> OPENS = java.util.Set.of("open", "openat", "openat2", "creat",
            "open_nocancel", "openat_nocancel");

    final Map<Integer, ProcBuilder> procs = new LinkedHashMap<>();
    final List<ExecCall> execs = new ArrayList<>();
    final List<FileAccess> accesses = new ArrayList<>();
    final List<FileAccess> opened = new ArrayList<>();
    final List<FileAccess> failed = new ArrayList<>();
    final List<SharedObject> sharedObjects = new ArrayList<>();

    static final class ProcBuilder {
        final int pid;
        int parent;
        boolean thread;
        final List<ExecCall> execs = new ArrayList<>();
        final List<Integer> children = new ArrayList<>();
        Long exit;
        String killedBy;

        ProcBuilder(int pid) {
            this.pid = pid;
        }

        ProcessInfo build() {
            return new ProcessInfo(pid, parent, execs, exit == null ? OptionalLong.empty() : OptionalLong.of(exit),
                    killedBy, children);
        }
    }

    TraceAnalysis(List<TraceEvent> events) {
        Map<Long, Integer> openSo = new HashMap<>(); // (pid<<32|fd) -> index in sharedObjects
        boolean sawMmap = false;
        for (TraceEvent e : events) {
            switch (e.kind()) {
                case SYSCALL -> {
                    proc(e.pid());
                    String name = e.name();
                    if (isCreate(name) && e.retval() > 0 && e.errno() == null) {
                        int child = (int) e.retval();
                        ProcBuilder c = proc(child);
                        c.parent = e.pid();
                        c.thread = e.rawArgs().contains("CLONE_THREAD");
                        proc(e.pid()).children.add(child);
                    } else if (name.equals("mmap") || name.equals("mmap2")) {
                        sawMmap = true;
                        List<String> a = e.args();
                        if (a.size() >= 5) {
                            long fd = StraceValues.leadingNumber(a.get(4));
                            Integer idx = openSo.get(key(e.pid(), fd));
                            if (idx != null && !sharedObjects.get(idx).loaded() && e.errno() == null) {
                                SharedObject so = sharedObjects.get(idx);
                                sharedObjects.set(idx, new SharedObject(so.pid(), so.path(), true, null, so.line(), so.evidence()));
                            }
                        }
                    } else if (name.equals("close") && !openSo.isEmpty()) {
                        List<String> a = e.args();
                        if (!a.isEmpty()) {
                            openSo.remove(key(e.pid(), StraceValues.leadingNumber(a.get(0))));
                        }
                    }
                    Integer pathArg = PATH_ARG.get(name);
                    if (pathArg != null) {
                        access(e, pathArg, openSo);
                    }
                }
                case EXITED -> proc(e.pid()).exit = e.retval();
                case KILLED -> proc(e.pid()).killedBy = e.name();
                default -> {
                }
            }
        }
        if (!sawMmap) {
            // the trace did not include mmap: a successful open is the best evidence there is
            for (int i = 0; i < sharedObjects.size(); i++) {
                SharedObject so = sharedObjects.get(i);
                if (so.errno() == null && !so.loaded()) {
                    sharedObjects.set(i, new SharedObject(so.pid(), so.path(), true, null, so.line(), so.evidence()));
                }
            }
        }
    }

    private static long key(int pid, long fd) {
        return ((long) pid << 32) ^ (fd & 0xffffffffL);
    }

    private static boolean isCreate(String name) {
        return name.equals("clone") || name.equals("clone3") || name.equals("fork") || name.equals("vfork");
    }

    private ProcBuilder proc(int pid) {
        return procs.computeIfAbsent(pid, ProcBuilder::new);
    }

    private void access(TraceEvent e, int pathArg, Map<Long, Integer> openSo) {
        boolean unfinished = e.has(TraceEvent.INCOMPLETE) && e.errno() == null;
        if (unfinished && !e.name().startsWith("execve")) {
            return; // never returned: neither opened nor failed
        }
        List<String> a = e.args();
        if (pathArg >= a.size()) {
            return;
        }
        String path = StraceValues.decodeString(a.get(pathArg));
        if (path == null) {
            return;
        }
        path = TraceSummary.stripNul(path);
        if (!path.startsWith("/") && pathArg > 0) {
            String dir = StraceValues.decoration(a.get(0));
            if (dir != null && dir.startsWith("/")) {
                path = path.isEmpty() ? dir : dir.endsWith("/") ? dir + path : dir + "/" + path;
            }
        }
        String evidence = evidence(e);
        FileAccess fa = new FileAccess(e.pid(), e.name(), path, e.retval(), e.errno(), e.line(), evidence);
        if (!unfinished) {
            accesses.add(fa);
        }
        if (e.errno() != null) {
            failed.add(fa);
        }
        String name = e.name();
        if (name.startsWith("execve")) {
            // an execve still <unfinished ...> when the log ends happened all the same: listed, result unknown
            int argvIndex = pathArg + 1;
            List<String> argv = argvIndex < a.size() ? StraceValues.stringArray(a.get(argvIndex)) : List.of();
            List<String> env = argvIndex + 1 < a.size() ? StraceValues.stringArray(a.get(argvIndex + 1)) : List.of();
            ExecCall ex = new ExecCall(e.pid(), path, argv, env, e.retval(), e.errno(), e.line(), execEvidence(e, path, argv));
            execs.add(ex);
            proc(e.pid()).execs.add(ex);
        }
        if (OPENS.contains(name)) {
            if (e.errno() == null) {
                opened.add(fa);
            }
            if (isSharedObject(path)) {
                sharedObjects.add(new SharedObject(e.pid(), path, false, e.errno(), e.line(), evidence));
                if (e.errno() == null && e.retval() >= 0) {
                    openSo.put(key(e.pid(), e.retval()), sharedObjects.size() - 1);
                }
            }
        }
    }

    /**
     * A file name that names a shared object: {@code x.so}, {@code x.so.6}, {@code x.so.1.2.3},
     * {@code x.dylib}. The loader's own files ({@code ld.so.cache}, {@code ld.so.preload},
     * {@code ld.so.conf}) are not: what follows {@code .so.} must be a version number.
     */
    static boolean isSharedObject(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (name.endsWith(".so") || name.endsWith(".dylib")) {
            return true;
        }
        int so = name.indexOf(".so.");
        if (so < 0) {
            return false;
        }
        String version = name.substring(so + 4);
        if (version.isEmpty() || version.charAt(0) == '.' || version.charAt(version.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** A short evidence line: the call with long arguments elided (environments may hold secrets). */
    static String evidence(TraceEvent e) {
        String d = e.describe();
        return d.length() <= 240 ? d : d.substring(0, 220) + " ...[" + (d.length() - 220) + " more chars]";
    }

    /** An exec's evidence line without its environment (secrets), but naming the go-relevant variables. */
    static String execEvidence(TraceEvent e, String path, List<String> argv) {
        StringBuilder sb = new StringBuilder();
        sb.append("line ").append(e.line()).append(": ");
        if (e.pid() != 0) sb.append(e.pid()).append(' ');
        sb.append(e.name()).append("(\"").append(path).append("\", ").append(argv.isEmpty() ? "..." : argv.toString());
        if (e.has(TraceEvent.INCOMPLETE) && e.errno() == null) {
            return sb.append(", ...) <unfinished ...>").toString();
        }
        sb.append(", ...) = ").append(e.result() == null ? "?" : e.result());
        if (e.errno() != null) sb.append(' ').append(e.errno());
        return sb.toString();
    }

    List<ProcessInfo> processes() {
        List<ProcessInfo> out = new ArrayList<>();
        for (ProcBuilder p : procs.values()) {
            out.add(p.build());
        }
        return out;
    }

    boolean isThread(int pid) {
        ProcBuilder p = procs.get(pid);
        return p != null && p.thread;
    }
}
