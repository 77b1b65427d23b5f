package dev.gotrail.toolchain;

import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Map;

/**
 * The rules that turn the facts of one discovery run into {@link Finding}s, one method per rule.
 * Each message says what was found (with the paths and versions) and what go will do about it;
 * each fix is a command or an edit the user can make. Ids are in {@link FindingId}.
 */
final class ToolchainFindings {

    private final DiscoveryRequest request;
    private final Path binary;
    private final Path realBinary;
    private final Path goroot;
    private final GoVersion version;
    private final GoVersion localVersion;
    private final Map<String, String> goEnv;
    private final GorootSource localSource;
    private final List<Path> onPath;
    private final GorootLayout layout;
    private final ToolchainDetails details;
    private final boolean gccgo;
    private final GoEnvRun inherited;
    private final GoEnvRun local;
    private final GoSettings settings;
    private final ModuleFile module;
    private final CommandResult moduleProbe;
    private final String sourcesProbe;
    private final List<Finding> findings = new ArrayList<>();

    ToolchainFindings(DiscoveryRequest request, Path binary, Path realBinary, Path goroot, GoVersion version,
            GoVersion localVersion, Map<String, String> goEnv, GorootSource localSource, List<Path> onPath,
            GorootLayout layout, ToolchainDetails details, boolean gccgo, GoEnvRun inherited, GoEnvRun local,
            GoSettings settings, ModuleFile module, CommandResult moduleProbe, String sourcesProbe) {
        this.request = request;
        this.binary = binary;
        this.realBinary = realBinary;
        this.goroot = goroot;
        this.version = version;
        this.localVersion = localVersion;
        this.goEnv = goEnv;
        this.localSource = localSource;
        this.onPath = onPath;
        this.layout = layout;
        this.details = details;
        this.gccgo = gccgo;
        this.inherited = inherited;
        this.local = local;
        this.settings = settings;
        this.module = module;
        this.moduleProbe = moduleProbe;
        this.sourcesProbe = sourcesProbe;
    }

    List<Finding> findings() {
        if (findings.isEmpty()) {
            toolchainSwitch();
            moduleRefused();
            goLineIgnored();
            versionMismatch();
            gorootEnv();
            configFile();
            sources();
            tools();
            toolDir();
            shadowing();
            symlink();
            gccgo();
            predictedSource();
            // installs not on PATH stay in details() for a found toolchain: on a machine with
            // several Debian go packages they are normal, not a finding about this toolchain
        }
        return List.copyOf(findings);
    }

    private void add(FindingId id, Finding.Severity severity, String message, String fix) {
        findings.add(new Finding(id, severity, message, fix));
    }

    private static final Pattern TOOLCHAIN_NAME = Pattern.compile("go\\d+\\.\\d+(?:\\.\\d+)?(?:(?:rc|beta)\\d+)?");

    private void toolchainSwitch() {
        if (!inherited.ok() && local != null && local.ok()) {
            switchFailed();
            return;
        }
        ToolchainSwitch sw = details.toolchainSwitch();
        if (sw == null) {
            return;
        }
        String target = sw.toBinary() != null ? " (" + sw.toBinary() + ")" : "";
        // A switch a go.mod/go.work asks for is cmd/go working as designed; one forced by a
        // GOTOOLCHAIN setting is surprising (every go command runs another toolchain). Neither fails.
        boolean byModule = sw.moduleLine() != null;
        add(FindingId.TOOLCHAIN_SWITCH, byModule ? Finding.Severity.INFO : Finding.Severity.WARNING,
                binary + " is " + describe(sw.from()) + " but " + sw.cause() + " made it run " + sw.to() + " from "
                        + sw.toGoroot() + target + (sw.fromModuleCache() ? ", a toolchain downloaded into the module cache" : ""),
                byModule
                        ? "nothing is broken: go runs the toolchain the module asks for; to use the invoked go instead, lower "
                                + "line " + sw.moduleLine().line() + " of " + sw.moduleLine().file()
                                + " or run GOTOOLCHAIN=local go … (builds then need the local go to be new enough)"
                        : "to use the go you invoked: " + SettingFix.remove(sw.setting()) + "; or invoke the wanted toolchain directly"
                                + target);
    }

