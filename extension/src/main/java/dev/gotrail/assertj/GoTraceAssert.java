package dev.gotrail.assertj;

import static dev.gotrail.assertj.Evidence.NL;

import dev.gotrail.trace.ExecCall;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.GorootEvidence;
import dev.gotrail.trace.ProcessInfo;
import dev.gotrail.trace.SharedObject;
import dev.gotrail.trace.ToolchainSwitchEvidence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link GoTrace}: what the traced command really opened, failed to find,
 * executed and loaded, which GOROOT it used and whether it switched toolchains. Failure messages
 * quote the trace lines (with their line numbers in the raw log) that show what happened instead.
 *
 * <p>{@link #loadedSharedObject(String)} selects a shared object for {@link #from(Path)}; the
 * chain stays on this assertion object, so soft assertions collect every step.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class GoTraceAssert extends AbstractAssert<GoTraceAssert, GoTrace> {

    private String selectedSoname;
    private List<SharedObject> selected = List.of();

    public GoTraceAssert(GoTrace actual) {
        super(actual, GoTraceAssert.class);
    }

    /** The traced command exited with {@code expected}. */
    public GoTraceAssert exitedWith(int expected) {
        isNotNull();
        if (actual.exitCode() != expected) {
            failWithMessage("%nExpecting%n  %s%nto exit with %d but it exited with %d%n%s%nstderr:%n%s",
                    command(), expected, actual.exitCode(), exitEvidence(), tail(actual.stderr()));
        }
        return this;
    }

    /** A successful open/openat/creat of {@code path} appears in the trace. */
    public GoTraceAssert opened(Path path) {
        isNotNull();
        String wanted = normal(path);
        if (actual.opened().stream().noneMatch(a -> normal(a.path()).equals(wanted))) {
            List<FileAccess> attempts = accessesOf(wanted);
            List<FileAccess> sameName = actual.opened().stream()
                    .filter(a -> Path.of(a.path()).getFileName() != null && path.getFileName() != null
                            && Path.of(a.path()).getFileName().equals(path.getFileName()))
                    .toList();
            failWithMessage("%nExpecting%n  %s%nto open%n  %s%nbut it never opened it successfully.%nCalls on that path:%n%s%nOpens of files with the same name:%n%s",
                    command(), path, Evidence.lines(attempts, FileAccess::evidence), Evidence.lines(sameName, FileAccess::evidence));
        }
        return this;
    }

    /** @see #opened(Path) */
    public GoTraceAssert opened(String path) {
        return opened(Path.of(path));
    }

    /**
     * No file at or below {@code dir} was <em>opened</em>: no successful open/openat/openat2/creat
     * names it. Failed probes, stats and execs are not opens: to rule those out too use
     * {@link #neverAccessedUnder(Path)}; to also rule out the proven GOROOT use
     * {@link #neverUsedUnder(Path)}.
     */
    public GoTraceAssert neverOpenedUnder(Path dir) {
        isNotNull();
        List<FileAccess> under = actual.opened().stream().filter(a -> isUnder(a.path(), dir)).toList();
        if (!under.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto open nothing under%n  %s%nbut it opened %d file(s) there:%n%s",
                    command(), dir, under.size(), Evidence.lines(under, FileAccess::evidence));
        }
        return this;
    }

    /** @see #neverOpenedUnder(Path) */
    public GoTraceAssert neverOpenedUnder(String dir) {
        return neverOpenedUnder(Path.of(dir));
    }

    /**
     * No process executed {@code binary}: no successful {@code execve}/{@code execveat} names it,
     * by the path requested or by that path's real path (so {@code /usr/bin/go}, a symlink, counts
     * as executing {@code /usr/lib/go-1.19/bin/go}). A bare name ({@code "gcc"}) matches the file
     * name of the requested or real path. Failed attempts (the PATH search) do not count.
     */
    public GoTraceAssert didNotExecute(String binary) {
        isNotNull();
        List<ExecCall> hits = actual.execs().stream()
                .filter(e -> e.succeeded() && (matchesBinary(e.path(), binary) || matchesBinary(realPath(e.path()), binary)))
                .toList();
        if (!hits.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nnot to execute%n  %s%nbut it did:%n%s",
                    command(), binary, Evidence.lines(hits, ExecCall::evidence));
        }
        return this;
    }

    /**
     * No path-taking call, successful or failed, names a path at or below {@code dir} — opens,
     * stats, accesses, readlinks and execs all count ("accessed"). Compared by normalised path and
     * by real path.
     */
    public GoTraceAssert neverAccessedUnder(Path dir) {
        isNotNull();
        List<FileAccess> under = actual.fileAccesses().stream().filter(a -> isUnder(a.path(), dir)).toList();
        if (!under.isEmpty()) {
            failWithMessage("%nExpecting%n  %s%nto access nothing under%n  %s%nbut %d call(s) named a path there:%n%s",
                    command(), dir, under.size(), Evidence.lines(under, FileAccess::evidence));
        }
        return this;
    }

    /** @see #neverAccessedUnder(Path) */
    public GoTraceAssert neverAccessedUnder(String dir) {
        return neverAccessedUnder(Path.of(dir));
    }

    /**
     * Nothing at or below {@code dir} was used: no file there was opened, executed (by requested
     * or real path) or otherwise accessed, and the GOROOT the trace proves is not there either.
     * The strongest of the negative assertions: use it for "this job never touched the old
     * toolchain".
     */
    public GoTraceAssert neverUsedUnder(Path dir) {
        isNotNull();
        List<String> uses = new ArrayList<>();
        Path normalDir = dir.toAbsolutePath().normalize();
        for (FileAccess a : actual.fileAccesses()) {
            if (isUnder(a.path(), dir)) {
                boolean byName = a.path().startsWith("/") && Path.of(normal(a.path())).startsWith(normalDir);
                uses.add(byName ? a.evidence() : a.evidence() + "   (real path " + realPath(a.path()) + ")");
            }
        }
        GorootEvidence g = actual.effectiveGoroot();
        boolean gorootThere = g.path() != null && isUnder(g.path(), dir);
        if (!uses.isEmpty() || gorootThere) {
            failWithMessage("%nExpecting%n  %s%nto use nothing under%n  %s%nbut%s%s",
                    command(), dir,
                    gorootThere ? NL + "  its effective GOROOT is " + g.path() + " (source " + g.source() + "), proved by:" + NL
                            + Evidence.lines(g.evidence()) : "",
                    uses.isEmpty() ? "" : NL + "  " + uses.size() + " call(s) named a path there:" + NL + Evidence.lines(uses));
        }
        return this;
    }

    /** @see #neverUsedUnder(Path) */
    public GoTraceAssert neverUsedUnder(String dir) {
        return neverUsedUnder(Path.of(dir));
    }

    /** Some call on {@code path} failed with {@code errno} (e.g. {@code "ENOENT"}). */
    public GoTraceAssert failedToAccess(Path path, String errno) {
        isNotNull();
        String wanted = normal(path);
        List<FileAccess> calls = accessesOf(wanted);
        if (calls.stream().noneMatch(a -> errno.equals(a.errno()))) {
            failWithMessage("%nExpecting%n  %s%nto fail to access%n  %s%nwith %s, but %s",
                    command(), path, errno, calls.isEmpty() ? "no call in the trace names that path ("
                            + actual.failedAccesses().size() + " failed accesses in total)"
                            : "the calls on that path were:" + NL + Evidence.lines(calls, FileAccess::evidence));
        }
        return this;
    }

    /** @see #failedToAccess(Path, String) */
    public GoTraceAssert failedToAccess(String path, String errno) {
        return failedToAccess(Path.of(path), errno);
    }

    /**
     * A process successfully exec'd {@code binary}: an absolute path (compared as given and by
     * real path) or a bare name ({@code "compile"}, {@code "gcc"}) matched against the file name.
     */
    public GoTraceAssert executed(String binary) {
        isNotNull();
        if (actual.execs().stream().noneMatch(e -> e.succeeded() && matchesBinary(e.path(), binary))) {
            List<ExecCall> failedTries = actual.execs().stream().filter(e -> !e.succeeded() && matchesBinary(e.path(), binary)).toList();
            failWithMessage("%nExpecting%n  %s%nto execute%n  %s%nbut it did not.%s%nEvery exec in the trace:%n%s",
                    command(), binary, failedTries.isEmpty() ? "" : NL + "Failed attempts:" + NL + Evidence.lines(failedTries, ExecCall::evidence),
                    Evidence.lines(actual.execs(), ExecCall::evidence));
        }
        return this;
    }

    /** The effective GOROOT shown by the trace is {@code goroot} (compared by real path). */
    public GoTraceAssert usedGoroot(Path goroot) {
        isNotNull();
        GorootEvidence g = actual.effectiveGoroot();
        if (g.path() == null || !Paths.samePlace(Path.of(g.path()), goroot)) {
            failWithMessage("%nExpecting%n  %s%nto use GOROOT%n  %s%nbut the trace shows GOROOT%n  %s (source %s)%nproved by:%n%s%nconfirmed by:%n%s",
                    command(), goroot, g.path() != null ? g.path() : g.known() ? "(none: no go ran)"
                            : "(unknown: " + actual.incomplete().map(i -> i.describe()).orElse("the log is incomplete") + ")", g.source(),
                    Evidence.lines(g.evidence()), Evidence.lines(g.confirmations()));
        }
        return this;
    }

    /** @see #usedGoroot(Path) */
    public GoTraceAssert usedGoroot(String goroot) {
        return usedGoroot(Path.of(goroot));
    }

    /** No GOTOOLCHAIN switch: the go that was started did the work itself. */
    public GoTraceAssert didNotSwitchToolchain() {
        isNotNull();
        Optional<ToolchainSwitchEvidence> sw = actual.toolchainSwitch();
        if (sw.isPresent()) {
            ToolchainSwitchEvidence s = sw.get();
            failWithMessage("%nExpecting%n  %s%nnot to switch toolchains, but%n  %s%nre-executed%n  %s%s%nevidence:%n%s",
                    command(), s.from(), s.to(), s.version() == null ? "" : " (" + s.version() + ")", Evidence.lines(s.evidence()));
        }
        return this;
    }

    /** A GOTOOLCHAIN switch happened. */
    public GoTraceAssert switchedToolchain() {
        isNotNull();
        if (actual.toolchainSwitch().isEmpty()) {
            List<ExecCall> goExecs = actual.execs().stream().filter(e -> matchesBinary(e.path(), "go")).toList();
            failWithMessage("%nExpecting%n  %s%nto switch toolchains (GOTOOLCHAIN), but no go re-executed another go.%ngo execs in the trace:%n%s",
                    command(), Evidence.lines(goExecs, ExecCall::evidence));
        }
        return this;
    }

    /**
     * A GOTOOLCHAIN switch happened to {@code version}: the toolchain go re-executed reports that
     * version ({@code "go1.23.0"}; the {@code go} prefix may be left out), or its path ends in
     * {@code version} (a {@code goX.Y.Z} command found on PATH, a module-cache toolchain
     * {@code golang.org/toolchain@v0.0.1-goX.Y.Z.linux-amd64}).
     */
    public GoTraceAssert switchedToolchainTo(String version) {
        isNotNull();
        String wanted = version.startsWith("go") ? version : "go" + version;
        Optional<ToolchainSwitchEvidence> sw = actual.toolchainSwitch();
        if (sw.isEmpty()) {
            List<ExecCall> goExecs = actual.execs().stream().filter(e -> fileName(e.path()).startsWith("go")).toList();
            failWithMessage("%nExpecting%n  %s%nto switch toolchains to %s, but no go re-executed another go.%ngo execs in the trace:%n%s",
                    command(), wanted, Evidence.lines(goExecs, ExecCall::evidence));
            return this;
        }
        ToolchainSwitchEvidence s = sw.get();
        boolean byVersion = wanted.equals(s.version());
        boolean byPath = s.to() != null && (fileName(s.to()).equals(wanted) || s.to().contains("-" + wanted + "."));
        if (!byVersion && !byPath) {
            failWithMessage("%nExpecting%n  %s%nto switch toolchains to %s, but%n  %s%nre-executed%n  %s%s%nevidence:%n%s",
                    command(), wanted, s.from(), s.to(), s.version() == null ? "" : " (" + s.version() + ")",
                    Evidence.lines(s.evidence()));
        }
        return this;
    }

    /**
     * A shared object with this file name or soname (e.g. {@code libc.so.6}) was opened and
     * mapped. Select it for {@link #from(Path)}.
     */
    public GoTraceAssert loadedSharedObject(String soname) {
        isNotNull();
        selectedSoname = soname;
        selected = actual.loadedSharedObjects().stream().filter(s -> fileName(s.path()).equals(soname)).toList();
        if (selected.isEmpty()) {
            List<SharedObject> attempts = actual.sharedObjectAttempts().stream().filter(s -> fileName(s.path()).equals(soname)).toList();
            failWithMessage("%nExpecting%n  %s%nto load the shared object%n  %s%nbut it was never loaded.%nAttempts to open it:%n%s%nShared objects that were loaded:%n%s",
                    command(), soname, Evidence.lines(attempts, SharedObject::evidence),
                    Evidence.lines(actual.loadedSharedObjects(), SharedObject::path));
        }
        return this;
    }

    /** The shared object selected by {@link #loadedSharedObject(String)} was loaded from {@code dir}. */
    public GoTraceAssert from(Path dir) {
        isNotNull();
        if (selectedSoname == null) {
            throw new IllegalStateException("call loadedSharedObject(soname) before from(dir)");
        }
        if (selected.isEmpty()) {
            return this; // loadedSharedObject already failed (soft assertions continue here)
        }
        if (selected.stream().noneMatch(s -> Paths.samePlace(parent(s.path()), dir))) {
            List<SharedObject> probes = actual.sharedObjectAttempts().stream()
                    .filter(s -> fileName(s.path()).equals(selectedSoname)).toList();
            failWithMessage("%nExpecting%n  %s%nto load %s from%n  %s%nbut it was loaded from%n%s%nThe loader's search for it:%n%s",
                    command(), selectedSoname, dir, Evidence.lines(selected, SharedObject::evidence),
                    Evidence.lines(probes, SharedObject::evidence));
        }
        return this;
    }

    /** @see #from(Path) */
    public GoTraceAssert from(String dir) {
        return from(Path.of(dir));
    }

    private String command() {
        // the kept evidence file when the trace is a running test's: the temporary log is deleted after the test
        return String.join(" ", actual.command()) + " (trace " + dev.gotrail.evidence.KeptLogs.describe(actual.rawLog()) + ")";
    }

    private String exitEvidence() {
        List<String> lines = new ArrayList<>();
        for (ProcessInfo p : actual.rootProcesses()) {
            lines.add("pid " + p.pid() + " " + Objects.toString(p.program(), "?") + ": "
                    + (p.killedBy() != null ? "killed by " + p.killedBy()
                    : p.exitCode().isPresent() ? "exited with " + p.exitCode().getAsLong() : "exit not seen in the trace"));
        }
        return "processes:" + NL + Evidence.lines(lines);
    }

    private static String tail(String stderr) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return Evidence.lines(lines.size() > Evidence.MAX_LINES ? lines.subList(lines.size() - Evidence.MAX_LINES, lines.size()) : lines);
    }

    private List<FileAccess> accessesOf(String normalPath) {
        return actual.fileAccesses().stream().filter(a -> normal(a.path()).equals(normalPath)).toList();
    }

    /** The real path of {@code path} as the file system shows it now; {@code path} itself when it cannot be resolved. */
    private static String realPath(String path) {
        try {
            return Paths.real(Path.of(path)).toString();
        } catch (RuntimeException e) {
            return path;
        }
    }

    private static boolean isUnder(String path, Path dir) {
        try {
            return Paths.isUnder(Path.of(path), dir);
        } catch (RuntimeException e) {
            return false; // not a path this platform can parse (NUL bytes)
        }
    }

    private static boolean matchesBinary(String path, String binary) {
        if (binary.contains("/")) {
            return path.equals(binary) || isSame(path, binary);
        }
        return fileName(path).equals(binary);
    }

    private static boolean isSame(String a, String b) {
        try {
            return Paths.samePlace(Path.of(a), Path.of(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String normal(Path p) {
        return p.normalize().toString();
    }

    private static String normal(String p) {
        try {
            return Path.of(p).normalize().toString();
        } catch (RuntimeException e) {
            return p;
        }
    }

    private static Path parent(String path) {
        Path p = Path.of(path).getParent();
        return p == null ? Path.of("/") : p;
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1);
    }

    /** Redacts the message (it quotes evidence) before AssertJ formats and throws it. */
    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        super.failWithMessage("%s", Redaction.message(Redaction.environmentOf(actual), errorMessage, arguments));
    }
}
