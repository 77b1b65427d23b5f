package dev.gotrail.toolchain;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.EnvDelta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One uncached discovery run: selects the go binary, asks it {@code go env -json} twice (inherited
 * environment, then {@code GOTOOLCHAIN=local}), asks its compiler for its version, inspects the
 * GOROOT on disk and reconstructs which of cmd/go's GOROOT sources decided. The rules that turn
 * these facts into findings live in {@link ToolchainFindings}.
 */
final class ToolchainInspector {

    /** The second {@code go env -json} run: the binary as invoked, no toolchain switch. */
    static final EnvDelta LOCAL_TOOLCHAIN = EnvDelta.none().set("GOTOOLCHAIN", "local");

    /** Runs one process; {@link ToolchainDiscovery} counts every call. */
    interface Launcher {
        CommandResult launch(List<String> command, Map<String, String> environment);
    }

    /** The outcome of selecting a binary: a path to run, or why there is none. */
    record Selection(Path binary, NoToolchain problem) {
    }

    private final DiscoveryRequest request;
    private final Map<String, String> env;
    private final Path workDir;
    private final List<String> consulted = new ArrayList<>();
    private final List<Path> onPath;

    ToolchainInspector(DiscoveryRequest request) {
        this.request = request;
        this.env = request.environment();
        this.workDir = request.workDir();
        this.onPath = PathLookup.all("go", env, workDir);
    }

    List<Path> onPath() {
        return onPath;
    }

    /** Picks the binary without running anything: "" = first go on PATH, a bare name = PATH lookup, else a path. */
    Selection select() {
        String requested = request.go();
        consulted.add("PATH=" + env.getOrDefault("PATH", "") + " -> "
                + (onPath.isEmpty() ? "no executable named go" : "go at " + joinPaths(onPath)));
        if (requested.isEmpty()) {
            if (onPath.isEmpty()) {
                List<InstalledGo> installs = installsNotOnPath();
                // suggest the newest install: the one a user setting up PATH most likely wants
                InstalledGo newest = installs.stream().max(Comparator.comparing(
                        (InstalledGo i) -> i.parsedVersion().orElse(GoVersion.UNKNOWN))).orElse(null);
                String fix = newest == null
                        ? "install Go (Debian: apt-get install golang-go, or unpack the official archive into /usr/local/go) "
                                + "and add its bin directory to PATH, or name a go binary with " + naming("PATH",
                                        "@RequiresGoroot(go = \"…\") or -Dgotrail.go=…")
                        : "put an installed go on PATH, e.g. export PATH=" + newest.binary().getParent() + ":$PATH, "
                                + "or name it with " + naming(newest.binary().toString(),
                                        "@RequiresGoroot(go = \"" + newest.binary() + "\") or -Dgotrail.go=" + newest.binary());
                Finding notOnPath = new Finding(FindingId.GO_NOT_ON_PATH, Finding.Severity.ERROR,
                        "no executable named go in any PATH directory (PATH=" + env.getOrDefault("PATH", "") + ")", fix);
                Finding installed = installedNotOnPath(installs);
                return new Selection(null, installed == null
                        ? noToolchain(NoToolchain.Reason.NOT_ON_PATH, null, null, notOnPath)
                        : noToolchain(NoToolchain.Reason.NOT_ON_PATH, null, null, notOnPath, installed));
            }
            return new Selection(onPath.get(0), null);
        }
        if (!requested.contains("/")) {
            Optional<Path> found = PathLookup.first(requested, env, workDir);
            consulted.add("requested go '" + requested + "' on PATH -> " + found.map(Path::toString).orElse("not found"));
            return found.map(p -> new Selection(p, null)).orElseGet(() -> new Selection(null, noToolchain(
                    NoToolchain.Reason.NO_SUCH_FILE, null, null, new Finding(FindingId.GO_NOT_FOUND, Finding.Severity.ERROR,
                            "no executable named " + requested + " in any PATH directory",
                            "install it or name the go binary by its full path (" + naming("/usr/lib/go-1.23/bin/go",
                                    "@RequiresGoroot(go = \"/usr/lib/go-1.23/bin/go\") or -Dgotrail.go=…") + ")"))));
        }
        Path binary = workDir.resolve(requested).normalize();
        consulted.add("requested go " + binary);
        if (!Files.exists(binary)) {
            String dangling = "";
            if (Files.isSymbolicLink(binary)) {
                try {
                    dangling = " (it is a dangling symlink to " + Files.readSymbolicLink(binary) + ")";
                } catch (IOException e) {
                    dangling = " (it is a dangling symlink)";
                }
            }
            return new Selection(null, noToolchain(NoToolchain.Reason.NO_SUCH_FILE, binary, null, new Finding(
                    FindingId.GO_NOT_FOUND, Finding.Severity.ERROR, binary + " does not exist" + dangling,
                    suggestExisting("point " + naming(null, "gotrail.go / @RequiresGoroot(go = …)") + " at an existing go binary"))));
        }
        if (Files.isDirectory(binary)) {
            Path inside = binary.resolve("bin").resolve("go");
            String fix = Files.isExecutable(inside)
                    ? "that is a GOROOT; name its go binary instead: " + inside
                    : "name the go executable itself, e.g. /usr/lib/go-1.23/bin/go";
            return new Selection(null, noToolchain(NoToolchain.Reason.NOT_EXECUTABLE, binary, null, new Finding(
                    FindingId.GO_NOT_EXECUTABLE, Finding.Severity.ERROR, binary + " is a directory, not a go binary", fix)));
        }
        if (!Files.isExecutable(binary)) {
            return new Selection(null, noToolchain(NoToolchain.Reason.NOT_EXECUTABLE, binary, null, new Finding(
                    FindingId.GO_NOT_EXECUTABLE, Finding.Severity.ERROR, binary + " is not executable",
                    "chmod +x " + binary + " (or name the real go binary)")));
        }
        return new Selection(binary, null);
    }