    /** go with the user's environment fails, with GOTOOLCHAIN=local it works: the toolchain selection is at fault. */
    private void switchFailed() {
        String line = GoErrorLine.of(inherited.result().stderr());
        GoSetting gt = settings.get("GOTOOLCHAIN");
        String mode = gt.value().isEmpty() ? "auto" : gt.value();
        // "toolchain go1.22.12 invoked to provide go1.23.5": the wanted one comes last
        String wanted = firstToolchainName(line.contains("invoked to provide") ? line.substring(line.indexOf("invoked to provide"))
                : line.replaceFirst("^go: ", "").replaceFirst("running go\\S+", ""));
        if (line.contains("invalid toolchain") || line.contains("invalid GOTOOLCHAIN")) {
            // go names the rejected value: 'invalid toolchain "X" in go.mod' or 'invalid toolchain: X is a language version'
            Matcher bad = Pattern.compile("invalid toolchain(?:: (\\S+) is a language version| \"([^\"]*)\" in (go\\.mod|go\\.work))")
                    .matcher(line);
            String rejected = bad.find() ? (bad.group(1) != null ? bad.group(1) : bad.group(2)) : null;
            String named = gt.value().split("\\+")[0];
            if (module != null && module.toolchain() != null && module.toolchain().value().equals(rejected) && !named.equals(rejected)) {
                toolchainLineInvalid(module.toolchain(), line);
                return;
            }
            GoVersion v = GoVersion.tryParse(named).orElse(null);
            boolean language = v != null && v.isKnown() && !named.matches("go\\d+\\.\\d+\\.\\d+.*");
            add(FindingId.GOTOOLCHAIN_INVALID, Finding.Severity.ERROR,
                    gt.describe() + " is not a toolchain go can select, so every go command fails"
                            + (language ? " (" + named + " is a language version; toolchains are named " + v.languageVersion()
                                    + ".0, " + v.languageVersion() + ".1, …)" : "")
                            + "; go says: " + line,
                    SettingFix.remove(gt) + "; or set a valid value such as "
                            + (language ? v.languageVersion() + ".0 (with that toolchain installed), " : "") + "local or auto");
            return;
        }
        GoSetting asking = module == null ? null : module.lineAskingFor(wanted);
        boolean byModule = asking != null && (mode.equals("auto") || mode.equals("path") || mode.endsWith("+auto") || mode.endsWith("+path"));
        String cause = byModule ? asking.describe() + " (GOTOOLCHAIN=" + mode + " from " + gt.origin() + ")" : gt.describe();
        if (line.contains("invoked to provide")) {
            Path impostor = wanted == null ? null : PathLookup.first(wanted, request.environment(), request.workDir()).orElse(null);
            Optional<InstalledGo> exact = install(wanted);
            add(FindingId.TOOLCHAIN_SWITCH_LOOP, Finding.Severity.ERROR,
                    cause + " makes " + binary + " (" + localVersion + ") run " + wanted
                            + (impostor == null ? "" : " from PATH: " + impostor + " -> " + PathLookup.real(impostor))
                            + ", but that is another version, which refuses to stand in for it; go says: " + line,
                    (impostor == null ? "" : exact.map(i -> "point it at a real " + wanted + ": ln -sfn " + i.binary() + " " + impostor)
                            .orElse("remove " + impostor + " (it is not " + wanted + ")") + "; or ")
                            + newEnough(wanted).map(i -> "run a go >= " + wanted.substring(2) + " directly: export PATH=" + i.binary().getParent() + ":$PATH")
                                    .orElse("install " + wanted));
            return;
        }
        GoSetting proxy = settings.get("GOPROXY");
        add(FindingId.TOOLCHAIN_SWITCH_FAILED, Finding.Severity.ERROR,
                cause + " asks " + binary + " (" + localVersion + ") for " + (wanted == null ? "another toolchain" : wanted)
                        + ", which it can neither find on PATH nor download"
                        + (proxy.value().equals("off") ? " (GOPROXY=off from " + proxy.origin() + ")"
                                : notOnProxy(line) ? " (GOPROXY=" + proxy.value() + " answers that it has no such toolchain for this platform)" : "")
                        + ", so every go command " + (byModule ? "in " + request.workDir() + " " : "") + "fails; go says: " + line,
                switchFixes(wanted, byModule ? null : gt, byModule ? asking : null, !notOnProxy(line) || proxy.value().equals("off")));
    }

    /** go's "toolchain not available": the proxy answered and has no such toolchain (with GOPROXY=off go says the same). */
    private static boolean notOnProxy(String line) {
        return line.contains("toolchain not available");
    }

