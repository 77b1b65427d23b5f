package dev.gotrail.trace;

import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GorootSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Infers the effective GOROOT from a trace the way cmd/go chooses it: {@code GOROOT} in the
 * environment of the go exec (ENV, or TOOLCHAIN_SWITCH for a module-cache toolchain), then
 * {@code GOROOT=} read from the user's go/env file (CONFIG_FILE), then the first directory
 * {@code D} with a successful stat of {@code D/pkg/tool} after {@code readlinkat("/proc/self/exe")}
 * (EXE_DERIVED), else the built-in default (BUILTIN_FALLBACK: the tree whose go.env go reads, or the
 * directory it stats, after the probes failed); gccgo's go (libgo loaded) is GCCGO with its built-in
 * root. When the effective go is the target of a GOTOOLCHAIN switch the source is TOOLCHAIN_SWITCH,
 * as toolchain discovery says, with the switch's evidence (and cause) first. Ground truth confirms
 * it: tool execs under {@code X/pkg/tool/}, {@code openat(X/go.env)}, successful opens under
 * {@code X/src}. In a log that ends before the go command did ({@link IncompleteLog}) no source is
 * concluded from absence: where only missing lines would make it BUILTIN_FALLBACK, the source is
 * null (unknown) with the reason as the last evidence line.
 */
final class GorootInference {

    private static final String MODULE_CACHE_TOOLCHAIN = "golang.org/toolchain@";

    private GorootInference() {
    }