    /** Runs the selected go and turns what it says into a toolchain or a "does not work" result. */
    DiscoveryResult inspect(Path binary, Launcher launcher) {
        Path realBinary = PathLookup.real(binary);
        if (!realBinary.equals(binary)) {
            consulted.add(binary + " is a symlink to " + realBinary);
        }
        String gorootEnv = nonEmpty(env.get("GOROOT"));
        consulted.add("$GOROOT -> " + (gorootEnv == null ? "unset" : gorootEnv));
        ConfigFile config = ConfigFile.locate(env, workDir);
        consulted.add(config.describe());
        ModuleFile module = ModuleFile.find(env, workDir);
        consulted.add(module == null ? "go.work/go.mod in " + workDir + " or a parent -> none"
                : (module.workspace() ? "go.work " : "go.mod ") + module.file() + " -> "
                        + (module.go() == null ? "no go line" : "go " + module.go().value() + " (line " + module.go().line() + ")")
                        + (module.toolchain() == null ? "" : ", toolchain " + module.toolchain().value() + " (line "
                                + module.toolchain().line() + ")"));

        GoEnvRun inherited = GoEnvRun.run(launcher, binary, env, "go env -json (inherited environment)");
        GoEnvRun local = null;
        if (inherited.ok() || inherited.reason() == NoToolchain.Reason.FAILED) {
            local = GoEnvRun.run(launcher, binary, LOCAL_TOOLCHAIN.apply(env), "go env -json with " + LOCAL_TOOLCHAIN);
        }
        consulted.add(inherited.describe());
        if (local != null) {
            consulted.add(local.describe());
        }
        // go itself names its go/env file (go env GOENV); trust it over the prediction
        Map<String, String> anyJson = inherited.ok() ? inherited.json() : local != null && local.ok() ? local.json() : Map.of();
        String goenvFromGo = nonEmpty(anyJson.get("GOENV"));
        if (goenvFromGo != null && !goenvFromGo.equals("off")
                && (config.file() == null || !workDir.resolve(goenvFromGo).normalize().equals(config.file()))) {
            config = ConfigFile.at(workDir.resolve(goenvFromGo).normalize(), "go env GOENV");
            consulted.add(config.describe());
        }
        Path ownRoot = localJson(local) != null ? PathLookup.real(workDir.resolve(localJson(local)))
                : ancestor(PathLookup.real(binary), 2);
        GoSettings settings = new GoSettings(env, config, ownRoot);
        if (!inherited.ok() && (local == null || !local.ok())) {
            return noToolchain(inherited.reason(), binary, inherited.result(), inherited.failure(binary, gorootEnv, this, settings));
        }

        Map<String, String> eff = inherited.ok() ? inherited.json() : local.json();
        Map<String, String> localJson = local != null && local.ok() ? local.json() : Map.of();
        String gorootText = nonEmpty(eff.get("GOROOT"));
        if (gorootText == null) {
            return noToolchain(NoToolchain.Reason.INVALID_OUTPUT, binary, inherited.result(), new Finding(
                    FindingId.GO_ENV_INVALID_OUTPUT, Finding.Severity.ERROR,
                    binary + " env -json printed no GOROOT", "check that " + binary + " is a real go command"));
        }
        // a relative GOROOT (GOROOT=./b, env_changed.txt) is relative to where go runs, not to this JVM
        Path goroot = PathLookup.real(workDir.resolve(gorootText).normalize());
        GoVersion version = GoVersion.tryParse(eff.get("GOVERSION")).orElse(GoVersion.UNKNOWN);
        String goos = firstNonEmpty(eff.get("GOHOSTOS"), eff.get("GOOS"), "linux");
        String goarch = firstNonEmpty(eff.get("GOHOSTARCH"), eff.get("GOARCH"), "amd64");
        boolean gccgo = isGccgo(eff);

        // The local toolchain: the binary as invoked, before any GOTOOLCHAIN switch.
        GoVersion localVersion = GoVersion.tryParse(localJson.get("GOVERSION")).orElse(GoVersion.UNKNOWN);
        // go 1.21.13 and later also accept ../../.. (a go binary in GOROOT/bin/GOOS_GOARCH); when the
        // version is not known yet, looking further up can only find more, never a wrong tree.
        boolean threeUp = !localVersion.isKnown() || localVersion.compareTo(GoVersion.parse("go1.21.13")) >= 0;
        Path exeDerived = exeDerivedGoroot(binary, realBinary, threeUp);
        if (!localVersion.isKnown() && exeDerived != null) {
            localVersion = GoVersion.tryParse(GorootLayout.readVersionFile(exeDerived)).orElse(GoVersion.UNKNOWN);
        }
        Path localGoroot = localJson.containsKey("GOROOT") ? PathLookup.real(workDir.resolve(localJson.get("GOROOT")).normalize()) : null;

        boolean switched = inherited.ok() && (local == null || !local.ok()
                || !String.valueOf(eff.get("GOVERSION")).equals(localJson.get("GOVERSION"))
                || !goroot.equals(localGoroot));
        GorootSource localSource = gccgo ? GorootSource.GCCGO
                : gorootEnv != null ? GorootSource.ENV
                : config.goroot() != null ? GorootSource.CONFIG_FILE
                : exeDerived != null ? GorootSource.EXE_DERIVED
                : GorootSource.BUILTIN_FALLBACK;
        GorootSource source = switched ? GorootSource.TOOLCHAIN_SWITCH : localSource;

        ToolchainSwitch toolchainSwitch = null;
        if (switched) {
            toolchainSwitch = describeSwitch(localVersion, version, goroot, settings, module, local);
        }

        GorootLayout layout = GorootLayout.inspect(goroot, goos, goarch);
        consulted.add(goroot + "/VERSION -> " + (layout.versionFile() == null ? "none" : layout.versionFile()));
        String compileVersion = gccgo ? null : compileVersion(launcher, eff, goroot, goos, goarch);

        ToolchainDetails details = new ToolchainDetails(workDir, gorootEnv, config.file(), config.goroot(), exeDerived,
                localGoroot, layout.versionFile(), compileVersion, layout.hasSrcRuntime(), layout.hasPkgTool(), localJson,
                toolchainSwitch, consulted, installsNotOnPath(), KnownInstalls.locations(env), settingsOf(settings, module));
        CommandResult moduleProbe = null;
        String gomod = nonEmpty(eff.get("GOMOD"));
        String gowork = nonEmpty(eff.get("GOWORK"));
        boolean inModule = gomod != null && !gomod.equals("/dev/null") && !gomod.equals("NUL");
        boolean inWorkspace = gowork != null && !gowork.equals("off");
        if (inherited.ok() && !gccgo && (inModule || inWorkspace)) {
            // go env never refuses a module or workspace; go list -e . loads them as every build does: the
            // go/toolchain lines, GOFLAGS, go.work's go line against its modules', and the go lines of the
            // required modules (gotoolchain_modcmds.txt). -e keeps the package's own errors out. It runs in the
            // user's environment, as a build would (a changed GOPROXY or GOSUMDB makes go verify the switched
            // toolchain differently and fail where the build does not).
            moduleProbe = launcher.launch(List.of(binary.toString(), "list", "-e", "-f", "{{.ImportPath}}", "."), env);
            consulted.add("go list -e . in " + workDir + " -> " + (moduleProbe.succeeded() ? "ok"
                    : GoErrorLine.of(moduleProbe.stderr())));
        }
        String sourcesProbe = null;
        if (!gccgo && !layout.hasSrcRuntime()) {
            // only when the tree looks broken: go's own words for what every build will hit
            CommandResult r = launcher.launch(List.of(binary.toString(), "list", "-e", "-f", "{{if .Error}}{{.Error}}{{end}}", "fmt"), env);
            sourcesProbe = GoErrorLine.of(r.stdout() + "\n" + r.stderr());
            consulted.add("go list -e fmt -> " + (sourcesProbe.isEmpty() ? "ok" : sourcesProbe));
        }
        ToolchainFindings rules = new ToolchainFindings(request, binary, realBinary, goroot, version, localVersion, eff,
                localSource, onPath, layout, details, gccgo, inherited, local, settings, module, moduleProbe, sourcesProbe);
        return new DiscoveryResult.Found(new GoToolchain(binary, realBinary, goroot, source, version, eff, onPath,
                rules.findings(), details));
    }