    /**
     * gotoolchain_issue66175.txt, mod_toolchain_slash.txt: a go.mod/go.work {@code toolchain} line go rejects
     * before it runs anything (a language version such as {@code go1.22}, or something that is no toolchain
     * name, e.g. a path: go never runs it). Every go command in the module fails, {@code go env} included.
     */
    private void toolchainLineInvalid(GoSetting toolchainLine, String line) {
        String value = toolchainLine.value();
        GoVersion v = GoVersion.tryParse(value).orElse(null);
        boolean language = v != null && v.isKnown() && value.matches("go\\d+\\.\\d+") ;
        String edit = module.workspace() ? "go work edit" : "go mod edit";
        add(FindingId.TOOLCHAIN_LINE_INVALID, Finding.Severity.ERROR,
                toolchainLine.describe() + " is not a toolchain go can select"
                        + (language ? " (" + value + " is a language version; toolchains are named " + value + ".0, " + value + ".1, …)"
                                : " (toolchains are named like go1.23.5; go never runs a path from " + toolchainLine.file().getFileName() + ")")
                        + ", so every go command in " + request.workDir() + " fails; go says: " + line,
                // go refuses every command there, go mod edit included, unless GOTOOLCHAIN=local stops it reading the line
                "GOTOOLCHAIN=local " + edit + " -toolchain=none (drops line " + toolchainLine.line() + " of " + toolchainLine.file()
                        + "; the go line then decides)"
                        + (language ? "; or name a release: GOTOOLCHAIN=local " + edit + " -toolchain=" + value + ".0" : ""));
    }

    private String switchFixes(String wanted, GoSetting setting, GoSetting moduleLine, boolean downloadCouldHelp) {
        List<String> fixes = new ArrayList<>();
        newEnough(wanted).ifPresent(i -> fixes.add("run a go >= " + wanted.substring(2) + " directly: export PATH=" + i.binary().getParent()
                + ":$PATH (" + i.binary() + " is " + i.version() + ")"));
        install(wanted).ifPresent(i -> fixes.add("make " + wanted + " available to go: ln -s " + i.binary() + " <a directory on PATH>/"
                + wanted));
        if (setting != null && setting.source() != GoSetting.Source.DEFAULT) {
            fixes.add(SettingFix.remove(setting));
        }
        if (moduleLine != null) {
            fixes.add("if the module does not need it, lower line " + moduleLine.line() + " of " + moduleLine.file()
                    + " (go mod edit -go=" + (localVersion.isKnown() ? localVersion.toString().substring(2) : "…")
                    + (moduleLine.name().equals("toolchain") ? " -toolchain=none" : "") + ")");
        }
        if (downloadCouldHelp || fixes.isEmpty()) {
            fixes.add(downloadCouldHelp ? "allow go to download it (a reachable GOPROXY)" : "install " + wanted + " and put it on PATH");
        }
        return String.join("; or ", fixes);
    }

    /**
     * Before Go 1.21 the {@code go} line is only the language version: a go1.19 builds a module
     * whose go.mod says {@code go 1.23} with itself, and when the build fails cmd/go adds
     * "note: module requires Go 1.23" (cmd/go/internal/work's exec.go, go 1.19). Go 1.21 made the
     * line a minimum toolchain (its release notes, the "Go Toolchains" document); on an older go
     * nothing enforces it.
     */
    private void goLineIgnored() {
        if (module == null || module.go() == null || gccgo || !version.isKnown()
                || version.compareTo(GoVersion.parse("go1.21")) >= 0) {
            return;
        }
        Optional<GoVersion> asked = GoVersion.tryParse("go" + module.go().value());
        if (asked.isEmpty() || !asked.get().isKnown() || asked.get().compareTo(version) <= 0) {
            return;
        }
        String needed = "go" + module.go().value();
        add(FindingId.MODULE_GO_LINE_IGNORED, Finding.Severity.WARNING,
                module.go().describe() + " asks for Go " + module.go().value() + ", but " + binary + " is " + version
                        + ", older than Go 1.21: it does not switch toolchains and builds with itself; code that needs newer Go"
                        + " fails with 'note: module requires Go " + module.go().value() + "'",
                newEnough(needed).map(i -> "use a go >= " + module.go().value() + ": export PATH=" + i.binary().getParent()
                        + ":$PATH (" + i.binary() + " is " + i.version() + ")").orElse("install go " + needed
                        + " or newer and put it first on PATH")
                        + "; or, if the module really builds with " + version + ", lower the line: go mod edit -go="
                        + version.toString().replaceFirst("^go(\\d+\\.\\d+).*", "$1"));
    }