    /**
     * @param files           the text of the go/env file when its reads are not in the trace
     * @param toolchainSwitch the switch the trace shows, if any: when the effective go is the one it
     *                        switched to, the source is TOOLCHAIN_SWITCH (as toolchain discovery says)
     *                        and the switch's evidence (what decided it) comes first
     * @param incomplete    present when the log ends before the traced command did
     * @return the evidence; never null (path null when no go ran; source null when the log ends
     *         before the lines that would decide it)
     */
    static GorootEvidence infer(List<TraceEvent> events, TraceAnalysis a, Optional<ToolchainSwitchEvidence> toolchainSwitch,
            ConsultedFiles files, Optional<IncompleteLog> incomplete) {
        ExecCall go = GoExecs.effective(a);
        if (go == null) {
            if (incomplete.isPresent()) {
                return new GorootEvidence(null, null, List.of("no successful exec of a go binary before the log ends",
                        unknownBecause(incomplete.get())), List.of());
            }
            return new GorootEvidence(null, GorootSource.BUILTIN_FALLBACK,
                    List.of("no successful exec of a go binary in the trace"), List.of());
        }
        Set<Integer> group = GoExecs.threadGroup(a, go.pid());
        List<TraceEvent> mine = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.line() > go.line() && e.kind() == EventKind.SYSCALL && group.contains(e.pid())) {
                mine.add(e);
            }
        }
        List<String> evidence = new ArrayList<>();
        String path = null;
        GorootSource source = null;

        // gccgo: its go links libgo
        for (SharedObject so : a.sharedObjects) {
            if (so.loaded() && group.contains(so.pid()) && so.line() > go.line()
                    && so.path().substring(so.path().lastIndexOf('/') + 1).startsWith("libgo.so")) {
                evidence.add(go.evidence());
                evidence.add(so.evidence());
                source = GorootSource.GCCGO;
                path = gccgoGoroot(go, mine, evidence);
                break;
            }
        }
        String env = go.envValue("GOROOT").orElse("");
        if (source == null && !env.isEmpty()) {
            path = env;
            source = env.contains(MODULE_CACHE_TOOLCHAIN) ? GorootSource.TOOLCHAIN_SWITCH : GorootSource.ENV;
            evidence.add(go.evidence() + "  [environment: GOROOT=" + env + "]");
        }
        if (source == null) {
            String fromFile = configFileGoroot(go, mine, evidence, files);
            if (fromFile != null) {
                path = fromFile;
                source = GorootSource.CONFIG_FILE;
            }
        }
        if (source == null && openedGoEnvFileWithoutProbe(mine, evidence)) {
            // reads are not traced (overhead): a go/env file opened and no executable probe after it
            // means cmd/go took GOROOT from that file; the tree it then used is the ground truth
            source = GorootSource.CONFIG_FILE;
        }
        if (source == null) {
            List<String> probes = new ArrayList<>();
            boolean sawExe = false;
            for (TraceEvent e : mine) {
                if (e.name().startsWith("readlink") && "/proc/self/exe".equals(argPath(e))) {
                    if (!sawExe) {
                        probes.add(TraceAnalysis.evidence(e));
                    }
                    sawExe = true;
                } else if (sawExe && isStat(e.name())) {
                    String p = argPath(e);
                    if (p != null && p.endsWith("/pkg/tool")) {
                        probes.add(TraceAnalysis.evidence(e));
                        if (e.succeeded()) {
                            path = p.substring(0, p.length() - "/pkg/tool".length());
                            source = GorootSource.EXE_DERIVED;
                            break;
                        }
                    }
                }
            }
            evidence.add(go.evidence());
            evidence.addAll(probes);
            if (source == null && sawExe) {
                // cmd/go then stats its built-in GOROOT (runtime.GOROOT()): the first directory stat after the probes
                path = builtinStat(mine, probes, evidence);
            }
            if (source == null && path == null && incomplete.isPresent() && groundTruth(a, new ArrayList<>()) == null) {
                // the lines that would decide it (a later probe, the built-in tree, a tool exec) may be
                // the very ones the log lacks: absence proves nothing here
                evidence.add(unknownBecause(incomplete.get()));
                return new GorootEvidence(null, null, evidence, List.of());
            }
            if (source == null) {
                source = GorootSource.BUILTIN_FALLBACK;
                evidence.add(sawExe ? "every pkg/tool probe after readlinkat(/proc/self/exe) failed: the built-in GOROOT was used"
                        : "no GOROOT in the environment or go/env and no exe-derived probe: the built-in GOROOT was used");
            }
        }
        List<String> confirmations = new ArrayList<>();
        if (path != null) {
            confirm(a, path, confirmations);
        } else {
            path = groundTruth(a, confirmations);
        }
        if (toolchainSwitch.isPresent() && toolchainSwitch.get().to().equals(go.path()) && source != GorootSource.GCCGO) {
            // toolchain discovery names the switch as the source; how the new go found its root follows the switch's lines
            List<String> all = new ArrayList<>(toolchainSwitch.get().evidence());
            all.add("GOROOT of the go switched to (" + source + "):");
            all.addAll(evidence);
            return new GorootEvidence(path, GorootSource.TOOLCHAIN_SWITCH, all, confirmations);
        }
        return new GorootEvidence(path, source, evidence, confirmations);
    }

    private static String unknownBecause(IncompleteLog incomplete) {
        return "GOROOT unknown: the log ends before the traced command did"
                + (incomplete.cutLine() == null ? "" : " (its last line, line " + incomplete.cutLine().line() + ", is cut)")
                + ", so the lines that would show where GOROOT came from may be missing";
    }

    /**
     * True when a go/env file ({@code …/go/env}) was opened and no {@code readlinkat("/proc/self/exe")}
     * probe followed: cmd/go derives GOROOT from the executable only when neither the environment nor
     * the go/env file set it. Adds the open as evidence.
     */
    private static boolean openedGoEnvFileWithoutProbe(List<TraceEvent> mine, List<String> evidence) {
        TraceEvent open = null;
        for (TraceEvent e : mine) {
            if (open == null && e.name().startsWith("open") && e.succeeded()) {
                String p = argPath(e);
                if (p != null && p.endsWith("/go/env")) {
                    open = e;
                }
            } else if (open != null && e.name().startsWith("readlink") && "/proc/self/exe".equals(argPath(e))) {
                return false;
            }
        }
        if (open == null) {
            return false;
        }
        evidence.add(TraceAnalysis.evidence(open) + "  [the go/env file; no executable probe follows, so GOROOT came from it]");
        return true;
    }

    /** The first successful stat of a directory after the last failed pkg/tool probe: the built-in GOROOT. */
    private static String builtinStat(List<TraceEvent> mine, List<String> probes, List<String> evidence) {
        if (probes.isEmpty()) {
            return null;
        }
        String lastProbe = probes.get(probes.size() - 1);
        boolean after = false;
        for (TraceEvent e : mine) {
            if (!after) {
                after = TraceAnalysis.evidence(e).equals(lastProbe);
                continue;
            }
            // go 1.21+ reads GOROOT/go.env right after choosing GOROOT: the first go.env opened is the built-in root
            if (e.name().startsWith("open") && e.succeeded()) {
                String p = argPath(e);
                if (p != null && p.startsWith("/") && p.endsWith("/go.env")) {
                    evidence.add(TraceAnalysis.evidence(e) + "  [GOROOT/go.env of the built-in GOROOT, read after the probes failed]");
                    return p.substring(0, p.length() - "/go.env".length());
                }
            }
            if (isStat(e.name()) && e.succeeded() && e.args().stream().anyMatch(x -> x.contains("S_IFDIR"))) {
                String p = argPath(e);
                if (p != null && p.startsWith("/")) {
                    evidence.add(TraceAnalysis.evidence(e) + "  [the built-in GOROOT, checked after the probes failed]");
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * {@code GOROOT=} in the user's go/env file ({@code $GOENV}, else {@code …/go/env}): its successful
     * open, and what it said ({@link ConsultedFiles}: the traced reads, else the unchanged file).
     */
    private static String configFileGoroot(ExecCall go, List<TraceEvent> mine, List<String> evidence, ConsultedFiles files) {
        String goenv = go.envValue("GOENV").orElse("");
        if (goenv.equals("off")) {
            return null;
        }
        for (TraceEvent e : mine) {
            if (e.name().startsWith("open") && e.succeeded()) {
                String p = argPath(e);
                if (p != null && (goenv.isEmpty() ? p.endsWith("/go/env") : p.equals(goenv))) {
                    FileAccess open = new FileAccess(e.pid(), e.name(), p, e.retval(), null, e.line(), TraceAnalysis.evidence(e));
                    ConsultedFiles.Content c = files.of(open, mine);
                    GoSetting s = c == null ? null : SwitchCause.envFileSetting(c.text(), "GOROOT", GoSetting.Source.GOENV_FILE, p);
                    if (s == null) {
                        return null;
                    }
                    evidence.add(open.evidence() + "  [" + s.describe() + "; " + c.how() + "]");
                    return s.value();
                }
            }
        }
        return null;
    }

    private static void confirm(TraceAnalysis a, String root, List<String> out) {
        String tool = root + "/pkg/tool/";
        int src = 0;
        int tools = 0;
        for (ExecCall e : a.execs) {
            if (e.succeeded() && e.path().startsWith(tool) && tools++ < 3) {
                out.add(e.evidence());
            }
        }
        for (FileAccess f : a.opened) {
            if (f.path().equals(root + "/go.env")) {
                out.add(f.evidence());
            } else if (f.path().startsWith(root + "/src/") && src++ < 2) {
                out.add(f.evidence());
            }
        }
    }

    /** Without a rule's answer, the directory whose pkg/tool the go command exec'd is the ground truth. */
    private static String groundTruth(TraceAnalysis a, List<String> out) {
        for (ExecCall e : a.execs) {
            int i = e.path().indexOf("/pkg/tool/");
            if (e.succeeded() && i > 0) {
                String root = e.path().substring(0, i);
                confirm(a, root, out);
                return root;
            }
        }
        for (FileAccess f : a.opened) {
            if (f.path().endsWith("/go.env")) {
                String root = f.path().substring(0, f.path().length() - "/go.env".length());
                confirm(a, root, out);
                return root;
            }
        }
        return null;
    }

    /**
     * gccgo's go: {@code $GOROOT} when set, else its built-in {@code runtime.GOROOT()} (the gcc
     * installation prefix, wherever the binary was copied), which go stats right after reading its
     * go/env file: the first successful stat of an absolute directory after that open. Without one,
     * the prefix above the binary's {@code bin/}.
     */
    private static String gccgoGoroot(ExecCall go, List<TraceEvent> mine, List<String> evidence) {
        String env = go.envValue("GOROOT").orElse("");
        if (!env.isEmpty()) {
            evidence.add(go.evidence() + "  [environment: GOROOT=" + env + "]");
            return env;
        }
        boolean afterGoEnv = false;
        for (TraceEvent e : mine) {
            String p = argPath(e);
            if (p == null) {
                continue;
            }
            if (!afterGoEnv) {
                afterGoEnv = e.name().startsWith("open") && p.endsWith("/go/env");
            } else if (isStat(e.name()) && e.succeeded() && p.startsWith("/")
                    && e.args().stream().anyMatch(x -> x.contains("S_IFDIR"))) {
                evidence.add(TraceAnalysis.evidence(e) + "  [gccgo's built-in GOROOT, checked after the go/env file]");
                return p;
            }
        }
        return gccgoPrefix(go.path());
    }

    /** gccgo's runtime.GOROOT() is its installation prefix: the directory above the go binary's bin/ (/usr/bin/go-12 gives /usr). */
    static String gccgoPrefix(String goBinary) {
        int bin = goBinary.lastIndexOf("/bin/");
        return bin > 0 ? goBinary.substring(0, bin) : "/usr";
    }

    static boolean isStat(String name) {
        return name.contains("stat") || name.equals("access") || name.startsWith("faccessat");
    }

    /** The path argument of a path-taking call, NUL-stripped, or null. */
    static String argPath(TraceEvent e) {
        List<String> a = e.args();
        boolean at = e.name().endsWith("at") || e.name().endsWith("at2") || e.name().equals("statx")
                || e.name().equals("fstatat64");
        int i = at ? 1 : 0;
        if (i >= a.size()) return null;
        String p = StraceValues.decodeString(a.get(i));
        return p == null ? null : TraceSummary.stripNul(p);
    }
}