    private ToolchainSwitch describeSwitch(GoVersion from, GoVersion to, Path toGoroot, GoSettings settings,
            ModuleFile module, GoEnvRun local) {
        Path toBinary = PathLookup.first(to.toString(), env, workDir).orElse(null);
        if (toBinary == null && Files.isExecutable(toGoroot.resolve("bin").resolve("go"))) {
            toBinary = toGoroot.resolve("bin").resolve("go");
        }
        // the user's GOTOOLCHAIN with its source; never the GOTOOLCHAIN=local of gotrail's comparison run
        GoSetting gotoolchain = settings.get("GOTOOLCHAIN");
        String mode = gotoolchain.value().isEmpty() ? "auto" : gotoolchain.value();
        boolean fromModule = module != null && (mode.equals("auto") || mode.equals("path") || mode.endsWith("+auto")
                || mode.endsWith("+path"))
                && module.lineAskingFor(to.toString()) != null
                && GoVersion.tryParse(mode.split("\\+")[0]).map(min -> min.compareTo(to) < 0).orElse(true);
        String cause = fromModule
                ? module.lineAskingFor(to.toString()).describe() + " (GOTOOLCHAIN=" + mode + " from " + gotoolchain.origin() + ")"
                : gotoolchain.describe();
        if (local != null && !local.ok()) {
            cause += "; with GOTOOLCHAIN=local go says: " + local.result().describe();
        }
        return new ToolchainSwitch(from, to, toGoroot, toBinary, mode, cause, gotoolchain,
                fromModule ? module.lineAskingFor(to.toString()) : null);
    }