    /** go refuses to load the module: its go/toolchain line needs a newer go and switching is off. */
    private void moduleRefused() {
        if (moduleProbe == null || moduleProbe.succeeded()) {
            return;
        }
        String line = GoErrorLine.of(moduleProbe.stderr());
        Matcher m = Pattern.compile("(go\\.mod|go\\.work) requires go >= (\\S+) \\(running go (\\S+); ([^)]*)\\)").matcher(line);
        if (m.find()) {
            String needed = "go" + m.group(2);
            GoSetting gt = settings.get("GOTOOLCHAIN");
            GoSetting asking = module == null ? null : module.go();
            List<String> fixes = new ArrayList<>();
            newEnough(needed).ifPresent(i -> fixes.add("use a go >= " + needed.substring(2) + ": export PATH=" + i.binary().getParent()
                    + ":$PATH (" + i.binary() + " is " + i.version() + ")"));
            if (m.group(4).contains("sets toolchain default") && module != null) {
                fixes.add("let go switch: drop the 'toolchain default' line of " + module.file()
                        + (module.workspace() ? " (go work edit -toolchain=none)" : " (go mod edit -toolchain=none)") + ", with " + needed
                        + " on PATH" + install(needed).map(i -> " (ln -s " + i.binary() + " <a directory on PATH>/" + needed + ")")
                                .orElse("") + " or downloadable");
            }
            if (gt.source() != GoSetting.Source.DEFAULT && !gt.value().equals("auto") && !gt.value().equals("path")) {
                fixes.add("let go switch: " + SettingFix.remove(gt) + ", with " + needed + " on PATH"
                        + install(needed).map(i -> " (ln -s " + i.binary() + " <a directory on PATH>/" + needed + ")").orElse("")
                        + " or downloadable");
            }
            add(FindingId.MODULE_NEEDS_NEWER_GO, Finding.Severity.ERROR,
                    "every build in " + request.workDir() + " fails: " + (asking != null ? asking.describe() : m.group(1))
                            + " needs go >= " + m.group(2) + ", this go is " + m.group(3) + " and "
                            + m.group(4).replace("GOTOOLCHAIN=" + gt.value(), gt.describe().replace(" from ", " (from ") + ")")
                            + " does not let it switch; go says: " + line,
                    fixes.isEmpty() ? "install go " + needed + " or newer and put it first on PATH" : String.join("; or ", fixes));
            return;
        }
        Matcher work = Pattern.compile("module (\\S+) listed in go\\.work file requires go >= (\\S+), but go\\.work lists go (\\S+)")
                .matcher(line);
        if (work.find()) {
            workspaceGoTooOld(line, work.group(1), work.group(2));
            return;
        }
        Matcher dep = Pattern.compile("module (\\S+) requires go >= (\\S+) \\(running go (\\S+)(?:; ([^)]*))?\\)").matcher(line);
        if (dep.find()) {
            dependencyNeedsNewerGo(line, dep.group(1), dep.group(2), dep.group(3));
            return;
        }
        for (String name : List.of("GOFLAGS", "GOPATH", "GOTOOLCHAIN", "GOROOT")) {
            if (line.contains(name)) {
                GoSetting s = settings.get(name);
                add(FindingId.GO_SETTING_INVALID, Finding.Severity.ERROR,
                        s.describe() + ": go refuses it, so builds fail; go says: " + line,
                        s.source() == GoSetting.Source.DEFAULT ? "run go list -m in " + request.workDir() + " and fix what it reports"
                                : SettingFix.remove(s));
                return;
            }
        }
        add(FindingId.MODULE_LOAD_FAILED, Finding.Severity.ERROR,
                "go cannot load the module in " + request.workDir() + ", so builds there fail; go says: " + line,
                "run go list -m in " + request.workDir() + " and fix what it reports");
    }

