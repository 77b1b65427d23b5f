package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.util.ArrayList;
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
    private final List<Finding> findings = new ArrayList<>();

    ToolchainFindings(DiscoveryRequest request, Path binary, Path realBinary, Path goroot, GoVersion version,
            GoVersion localVersion, Map<String, String> goEnv, GorootSource localSource, List<Path> onPath,
            GorootLayout layout, ToolchainDetails details, boolean gccgo, GoEnvRun inherited, GoEnvRun local) {
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
    }

    List<Finding> findings() {
        if (findings.isEmpty()) {
            toolchainSwitch();
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

    private void toolchainSwitch() {
        if (!inherited.ok() && local != null && local.ok()) {
            add(FindingId.TOOLCHAIN_SWITCH_FAILED, Finding.Severity.ERROR,
                    "with the inherited environment go fails (" + inherited.result().describe() + ") but with GOTOOLCHAIN=local "
                            + binary + " works as " + version + ": the toolchain GOTOOLCHAIN ("
                            + goEnv.getOrDefault("GOTOOLCHAIN", "") + ") or a go.mod asks for cannot be run",
                    "install the requested toolchain (put its goX.Y.Z binary on PATH, or allow the download), or set GOTOOLCHAIN=local");
            return;
        }
        ToolchainSwitch sw = details.toolchainSwitch();
        if (sw == null) {
            return;
        }
        String target = sw.toBinary() != null ? " (" + sw.toBinary() + ")" : "";
        add(FindingId.TOOLCHAIN_SWITCH, Finding.Severity.WARNING,
                binary + " is " + describe(sw.from()) + " but " + sw.cause() + " made it run " + sw.to() + " from "
                        + sw.toGoroot() + target + (sw.fromModuleCache() ? ", a toolchain downloaded into the module cache" : ""),
                "run GOTOOLCHAIN=local go … (or go env -w GOTOOLCHAIN=local) to use the go you invoked, or invoke the wanted "
                        + "toolchain directly" + target
                        + "; if a go.mod's go/toolchain line triggers it, install that version or lower the line");
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
        if (PathLookup.sameFile(Path.of(env), own)) {
            add(FindingId.GOROOT_ENV_REDUNDANT, Finding.Severity.INFO,
                    "$GOROOT=" + env + " is set to the GOROOT go finds by itself",
                    "nothing is broken; unset GOROOT so that installing another Go version cannot leave it stale");
        } else {
            add(FindingId.GOROOT_ENV_OVERRIDES, Finding.Severity.WARNING,
                    "$GOROOT=" + env + " overrides the GOROOT next to the go binary (" + own + "); both hold "
                            + version + ", so builds work, but the tree in use is not the binary's own",
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
                "GOROOT " + goroot + " has no standard library sources: " + what + "; go version still works but builds fail with "
                        + "'package fmt is not in GOROOT (" + goroot.resolve("src/fmt") + ")' (go 1.21+: 'package fmt is not in std')",
                (goroot.startsWith("/usr/lib") ? "reinstall the sources: apt-get install --reinstall " + debianPackage("src") + "; or " : "")
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
        Path spelled = Path.of(toolDir).normalize();
        Path spelledRoot = Path.of(goEnv.getOrDefault("GOROOT", goroot.toString())).normalize();
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
            boolean versionsDiffer = false;
            for (int i = 1; i < distinct.size(); i++) {
                String v = KnownInstalls.versionFileOf(reals.get(i));
                versionsDiffer |= v == null || !v.equals(firstVersion);
                others.add(distinct.get(i) + describeFile(reals.get(i), v, distinct.get(i)));
            }
            add(FindingId.GO_SHADOWED, versionsDiffer ? Finding.Severity.WARNING : Finding.Severity.INFO,
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
            case ENV -> Path.of(details.gorootEnvVar());
            case CONFIG_FILE -> Path.of(details.configFileGoroot());
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
