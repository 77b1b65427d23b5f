package dev.gotrail.image;

import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.VersionProblem;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GoVersion;
import dev.gotrail.toolchain.GorootFiles;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.ToolchainDetails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code go} on an image's PATH as {@link GoToolchain}s, found from the image's files without
 * running anything, by cmd/go's rules applied to the image (paths in the results are paths inside
 * the image):
 * <ol>
 * <li>PATH is the config's {@code Env} PATH (Docker's default when unset); each directory's
 *     {@code go} that is an executable file, symlinks resolved inside the image;</li>
 * <li>the effective GOROOT: {@code GOROOT} in the config's Env ({@link GorootSource#ENV}); else
 *     GOROOT in the user's go/env file ({@code $GOENV}, else {@code $XDG_CONFIG_HOME/go/env}, else
 *     {@code $HOME/.config/go/env}, HOME being the Env's or the home directory of the image's
 *     {@code User} in the image's {@code /etc/passwd}) ({@link GorootSource#CONFIG_FILE}); else the
 *     real executable's {@code ../..} (go 1.21.13 and later also {@code ../../..}) when it holds
 *     {@code pkg/tool} ({@link GorootSource#EXE_DERIVED}); else the value built into the binary,
 *     which cannot be read without running it ({@link GorootSource#BUILTIN_FALLBACK}, GOROOT
 *     reported as the empty path);</li>
 * <li>the version: the effective GOROOT's {@code VERSION} file, else the Go version in the binary's
 *     build information ({@code go version -m});</li>
 * <li>findings, in the image's terms (an {@code ENV} line, not a shell profile): a stale
 *     {@code ENV GOROOT} (missing, or another version than the binary), a GOROOT from the go/env
 *     file, VERSION against the binary's build information, a GOROOT without {@code pkg/tool},
 *     shadowed go binaries, and the go binary's link map in the image (missing libraries, symbol
 *     versions the image's C library lacks).</li>
 * </ol>
 */
final class ImageToolchains {

    /**
     * Where Go toolchains are installed in images, whether or not PATH reaches them: the official
     * golang images' tree and Debian's packages ({@code gotrail image} names one of these when no go
     * is on the image's PATH).
     */
    static final List<String> GO_INSTALLS = List.of("/usr/local/go/bin/go", "/usr/lib/go/bin/go", "/usr/lib/go-1.24/bin/go",
            "/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.22/bin/go", "/usr/lib/go-1.21/bin/go", "/usr/lib/go-1.19/bin/go");

    private final Image image;
    private final Loader loader;
    private final Map<String, String> env;
    private final Libc libc;

    ImageToolchains(Image image, Libc libc) {
        this.image = image;
        this.loader = image.loader();
        this.env = image.config().containerEnv();
        this.libc = libc;
    }

    /** One entry per go on PATH: the toolchain and the link map of its real binary. */
    record Found(GoToolchain toolchain, LinkMap linkMap) {
    }

    List<Found> find() {
        List<String> onPath = goOnPath();
        List<Path> candidates = onPath.stream().map(Path::of).toList();
        List<Found> out = new ArrayList<>();
        for (String go : onPath) {
            out.add(inspect(go, candidates, true));
        }
        return out;
    }

    /**
     * The go at {@code go} (an absolute path inside the image), on PATH or not, by the same rules;
     * empty when the image has no executable regular file there (symlinks resolved inside the image).
     */
    Optional<Found> at(String go) {
        if (!isExecutableFile(go)) {
            return Optional.empty();
        }
        List<String> onPath = goOnPath();
        return Optional.of(inspect(go, onPath.stream().map(Path::of).toList(), onPath.contains(go)));
    }

    /** Every {@link #GO_INSTALLS} entry the image holds as an executable regular file, in that order. */
    List<String> installed() {
        return GO_INSTALLS.stream().filter(this::isExecutableFile).toList();
    }

    private boolean isExecutableFile(String pathInImage) {
        Optional<Path> host = loader.hostPath(pathInImage);
        return host.isPresent() && Files.isRegularFile(host.get()) && Files.isExecutable(host.get());
    }

    /** Every {@code DIR/go} on PATH that is an executable regular file, in PATH order, each once (which -a). */
    private List<String> goOnPath() {
        Set<String> found = new LinkedHashSet<>();
        String wd = image.config().effectiveWorkingDir();
        for (String dir : env.getOrDefault("PATH", "").split(":", -1)) {
            String d = dir.isEmpty() ? wd : dir.startsWith("/") ? dir : wd + "/" + dir;
            String candidate = Path.of(d).resolve("go").normalize().toString();
            if (isExecutableFile(candidate)) {
                found.add(candidate);
            }
        }
        return List.copyOf(found);
    }

    private Found inspect(String go, List<Path> onPath, boolean viaPath) {
        List<String> consulted = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        String real = loader.realPathInRoot(go).orElse(go);
        Path hostBinary = loader.hostPath(real).orElseThrow();
        String pathLine = "PATH=" + env.getOrDefault("PATH", "") + " (image config Env" + (image.config().envMap().containsKey("PATH")
                ? "" : "; unset, so the runtime's default") + ")";
        consulted.add(viaPath ? pathLine + " -> go at " + go : "go " + go + " named explicitly; not reached by " + pathLine);
        if (!real.equals(go)) {
            consulted.add(go + " is a symlink to " + real + " (resolved inside the image)");
            findings.add(new Finding(FindingId.GO_SYMLINK, Finding.Severity.INFO, go + " is a symlink to " + real
                    + "; go derives its GOROOT from the real location", ""));
        }

        Optional<GoBuildInfo> info = buildInfo(hostBinary);
        GoVersion builtWith = info.flatMap(i -> GoVersion.tryParse(i.goVersion())).orElse(GoVersion.UNKNOWN);
        consulted.add(real + " build information -> " + (info.isPresent() ? "built by " + info.get().goVersion() : "none"));

        String gorootEnv = blankToNull(env.get("GOROOT"));
        consulted.add("GOROOT in the image config Env -> " + (gorootEnv == null ? "unset" : gorootEnv));
        String[] configFile = configFile(consulted);
        String configGoroot = configFile[1];

        boolean threeUp = !builtWith.isKnown() || builtWith.compareTo(GoVersion.parse("go1.21.13")) >= 0;
        String exeDerived = exeDerived(real, threeUp, consulted);

        GorootSource source;
        String goroot;
        if (gorootEnv != null) {
            source = GorootSource.ENV;
            goroot = gorootEnv;
        } else if (configGoroot != null) {
            source = GorootSource.CONFIG_FILE;
            goroot = configGoroot;
        } else if (exeDerived != null) {
            source = GorootSource.EXE_DERIVED;
            goroot = exeDerived;
        } else {
            source = GorootSource.BUILTIN_FALLBACK;
            goroot = "";
            consulted.add("the GOROOT built into the binary (runtime.GOROOT()) cannot be read without running it");
        }
        Optional<Path> gorootHost = goroot.isEmpty() ? Optional.empty() : loader.hostPath(goroot).filter(Files::isDirectory);
        String treeVersion = gorootHost.flatMap(GorootFiles::versionFile).orElse(null);
        consulted.add((goroot.isEmpty() ? "GOROOT" : goroot) + "/VERSION -> " + (treeVersion == null ? "none" : treeVersion));
        String ownVersion = exeDerived == null ? null : loader.hostPath(exeDerived).flatMap(GorootFiles::versionFile).orElse(null);
        GoVersion version = GoVersion.tryParse(ownVersion != null ? ownVersion : treeVersion).orElse(builtWith);

        String where = "in the image's config (ENV GOROOT=" + gorootEnv + ")";
        if (source == GorootSource.ENV && gorootHost.isEmpty()) {
            findings.add(new Finding(FindingId.GOROOT_MISSING, Finding.Severity.ERROR,
                    "GOROOT=" + gorootEnv + " " + where + " does not exist in the image; every go command there fails with "
                            + "'go: cannot find GOROOT directory: " + gorootEnv + "'"
                            + (exeDerived != null ? " although " + go + " has its own GOROOT " + exeDerived : ""),
                    "remove the ENV GOROOT line from the Dockerfile (go finds its own GOROOT"
                            + (exeDerived != null ? ", " + exeDerived : "") + ") or point it at the Go tree the image has"));
        } else if (source == GorootSource.ENV && exeDerived != null && !sameInImage(gorootEnv, exeDerived)) {
            GoVersion envTree = GoVersion.tryParse(treeVersion).orElse(GoVersion.UNKNOWN);
            boolean other = envTree.isKnown() && version.isKnown() && !envTree.equals(GoVersion.tryParse(ownVersion).orElse(envTree));
            findings.add(new Finding(other ? FindingId.GOROOT_ENV_OTHER_VERSION : FindingId.GOROOT_ENV_OVERRIDES,
                    other ? Finding.Severity.ERROR : Finding.Severity.WARNING,
                    "GOROOT=" + gorootEnv + " " + where + " overrides the GOROOT next to " + go + " (" + exeDerived + ")"
                            + (other ? "; it holds " + treeVersion + " but the binary's own tree is " + ownVersion : ""),
                    "remove the ENV GOROOT line from the Dockerfile; go finds " + exeDerived + " by itself"));
        }
        if (configGoroot != null) {
            findings.add(new Finding(FindingId.GOROOT_CONFIG_FILE, Finding.Severity.WARNING,
                    "GOROOT=" + configGoroot + " is set in the image's go/env file " + configFile[0]
                            + (gorootEnv != null ? " (the ENV GOROOT overrides it in turn)" : ""),
                    "delete the GOROOT= line from " + configFile[0] + " in the image (RUN go env -u GOROOT)"));
        }
        if (treeVersion != null && builtWith.isKnown() && GoVersion.tryParse(treeVersion).isPresent()
                && !GoVersion.parse(treeVersion).equals(builtWith) && !builtWith.isPreRelease()) {
            findings.add(new Finding(FindingId.VERSION_MISMATCH, Finding.Severity.ERROR,
                    go + " was built by " + builtWith + " (its build information) but GOROOT " + goroot + " holds " + treeVersion
                            + " (VERSION)",
                    "copy the whole Go tree into the image (COPY --from=golang /usr/local/go /usr/local/go), not the go binary alone"));
        }
        gorootHost.ifPresent(h -> {
            String tools = "pkg/tool/" + image.platform().os() + "_" + image.platform().architecture();
            if (!Files.isDirectory(h.resolve(tools))) {
                findings.add(new Finding(FindingId.GOROOT_WITHOUT_TOOLS, Finding.Severity.ERROR,
                        "GOROOT " + goroot + " has no " + goroot + "/" + tools + " (compile, link, asm): go build cannot compile there",
                        "copy the whole Go tree into the image, pkg/tool included"));
            }
        });
        if (onPath.size() > 1 && onPath.get(0).toString().equals(go)) {
            List<String> others = onPath.subList(1, onPath.size()).stream().map(Path::toString).toList();
            findings.add(new Finding(FindingId.GO_SHADOWED, Finding.Severity.WARNING,
                    "in the image 'go' runs " + go + "; later on PATH and never run by 'go': " + String.join(", ", others),
                    "put the directory of the go you want first in the image's ENV PATH, or remove the other install"));
        }

        LinkMap map = loader.resolve(real);
        for (MissingLibrary m : map.missing()) {
            findings.add(new Finding(FindingId.GO_BINARY_MISSING_LIBRARY, Finding.Severity.ERROR,
                    real + " needs " + m.soname() + ", which the image does not have (searched " + String.join(", ", m.searched()) + ")",
                    "install the library in the image, or use a statically linked go (the official golang images' go is static)"));
        }
        for (VersionProblem p : map.versionProblems()) {
            if (!p.weak()) {
                findings.add(new Finding(FindingId.GO_BINARY_VERSION_PROBLEM, Finding.Severity.ERROR,
                        Placement.withImageVersion(libc, p),
                        "use a go built for the image's C library (the image's own package, or a static build)"));
            }
        }

        Map<String, String> goEnv = new LinkedHashMap<>();
        goEnv.put("GOROOT", goroot);
        goEnv.put("GOVERSION", version.isKnown() ? version.toString() : "");
        goEnv.put("GOOS", image.platform().os());
        goEnv.put("GOARCH", image.platform().architecture());
        if (!goroot.isEmpty()) {
            goEnv.put("GOTOOLDIR", goroot + "/pkg/tool/" + image.platform().os() + "_" + image.platform().architecture());
        }
        // where the image's settings come from, as the doctor names them on a host (the image config's
        // Env is go's environment; the go/env file is the image user's)
        List<GoSetting> settings = new ArrayList<>();
        for (String name : List.of("GOROOT", "GOTOOLCHAIN", "GOPATH", "GOFLAGS", "GOENV")) {
            String v = blankToNull(env.get(name));
            if (v != null) {
                settings.add(new GoSetting(name, v, GoSetting.Source.ENVIRONMENT, null, 0));
            }
        }
        if (gorootEnv == null && configGoroot != null && configFile[0] != null) {
            settings.add(new GoSetting("GOROOT", configGoroot, GoSetting.Source.GOENV_FILE, Path.of(configFile[0]), 0));
        }
        ToolchainDetails details = new ToolchainDetails(Path.of(image.config().effectiveWorkingDir()), gorootEnv,
                configFile[0] == null ? null : Path.of(configFile[0]), configGoroot, exeDerived == null ? null : Path.of(exeDerived),
                null, treeVersion, null, gorootHost.map(h -> Files.isDirectory(h.resolve("src/runtime"))).orElse(false),
                gorootHost.map(h -> Files.isDirectory(h.resolve("pkg/tool"))).orElse(false), Map.of(), null, consulted,
                List.of(), List.of(), settings);
        GoToolchain t = new GoToolchain(Path.of(go), Path.of(real), Path.of(goroot), source, version, goEnv, onPath,
                findings, details);
        return new Found(t, map);
    }

    private static Optional<GoBuildInfo> buildInfo(Path host) {
        try {
            return GoBuildInfo.read(host);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {file, GOROOT value} of the image user's go/env file by os.UserConfigDir's rules; nulls when none. */
    private String[] configFile(List<String> consulted) {
        String goenv = blankToNull(env.get("GOENV"));
        String file;
        if (goenv != null) {
            if (goenv.equals("off")) {
                consulted.add("user go/env file -> none (GOENV=off)");
                return new String[] {null, null};
            }
            file = goenv;
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            String home = blankToNull(env.get("HOME"));
            if (home == null) {
                home = homeFromPasswd();
            }
            file = xdg != null && xdg.startsWith("/") ? xdg + "/go/env" : home == null ? null : home + "/.config/go/env";
        }
        if (file == null) {
            consulted.add("user go/env file -> none (no GOENV, XDG_CONFIG_HOME or HOME)");
            return new String[] {null, null};
        }
        Optional<Path> host = loader.hostPath(file).filter(Files::isRegularFile);
        if (host.isEmpty()) {
            consulted.add("user go/env file " + file + " -> does not exist in the image");
            return new String[] {file, null};
        }
        try {
            String v = GorootFiles.envFileValue(Files.readAllLines(host.get(), StandardCharsets.UTF_8), "GOROOT").orElse(null);
            consulted.add("user go/env file " + file + " -> " + (v == null ? "no GOROOT" : "GOROOT=" + v));
            return new String[] {file, v};
        } catch (IOException | RuntimeException e) {
            consulted.add("user go/env file " + file + " -> unreadable (" + e.getMessage() + ")");
            return new String[] {file, null};
        }
    }

    /**
     * The home directory a container runtime gives the image's {@code User} (a name, a uid, or
     * {@code user:group}; root when empty): its {@code /etc/passwd} entry, else {@code /} as
     * runc does, for root {@code /root}.
     */
    private String homeFromPasswd() {
        String user = image.config().user();
        String who = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (who.isEmpty()) {
            who = "0";
        }
        Optional<Path> passwd = loader.hostPath("/etc/passwd").filter(Files::isRegularFile);
        if (passwd.isPresent()) {
            try {
                for (String line : Files.readAllLines(passwd.get(), StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 6 && (f[0].equals(who) || f[2].equals(who))) {
                        return f[5];
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the runtime's default
            }
        }
        return who.equals("0") || who.equals("root") ? "/root" : "/";
    }

    private String exeDerived(String realBinary, boolean threeUp, List<String> consulted) {
        Path exe = Path.of(realBinary);
        Path two = exe.getParent() == null ? null : exe.getParent().getParent();
        if (two != null && loader.hostPath(two.toString()).filter(GorootFiles::looksLikeGoroot).isPresent()) {
            consulted.add("executable " + realBinary + " -> ../.. = " + two + " holds pkg/tool");
            return loader.realPathInRoot(two.toString()).orElse(two.toString());
        }
        Path three = two == null ? null : two.getParent();
        if (threeUp && three != null && loader.hostPath(three.toString()).filter(GorootFiles::looksLikeGoroot).isPresent()) {
            consulted.add("executable " + realBinary + " -> ../../.. = " + three + " holds pkg/tool");
            return loader.realPathInRoot(three.toString()).orElse(three.toString());
        }
        consulted.add("executable " + realBinary + " -> " + (two == null ? "no ../.." : "../.. = " + two) + " has no pkg/tool");
        return null;
    }

    private boolean sameInImage(String a, String b) {
        return loader.realPathInRoot(a).orElse(a).equals(loader.realPathInRoot(b).orElse(b));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