    /**
     * work_use_toolchain.txt: go selects the toolchain from go.work's go line alone, then refuses a used
     * module whose go line is newer; go never raises go.work by itself during a build.
     */
    private void workspaceGoTooOld(String line, String usedModule, String needed) {
        GoSetting workGo = module != null && module.workspace() ? module.go() : null;
        List<String> fixes = new ArrayList<>();
        fixes.add("raise go.work's go line: go work edit -go=" + needed + " (go then selects go" + needed + " or newer for the workspace"
                + (localVersion.isKnown() && localVersion.compareTo(GoVersion.parse("go" + needed)) < 0
                        ? ": on PATH" + install("go" + needed).map(i -> " (ln -s " + i.binary() + " <a directory on PATH>/go" + needed + ")")
                                .orElse("") + " or downloadable" : "")
                + ")");
        newEnough("go" + needed).ifPresent(i -> fixes.add("or run go work use with a go >= " + needed + ": " + i.binary() + " work use"));
        add(FindingId.WORKSPACE_GO_TOO_OLD, Finding.Severity.ERROR,
                "every build in " + request.workDir() + " fails: module " + usedModule + " listed in "
                        + (module != null && module.workspace() ? module.file() : "go.work") + " needs go >= " + needed + ", but "
                        + (workGo != null ? workGo.describe() : "go.work's go line") + " is older, and go does not raise go.work by"
                        + " itself; go says: " + line,
                String.join("; ", fixes));
    }

    /**
     * gotoolchain_modcmds.txt: a required module's go line is newer than the toolchain the main module
     * selects. Builds fail; go switches toolchains only for the main module's (or go.work's) go and
     * toolchain lines, so the fix is to raise that line (go get go@X does it and switches).
     */
    private void dependencyNeedsNewerGo(String line, String dependency, String needed, String running) {
        GoSetting gt = settings.get("GOTOOLCHAIN");
        String mode = gt.value().isEmpty() ? "auto" : gt.value();
        boolean canSwitch = mode.equals("auto") || mode.equals("path") || mode.endsWith("+auto") || mode.endsWith("+path");
        GoSetting mainGo = module == null ? null : module.go();
        List<String> fixes = new ArrayList<>();
        String wanted = "go" + needed;
        String where = " (go switches to " + wanted + " for it: on PATH"
                + install(wanted).map(i -> " (ln -s " + i.binary() + " <a directory on PATH>/" + wanted + ")").orElse("") + " or downloadable)";
        if (canSwitch) {
            fixes.add("raise the main module's go line: go get go@" + needed + where);
        }
        newEnough(wanted).ifPresent(i -> fixes.add("use a go >= " + needed + ": export PATH=" + i.binary().getParent() + ":$PATH ("
                + i.binary() + " is " + i.version() + ")" + (canSwitch ? "" : ", then go get go@" + needed)));
        if (!canSwitch && gt.source() != GoSetting.Source.DEFAULT) {
            fixes.add("let go switch: " + SettingFix.remove(gt) + ", then go get go@" + needed + where);
        }
        add(FindingId.DEPENDENCY_NEEDS_NEWER_GO, Finding.Severity.ERROR,
                "every build in " + request.workDir() + " fails: the required module " + dependency + " needs go >= " + needed
                        + " but go " + running + " runs (" + (mainGo != null ? "selected by " + mainGo.describe() : "the main module has no go line")
                        + ", GOTOOLCHAIN=" + mode + " from " + gt.origin() + "), and go does not switch toolchains for a dependency;"
                        + " go says: " + line,
                fixes.isEmpty() ? "install go " + wanted + " or newer and put it first on PATH" : String.join("; or ", fixes));
    }

    /** The newest known install whose version is at least {@code wanted}. */
    private Optional<InstalledGo> newEnough(String wanted) {
        GoVersion w = GoVersion.tryParse(wanted).orElse(null);
        if (w == null || !w.isKnown()) {
            return Optional.empty();
        }
        return KnownInstalls.find(request.environment(), request.workDir()).stream()
                .filter(i -> i.parsedVersion().filter(GoVersion::isKnown).map(v -> v.compareTo(w) >= 0).orElse(false))
                .max(Comparator.comparing((InstalledGo i) -> i.parsedVersion().orElseThrow()));
    }

    /** A known install of exactly {@code wanted} (cmd/go runs a PATH command named {@code wanted} only if it is that version). */
    private Optional<InstalledGo> install(String wanted) {
        if (wanted == null) {
            return Optional.empty();
        }
        return KnownInstalls.find(request.environment(), request.workDir()).stream()
                .filter(i -> wanted.equals(i.version()))
                .findFirst();
    }