    /**
     * cmd/go's findGOROOT: the executable's {@code ../..} when it holds {@code pkg/tool} (go 1.21.13+
     * also {@code ../../..}), checked for the path os.Executable reports and again after
     * EvalSymlinks. On Linux os.Executable reads /proc/self/exe, which is already the real path.
     */
    private Path exeDerivedGoroot(Path binary, Path realBinary, boolean threeUp) {
        Set<Path> exes = new LinkedHashSet<>();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            exes.add(binary.toAbsolutePath().normalize());
        }
        exes.add(realBinary);
        for (Path exe : exes) {
            Path two = ancestor(exe, 2);
            if (GorootLayout.looksLikeGoroot(two)) {
                consulted.add("executable " + exe + " -> ../.. = " + two + " holds pkg/tool");
                return PathLookup.real(two);
            }
            Path three = ancestor(exe, 3);
            if (threeUp && GorootLayout.looksLikeGoroot(three)) {
                consulted.add("executable " + exe + " -> ../../.. = " + three + " holds pkg/tool");
                return PathLookup.real(three);
            }
            consulted.add("executable " + exe + " -> " + (two == null ? "no ../.." : "../.. = " + two) + " has no pkg/tool"
                    + (threeUp && three != null ? ", nor has ../../.. = " + three : ""));
        }
        consulted.add("the GOROOT baked into the binary (runtime.GOROOT(), empty for trimmed builds)");
        return null;
    }

    private String compileVersion(Launcher launcher, Map<String, String> eff, Path goroot, String goos, String goarch) {
        String toolDir = nonEmpty(eff.get("GOTOOLDIR"));
        Path compile = (toolDir == null ? goroot.resolve("pkg/tool/" + goos + "_" + goarch) : workDir.resolve(toolDir)).resolve("compile");
        if (!Files.isExecutable(compile)) {
            consulted.add(compile + " -> missing");
            return null;
        }
        CommandResult r = launcher.launch(List.of(compile.toString(), "-V=full"), env);
        // "compile version go1.21.13" (sometimes followed by experiment flags)
        String[] words = r.stdout().strip().split("\\s+");
        String v = r.succeeded() && words.length >= 3 && words[1].equals("version") ? words[2] : null;
        consulted.add(compile + " -V=full -> " + (v != null ? v : r.describe()));
        return v;
    }

    private static List<GoSetting> settingsOf(GoSettings settings, ModuleFile module) {
        List<GoSetting> all = new ArrayList<>();
        for (String name : List.of("GOTOOLCHAIN", "GOROOT", "GOPATH", "GOFLAGS", "GOENV")) {
            all.add(settings.get(name));
        }
        if (module != null) {
            if (module.go() != null) {
                all.add(module.go());
            }
            if (module.toolchain() != null) {
                all.add(module.toolchain());
            }
        }
        return all;
    }

    private static String localJson(GoEnvRun local) {
        return local != null && local.ok() ? nonEmpty(local.json().get("GOROOT")) : null;
    }

    private static boolean isGccgo(Map<String, String> eff) {
        String v = String.valueOf(eff.get("GOVERSION"));
        String toolDir = String.valueOf(eff.get("GOTOOLDIR"));
        return v.equals("unknown") || v.contains("gccgo") || toolDir.contains("/gcc/");
    }

    List<InstalledGo> installsNotOnPath() {
        return KnownInstalls.find(env, workDir).stream().filter(i -> !i.onPath()).toList();
    }

    /** The installs PATH does not reach, as one informational finding (null when there are none). */
    static Finding installedNotOnPath(List<InstalledGo> installs) {
        if (installs.isEmpty()) {
            return null;
        }
        return new Finding(FindingId.INSTALLED_NOT_ON_PATH, Finding.Severity.INFO,
                "installed but not on PATH: " + String.join(", ", installs.stream().map(InstalledGo::toString).toList()),
                "to run one of them as 'go', put its bin directory first on PATH (export PATH=" + installs.get(0).binary().getParent()
                        + ":$PATH)");
    }

    NoToolchain noToolchain(NoToolchain.Reason reason, Path binary, CommandResult last, Finding... findings) {
        return new NoToolchain(reason, request.go(), binary, consulted, installsNotOnPath(), KnownInstalls.locations(env),
                List.of(findings), last);
    }

    /** "…, or use one that exists: /usr/lib/go-1.23/bin/go" when a well-known install exists. */
    /**
     * How a fix names a go binary: the library's wording, or the request's option (e.g. {@code --go})
     * followed by {@code path} (none when null).
     */
    private String naming(String path, String libraryWording) {
        String option = request.goOption();
        return option == null ? libraryWording : path == null ? option : option + " " + path;
    }

    String suggestExisting(String fix) {
        List<InstalledGo> all = KnownInstalls.find(env, workDir);
        return all.isEmpty() ? fix : fix + ", e.g. " + all.get(all.size() - 1).binary();
    }

    Map<String, String> environment() {
        return env;
    }

    java.time.Duration timeout() {
        return request.timeout();
    }

    static Path ancestor(Path p, int levels) {
        Path result = p;
        for (int i = 0; i < levels && result != null; i++) {
            result = result.getParent();
        }
        return result;
    }

    static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static String joinPaths(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