    private static String firstToolchainName(String text) {
        Matcher m = TOOLCHAIN_NAME.matcher(text);
        return m.find() ? m.group() : null;
    }

    private void versionMismatch() {
        if (gccgo || !version.isKnown()) {
            return;
        }
        GoVersion fileVersion = GoVersion.tryParse(layout.versionFile()).orElse(null);
        GoVersion compiler = GoVersion.tryParse(details.compileVersion()).orElse(null);
        boolean fileDiffers = fileVersion != null && !fileVersion.toString().equals(version.toString());
        boolean compilerDiffers = compiler != null && !compiler.toString().equals(version.toString());
        if (!fileDiffers && !compilerDiffers) {
            return;
        }
        GoVersion treeVersion = compilerDiffers ? compiler : fileVersion;
        String evidence = (fileVersion != null ? "VERSION file: " + fileVersion : "no VERSION file")
                + (compiler != null ? ", its compiler: " + compiler : "");
        String symptom = compilerDiffers
                ? "; builds fail with: compile: version \"" + compiler + "\" does not match go tool version \"" + version + "\""
                : "; the VERSION file and the go binary disagree, so a partial upgrade or a mixed tree is likely";
        Path ownRoot = details.exeDerivedGoroot();
        boolean switched = details.toolchainSwitch() != null;
        if (!switched && localSource == GorootSource.ENV) {
            add(FindingId.GOROOT_ENV_OTHER_VERSION, Finding.Severity.ERROR,
                    "$GOROOT=" + details.gorootEnvVar() + " holds " + treeVersion + " (" + evidence + ") but the go binary "
                            + binary + " is " + version + symptom,
                    "unset GOROOT (remove the export GOROOT=… line from ~/.bashrc, ~/.zshrc, ~/.profile or /etc/profile.d/*.sh); "
                            + "go finds its own GOROOT" + (ownRoot != null ? " (" + ownRoot + ")" : "")
                            + ". Or use the go binary of that tree: " + goroot.resolve("bin").resolve("go"));
        } else if (!switched && localSource == GorootSource.CONFIG_FILE) {
            add(FindingId.GOROOT_CONFIG_OTHER_VERSION, Finding.Severity.ERROR,
                    "GOROOT=" + details.configFileGoroot() + " in " + details.configFile() + " holds " + treeVersion + " ("
                            + evidence + ") but the go binary " + binary + " is " + version + symptom,
                    "go env -u GOROOT (or delete the GOROOT= line from " + details.configFile() + "); go finds its own GOROOT"
                            + (ownRoot != null ? " (" + ownRoot + ")" : ""));
        } else {
            add(FindingId.VERSION_MISMATCH, Finding.Severity.ERROR,
                    "GOVERSION is " + version + " but GOROOT " + goroot + " holds " + treeVersion + " (" + evidence + ")" + symptom,
                    "reinstall the toolchain so binary and tree match (Debian: apt-get install --reinstall "
                            + debianPackage("go") + "), or check that GOTOOLDIR is not set to another tree");
        }
    }

    private void gorootEnv() {
        String env = details.gorootEnvVar();
        Path own = details.exeDerivedGoroot();
        if (env == null || own == null || details.toolchainSwitch() != null) {
            return;
        }
        if (findings.stream().anyMatch(f -> f.id() == FindingId.GOROOT_ENV_OTHER_VERSION)) {
            return;
        }
        if (PathLookup.sameFile(request.workDir().resolve(env), own)) {
            add(FindingId.GOROOT_ENV_REDUNDANT, Finding.Severity.INFO,
                    "$GOROOT=" + env + " is set to the GOROOT go finds by itself",
                    "nothing is broken; unset GOROOT so that installing another Go version cannot leave it stale");
        } else if (layout.hasSrcRuntime() && layout.hasPkgTool()) {
            // a tree without sources or tools is no working GOROOT: sources()/tools() say so as errors
            add(FindingId.GOROOT_ENV_OVERRIDES, Finding.Severity.WARNING,
                    "$GOROOT=" + env + " overrides the GOROOT next to the go binary (" + own + "); both hold "
                            + version + ", so compiler and go command match, but the tree in use is not the binary's own",
                    "unset GOROOT (remove the export GOROOT=… line from your shell profile); go finds " + own + " by itself");
        }
    }

    private void configFile() {
        if (details.configFileGoroot() == null) {
            return;
        }
        boolean overridden = details.gorootEnvVar() != null;
        add(FindingId.GOROOT_CONFIG_FILE, Finding.Severity.WARNING,
                "GOROOT=" + details.configFileGoroot() + " is set in the go/env file " + details.configFile()
                        + " (written by go env -w GOROOT=…); it outlives Go upgrades and overrides the GOROOT next to the binary"
                        + (overridden ? " (currently $GOROOT overrides it in turn)" : ""),
                "go env -u GOROOT (or delete the GOROOT= line from " + details.configFile() + ")");
    }

    private void sources() {
        if (gccgo || layout.hasSrcRuntime()) {
            return;
        }
        String what = layout.srcDangling()
                ? goroot.resolve("src") + " is a dangling symlink to " + layout.srcLinkTarget()
                : goroot.resolve("src").resolve("runtime") + " does not exist";
        add(FindingId.GOROOT_WITHOUT_SOURCES, Finding.Severity.ERROR,
                "GOROOT " + goroot + " has no standard library sources: " + what + "; go version and go env still answer, but every "
                        + "build fails; go says: " + (sourcesProbe == null || !sourcesProbe.contains("not in std")
                                // the probe may fail for another reason first (a refused go.mod, quoted by its own finding)
                                ? "package fmt is not in std (" + goroot.resolve("src/fmt") + ")" : sourcesProbe),
                (details.toolchainSwitch() == null && localSource == GorootSource.ENV && details.exeDerivedGoroot() != null
                        ? "unset GOROOT ($GOROOT=" + details.gorootEnvVar() + " from the environment; go then finds its own "
                                + details.exeDerivedGoroot() + "); or "
                        : details.toolchainSwitch() == null && localSource == GorootSource.CONFIG_FILE
                        ? "go env -u GOROOT (GOROOT from the go/env file " + details.configFile() + "); or " : "")
                        + (goroot.startsWith("/usr/lib") ? "reinstall the sources: apt-get install --reinstall " + debianPackage("src") + "; or " : "")
                        + (layout.srcDangling()
                                ? "point the link at the real sources: ln -sfn <dir with runtime/, fmt/, …> " + goroot.resolve("src")
                                : "restore " + goroot.resolve("src") + " (re-extract the Go archive)"));
    }

    private void tools() {
        if (gccgo || layout.hasPkgTool()) {
            return;
        }
        add(FindingId.GOROOT_WITHOUT_TOOLS, Finding.Severity.ERROR,
                "GOROOT " + goroot + " has no " + layout.pkgToolDir() + " (compile, link, asm): go build cannot compile",
                "reinstall the toolchain" + (goroot.startsWith("/usr/lib") ? " (apt-get install --reinstall " + debianPackage("go") + ")" : "")
                        + ", or point GOROOT at a complete tree");
    }

    private void toolDir() {
        String toolDir = goEnv.get("GOTOOLDIR");
        if (gccgo || toolDir == null || toolDir.isEmpty()) {
            return;
        }
        // Compare both as spelled and as real paths: a GOROOT whose pkg is a symlink into another
        // tree (Debian's /usr/lib/go-X.Y layout copied elsewhere) is still the same GOROOT.
        Path spelled = request.workDir().resolve(toolDir).normalize();
        Path spelledRoot = request.workDir().resolve(goEnv.getOrDefault("GOROOT", goroot.toString())).normalize();
        if (!spelled.startsWith(spelledRoot) && !PathLookup.real(spelled).startsWith(goroot)) {
            add(FindingId.GOTOOLDIR_OUTSIDE_GOROOT, Finding.Severity.WARNING,
                    "GOTOOLDIR=" + toolDir + " lies outside GOROOT " + goroot + ": the compiler and linker come from another tree",
                    "unset GOTOOLDIR (go derives it from GOROOT)");
        }
    }

    private void shadowing() {
        List<Path> distinct = new ArrayList<>();
        List<Path> reals = new ArrayList<>();
        for (Path candidate : onPath) {
            Path real = PathLookup.real(candidate);
            if (!reals.contains(real)) {
                reals.add(real);
                distinct.add(candidate);
            }
        }
        if (distinct.size() > 1) {
            Path first = distinct.get(0);
            String firstVersion = KnownInstalls.versionFileOf(reals.get(0));
            List<String> others = new ArrayList<>();
            // A newer go first and older ones later is what CI setup actions leave behind: nothing goes
            // wrong (INFO). A later go newer than the one that runs may be the one the user meant
            // (WARNING). Neither makes a build fail.
            boolean laterIsNewer = false;
            GoVersion firstParsed = GoVersion.tryParse(firstVersion).orElse(GoVersion.UNKNOWN);
            for (int i = 1; i < distinct.size(); i++) {
                String v = KnownInstalls.versionFileOf(reals.get(i));
                GoVersion parsed = GoVersion.tryParse(v).orElse(GoVersion.UNKNOWN);
                laterIsNewer |= !firstParsed.isKnown() || parsed.isKnown() && parsed.compareTo(firstParsed) > 0;
                others.add(distinct.get(i) + describeFile(reals.get(i), v, distinct.get(i)));
            }
            add(FindingId.GO_SHADOWED, laterIsNewer ? Finding.Severity.WARNING : Finding.Severity.INFO,
                    "a shell runs " + first + describeFile(reals.get(0), firstVersion, first) + "; later on PATH and never run by 'go': "
                            + String.join(", ", others),
                    "put the directory of the go you want first on PATH (export PATH=" + distinct.get(1).getParent()
                            + ":$PATH) or remove the other install; 'which -a go' and 'readlink -f $(which go)' show them");
        }
        if (!request.go().isEmpty()) {
            Path shellGo = onPath.isEmpty() ? null : onPath.get(0);
            if (shellGo == null || !PathLookup.sameFile(shellGo, realBinary)) {
                add(FindingId.GO_NOT_FIRST_ON_PATH, Finding.Severity.INFO,
                        "the go under test is " + binary + " but a shell running 'go' gets "
                                + (shellGo == null ? "nothing (no go on PATH)" : shellGo + describeFile(PathLookup.real(shellGo),
                                        KnownInstalls.versionFileOf(PathLookup.real(shellGo)), shellGo)),
                        "fine for tests that name their go; put " + binary.getParent() + " first on PATH if scripts and users should get it too");
            }
        }
    }

    private void symlink() {
        if (!realBinary.equals(binary.toAbsolutePath().normalize())) {
            add(FindingId.GO_SYMLINK, Finding.Severity.INFO,
                    binary + " is a symlink to " + realBinary + "; go derives its GOROOT from the real location"
                            + (details.exeDerivedGoroot() != null ? " (" + details.exeDerivedGoroot() + ")" : ""),
                    "");
        }
    }

    private void gccgo() {
        if (gccgo) {
            add(FindingId.GCCGO, Finding.Severity.INFO,
                    binary + " is gccgo's go: GOROOT is the gcc prefix " + goroot + ", GOVERSION is "
                            + goEnv.getOrDefault("GOVERSION", "") + "; VERSION, src and pkg/tool checks do not apply",
                    "use the gc toolchain (golang-go) if the tests need a real GOROOT");
        }
    }

    /** cmd/go disagreeing with the documented lookup order means a layout this model does not know. */
    private void predictedSource() {
        if (details.toolchainSwitch() != null || gccgo || details.localGoroot() == null) {
            return;
        }
        Path predicted = switch (localSource) {
            case ENV -> request.workDir().resolve(details.gorootEnvVar());
            case CONFIG_FILE -> request.workDir().resolve(details.configFileGoroot());
            case EXE_DERIVED -> details.exeDerivedGoroot();
            default -> null;
        };
        if (predicted != null && !PathLookup.sameFile(predicted, details.localGoroot())) {
            add(FindingId.GOROOT_SOURCE_UNEXPECTED, Finding.Severity.INFO,
                    "cmd/go's lookup order predicts GOROOT " + predicted + " (" + localSource + ") but go env GOROOT is "
                            + details.localGoroot(),
                    "report the layout (gotrail doctor --json) so the model can learn it");
        }
    }

    private String describe(GoVersion v) {
        return v.isKnown() ? v.toString() : "an unknown version";
    }

    private String describeFile(Path real, String versionFile, Path candidate) {
        String linked = real.equals(candidate.toAbsolutePath().normalize()) ? "" : " -> " + real;
        return linked + (versionFile == null ? "" : " (" + versionFile + ")") ;
    }

    private String debianPackage(String kind) {
        GoVersion v = localVersion.isKnown() ? localVersion : version;
        return v.isKnown() ? "golang-" + v.major() + "." + v.minor() + "-" + kind : "golang-go";
    }
}
