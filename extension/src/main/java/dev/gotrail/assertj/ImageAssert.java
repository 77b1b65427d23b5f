package dev.gotrail.assertj;

import static dev.gotrail.assertj.Evidence.NL;

import dev.gotrail.image.Image;
import dev.gotrail.image.ImageConfig;
import dev.gotrail.image.Libc;
import dev.gotrail.image.Placement;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.SymbolVersion;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a container {@link Image} (docs/images.md), for regression-testing a
 * toolchain or runtime image without a daemon: its platform, the C library it provides, the go
 * binaries on its PATH and the GOROOT the first one uses, its runtime configuration (Env,
 * WorkingDir, User), the files of its merged root and whether a file of this machine would start
 * there. Paths are paths inside the image.
 *
 * <p>Every failure message names the image (source, format, digest, platform) and quotes the
 * evidence for the answer: the config's {@code Env} lines, the C library file and where its
 * version was read, the toolchain facts with the sources cmd/go's rules consulted, the link map.
 * Messages are redacted like every gotrail failure, with the image's Env values as secrets
 * candidates.
 *
 * <p>{@link #firstToolchain()} navigates to a {@link GoToolchainAssert}; under soft assertions the
 * navigated assertion fails at once (AssertJ proxies only its own navigation methods), so collect
 * toolchain checks with {@code softly.assertThat(image.toolchains().get(0))}.
 */
@SuppressWarnings("exports") // AssertJ is an optional dependency: users of the assertions bring it
public class ImageAssert extends AbstractAssert<ImageAssert, Image> {

    public ImageAssert(Image actual) {
        super(actual, ImageAssert.class);
    }

    /** The selected platform is {@code expected}, {@code OS/ARCH[/VARIANT]} as the index spells it ({@code linux/amd64}). */
    public ImageAssert hasPlatform(String expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected platform");
        if (!actual.platform().toString().equals(expected.strip())) {
            failWithMessage("%nExpecting the image%n  %s%nto be for the platform%n  %s%nbut it is for%n  %s%s",
                    describe(), expected, actual.platform(), actual.format().equals("directory")
                            ? NL + "(an extracted root says nothing about its platform: it was read from its programs' ELF machine)" : "");
        }
        return this;
    }

    /** The image provides a C library of this flavour ({@link Libc.Flavour#NONE}: scratch, distroless-static). */
    public ImageAssert hasLibc(Libc.Flavour expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected flavour");
        if (actual.libc().flavour() != expected) {
            failWithMessage("%nExpecting the image%n  %s%nto provide %s%nbut it provides %s%n%s",
                    describe(), words(expected), actual.libc(), libcEvidence());
        }
        return this;
    }

    /** The image's C library is musl (an Alpine-style image): same as {@code hasLibc(Libc.Flavour.MUSL)}. */
    public ImageAssert isMusl() {
        return hasLibc(Libc.Flavour.MUSL);
    }

    /** The image's C library is glibc: same as {@code hasLibc(Libc.Flavour.GLIBC)}. */
    public ImageAssert isGlibc() {
        return hasLibc(Libc.Flavour.GLIBC);
    }

    /** The C library's release is exactly {@code expected} ({@code "2.36"}, {@code "1.2.3"}), whatever its flavour. */
    public ImageAssert hasLibcVersion(String expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected version");
        if (!actual.libc().version().equals(expected.strip())) {
            failWithMessage("%nExpecting the image%n  %s%nto provide a C library of release %s%nbut it provides %s%n%s",
                    describe(), expected, actual.libc(), libcEvidence());
        }
        return this;
    }

    /**
     * The image provides glibc no newer than {@code maximum} ({@code "2.31"}): the oldest runtime
     * a release must support. Fails for musl or no C library.
     *
     * @throws IllegalArgumentException when {@code maximum} is not a version number
     */
    public ImageAssert providesGlibcAtMost(String maximum) {
        return glibcBound(maximum, true);
    }

    /**
     * The image provides glibc {@code minimum} or newer ({@code "2.34"}: what a binary built on
     * Debian 12 needs). Fails for musl or no C library.
     *
     * @throws IllegalArgumentException when {@code minimum} is not a version number
     */
    public ImageAssert providesGlibcAtLeast(String minimum) {
        return glibcBound(minimum, false);
    }

    private ImageAssert glibcBound(String bound, boolean atMost) {
        isNotNull();
        SymbolVersion wanted = SymbolVersion.of(Objects.requireNonNull(bound, "version").strip());
        Libc libc = actual.libc();
        String want = "glibc " + (atMost ? "at most " : "at least ") + bound;
        if (libc.flavour() != Libc.Flavour.GLIBC || libc.version().isEmpty()) {
            failWithMessage("%nExpecting the image%n  %s%nto provide %s%nbut it provides %s%n%s",
                    describe(), want, libc, libcEvidence());
            return this;
        }
        int c = SymbolVersion.of(libc.version()).compareTo(wanted);
        if (atMost ? c > 0 : c < 0) {
            failWithMessage("%nExpecting the image%n  %s%nto provide %s%nbut it provides GLIBC up to %s%s%n%s",
                    describe(), want, libc.version(), atMost ? " (binaries built there may need GLIBC_" + libc.version()
                            + " symbols an older runtime lacks)" : " (a binary that needs GLIBC_" + bound + " would not start there)",
                    libcEvidence());
        }
        return this;
    }

    /**
     * The go binaries on the image's PATH are exactly {@code expected}, in PATH order
     * ({@code "/usr/local/go/bin/go"}; the PATH is the config's Env PATH, Docker's default when
     * unset). With no argument: no go on PATH at all.
     */
    public ImageAssert hasGoOnPath(String... expected) {
        isNotNull();
        List<String> found = goOnPath();
        if (!found.equals(Arrays.asList(expected))) {
            failWithMessage("%nExpecting the image%n  %s%nto have, in PATH order, the go binaries%n%s%nbut it has%n%s%n%s",
                    describe(), Evidence.lines(Arrays.asList(expected)), Evidence.lines(found), pathEvidence());
        }
        return this;
    }

    /** There are {@code expected} go binaries on the image's PATH. */
    public ImageAssert hasToolchainCount(int expected) {
        isNotNull();
        List<String> found = goOnPath();
        if (found.size() != expected) {
            failWithMessage("%nExpecting the image%n  %s%nto have %d go binaries on its PATH%nbut it has %d:%n%s%n%s",
                    describe(), expected, found.size(), Evidence.lines(found), pathEvidence());
        }
        return this;
    }

    /**
     * Navigates to the toolchain of the first go on the image's PATH (the one {@code go} runs),
     * e.g. {@code assertThat(image).firstToolchain().hasVersion("1.23.x").hasNoProblems()}; fails
     * when there is none. Its paths are image paths.
     */
    public GoToolchainAssert firstToolchain() {
        isNotNull();
        List<GoToolchain> all = actual.toolchains();
        if (all.isEmpty()) {
            failWithMessage("%nExpecting the image%n  %s%nto have a go on its PATH, but it has none%n%s", describe(), pathEvidence());
            return new GoToolchainAssert(null);
        }
        GoToolchainAssert next = new GoToolchainAssert(all.get(0));
        String description = info.descriptionText();
        return description == null || description.isEmpty() ? next : next.describedAs(description);
    }

    /**
     * The first go on the image's PATH uses {@code expected} as its effective GOROOT, compared as
     * image paths with symlinks resolved inside the image. The failure quotes the GOROOT's source
     * (the config's {@code ENV GOROOT} line, the go/env file, the binary's location) and every
     * source cmd/go's rules consulted.
     */
    public ImageAssert usesGoroot(String expected) {
        isNotNull();
        Objects.requireNonNull(expected, "expected GOROOT");
        List<GoToolchain> all = actual.toolchains();
        if (all.isEmpty()) {
            failWithMessage("%nExpecting the first go on the PATH of the image%n  %s%nto use GOROOT %s, but the image has no go on its PATH%n%s",
                    describe(), expected, pathEvidence());
            return this;
        }
        GoToolchain go = all.get(0);
        Loader loader = actual.loader();
        String goroot = go.goroot().toString();
        String have = goroot.isEmpty() ? "" : loader.realPathInRoot(goroot).orElse(goroot);
        String want = loader.realPathInRoot(expected).orElse(Path.of(expected).normalize().toString());
        if (goroot.isEmpty() || !have.equals(want)) {
            failWithMessage("%nExpecting the first go on the PATH of the image%n  %s%nto use GOROOT%n  %s%nbut %s uses%n  %s (source %s)%n%s%n%s",
                    describe(), expected, GoToolchainAssert.describe(go),
                    goroot.isEmpty() ? "(the GOROOT built into the binary, unreadable without running it)" : goroot,
                    go.gorootSource(), envLine("GOROOT"), GoToolchainAssert.gorootEvidence(go));
        }
        return this;
    }

    /** No toolchain of the image has any finding, not even an informational one. */
    public ImageAssert hasNoFindings() {
        isNotNull();
        List<String> all = findings(f -> true);
        if (!all.isEmpty()) {
            failWithMessage("%nExpecting the image%n  %s%nto have no findings, but it has %d:%n%s%n%s",
                    describe(), all.size(), String.join(NL, all), envEvidence());
        }
        return this;
    }

    /**
     * No toolchain of the image has an {@link Finding.Severity#ERROR} finding (a stale
     * {@code ENV GOROOT}, a VERSION that disagrees with the binary, a go binary the image's C
     * library cannot start); warnings and informational findings are allowed.
     */
    public ImageAssert hasNoErrorFindings() {
        isNotNull();
        List<String> errors = findings(f -> f.severity() == Finding.Severity.ERROR);
        if (!errors.isEmpty()) {
            failWithMessage("%nExpecting the image%n  %s%nto have no error findings, but it has %d:%n%s%n%s",
                    describe(), errors.size(), String.join(NL, errors), envEvidence());
        }
        return this;
    }

    /** The image's config sets {@code name} to {@code value} in its {@code Env} (a later entry for the same name wins). */
    public ImageAssert hasEnv(String name, String value) {
        isNotNull();
        Map<String, String> env = actual.config().envMap();
        if (!env.containsKey(name) || !env.get(name).equals(value)) {
            failWithMessage("%nExpecting the image%n  %s%nto set in its config%n  ENV %s=%s%nbut %s%n%s",
                    describe(), name, value, env.containsKey(name) ? "it sets " + name + "=" + env.get(name) : "it does not set " + name,
                    envEvidence());
        }
        return this;
    }

    /** The image's config does not set {@code name} in its {@code Env} ({@code "GOROOT"}: go finds its own). */
    public ImageAssert doesNotHaveEnv(String name) {
        isNotNull();
        if (actual.config().envMap().containsKey(name)) {
            failWithMessage("%nExpecting the image%n  %s%nnot to set %s in its config, but it does:%n  ENV %s=%s%n%s",
                    describe(), name, name, actual.config().envMap().get(name), envEvidence());
        }
        return this;
    }

    /** A container starts in {@code expected}: the config's {@code WorkingDir}, {@code /} when unset. */
    public ImageAssert hasWorkingDir(String expected) {
        isNotNull();
        ImageConfig c = actual.config();
        if (!c.effectiveWorkingDir().equals(expected)) {
            failWithMessage("%nExpecting the image%n  %s%nto start containers in%n  %s%nbut its config's WorkingDir is %s",
                    describe(), expected, c.workingDir().isEmpty() ? "unset (containers start in /)" : c.workingDir());
        }
        return this;
    }

    /**
     * A container runs as {@code expected}, the config's {@code User} as written ({@code "gopher"},
     * {@code "1000:1000"}); an unset User is root, matched by {@code "root"}, {@code "0"} or {@code ""}.
     */
    public ImageAssert hasUser(String expected) {
        isNotNull();
        String user = actual.config().user();
        boolean root = user.isEmpty() && (expected.isEmpty() || expected.equals("root") || expected.equals("0"));
        if (!root && !user.equals(expected)) {
            failWithMessage("%nExpecting the image%n  %s%nto run containers as%n  %s%nbut its config's User is %s",
                    describe(), expected, user.isEmpty() ? "unset (containers run as root)" : user);
        }
        return this;
    }

    /**
     * The merged root (whiteouts applied) has {@code pathInImage}: a file, a directory or a symbolic
     * link (even a dangling one), the directories on the way resolved inside the image.
     */
    public ImageAssert contains(String pathInImage) {
        isNotNull();
        if (entry(pathInImage).isEmpty()) {
            String parent = Optional.ofNullable(Path.of(pathInImage).getParent()).map(Path::toString).orElse("/");
            failWithMessage("%nExpecting the image%n  %s%nto contain%n  %s%nbut it does not (%s)%nmerged root: %s",
                    describe(), pathInImage, actual.loader().hostPath(parent).filter(Files::isDirectory).isPresent()
                            ? parent + " exists, without it" : parent + " does not exist either",
                    actual.root());
        }
        return this;
    }

    /** The merged root (whiteouts applied) has nothing at {@code pathInImage}: {@code doesNotContain("/usr/bin/gcc")} for a slim runtime image. */
    public ImageAssert doesNotContain(String pathInImage) {
        isNotNull();
        Optional<Path> host = entry(pathInImage);
        if (host.isPresent()) {
            failWithMessage("%nExpecting the image%n  %s%nnot to contain%n  %s%nbut it has %s%nmerged root: %s",
                    describe(), pathInImage, kind(pathInImage, host.get()), actual.root());
        }
        return this;
    }

    /**
     * {@code hostFile}, a file of this machine copied into the image as
     * {@code /usr/local/bin/<its name>}, would start there; see {@link #wouldRun(Path, String)}.
     */
    public ImageAssert wouldRun(Path hostFile) {
        return wouldRun(hostFile, Loader.defaultPlacement(Objects.requireNonNull(hostFile, "hostFile")));
    }

    /**
     * {@code hostFile}, a file of this machine copied into the image at {@code pathInImage}, would
     * start there ({@link Image#place(Path, String)}): every library it needs is in the image and
     * the image's C library provides every symbol version it needs. The failure lists the missing
     * libraries with the paths searched and each version problem with the image's glibc named
     * ("the image provides GLIBC up to 2.31; /usr/local/bin/app needs GLIBC_2.34"), then the link
     * map in the image.
     */
    public ImageAssert wouldRun(Path hostFile, String pathInImage) {
        isNotNull();
        Placement p = actual.place(Objects.requireNonNull(hostFile, "hostFile"), pathInImage);
        if (!p.wouldRun()) {
            failWithMessage("%nExpecting%n  %s%nplaced at %s in the image%n  %s%nto start there, but it would not:%n%s%n%s",
                    p.hostFile(), pathInImage, describe(), Evidence.lines(p.problems()), placementEvidence(p));
        }
        return this;
    }

    /** The opposite of {@link #wouldRun(Path)}: the image could not start it (copied to {@code /usr/local/bin/<its name>}). */
    public ImageAssert wouldNotRun(Path hostFile) {
        return wouldNotRun(hostFile, Loader.defaultPlacement(Objects.requireNonNull(hostFile, "hostFile")));
    }

    /** The opposite of {@link #wouldRun(Path, String)}. */
    public ImageAssert wouldNotRun(Path hostFile, String pathInImage) {
        isNotNull();
        Placement p = actual.place(Objects.requireNonNull(hostFile, "hostFile"), pathInImage);
        if (p.wouldRun()) {
            failWithMessage("%nExpecting%n  %s%nplaced at %s in the image%n  %s%nnot to start there, but every library resolves and every symbol version is provided%n%s",
                    p.hostFile(), pathInImage, describe(), placementEvidence(p));
        }
        return this;
    }

    /** The entry itself (the last component not followed), its parents resolved inside the image. */
    private Optional<Path> entry(String pathInImage) {
        Path p = Path.of(Objects.requireNonNull(pathInImage, "path in the image")).normalize();
        if (p.getParent() == null) {
            return actual.loader().hostPath("/");
        }
        return actual.loader().hostPath(p.getParent().toString()).map(dir -> dir.resolve(p.getFileName().toString()))
                .filter(h -> Files.exists(h, LinkOption.NOFOLLOW_LINKS));
    }

    private String kind(String pathInImage, Path host) {
        if (Files.isSymbolicLink(host)) {
            String target;
            try {
                target = Files.readSymbolicLink(host).toString();
            } catch (java.io.IOException e) {
                target = "?";
            }
            return "a symbolic link " + pathInImage + " -> " + target
                    + actual.loader().realPathInRoot(pathInImage).map(r -> " (resolves to " + r + ")").orElse(" (dangling)");
        }
        if (Files.isDirectory(host)) {
            return "a directory " + pathInImage;
        }
        try {
            return "a file " + pathInImage + " (" + Files.size(host) + " bytes" + (Files.isExecutable(host) ? ", executable" : "") + ")";
        } catch (java.io.IOException e) {
            return "a file " + pathInImage;
        }
    }

    private List<String> goOnPath() {
        return actual.toolchains().stream().map(t -> t.goBinary().toString()).toList();
    }

    private List<String> findings(java.util.function.Predicate<Finding> which) {
        List<String> out = new ArrayList<>();
        for (GoToolchain t : actual.toolchains()) {
            for (Finding f : t.findings()) {
                if (which.test(f)) {
                    out.add("  - " + t.goBinary() + ": " + f.severity() + " [" + f.id() + "] " + f.message()
                            + (f.fix().isEmpty() ? "" : NL + "    fix: " + f.fix()));
                }
            }
        }
        return out;
    }

    /** "SOURCE (format, digest, platform)": which image, exactly. */
    private String describe() {
        String digest = actual.digest().isEmpty() ? "" : ", " + actual.digest();
        return actual.source() + " (" + actual.format() + digest + ", " + actual.platform() + ")";
    }

    private static String words(Libc.Flavour f) {
        return switch (f) {
            case GLIBC -> "glibc";
            case MUSL -> "musl";
            case NONE -> "no C library";
        };
    }

    private String libcEvidence() {
        Libc l = actual.libc();
        return "evidence:" + NL + "  C library: " + l + (l.path().isEmpty() ? "" : " at " + l.path())
                + (l.source().isEmpty() ? "" : NL + "  version read from: " + l.source());
    }

    /** The config's Env lines (the image's ENV instructions), in order. */
    private String envEvidence() {
        List<String> env = actual.config().env();
        return "image config Env:" + NL + (env.isEmpty() ? "  (none)" : Evidence.lines(env, e -> "ENV " + e));
    }

    /** The Env line that sets {@code name}, or that none does. */
    private String envLine(String name) {
        List<String> lines = actual.config().env().stream().filter(e -> e.startsWith(name + "=")).toList();
        return lines.isEmpty() ? "the image config sets no " + name + " (no ENV " + name + "= line)"
                : "the image config sets " + String.join(", ", lines.stream().map(e -> "ENV " + e).toList());
    }

    private String pathEvidence() {
        boolean set = actual.config().envMap().containsKey("PATH");
        return "PATH " + actual.config().containerEnv().get("PATH")
                + (set ? " (image config Env)" : " (unset in the image config: the runtime's default)") + NL + envEvidence();
    }

    private String placementEvidence(Placement p) {
        LinkMap map = p.linkMap();
        return "the image provides " + p.libc() + (p.libc().path().isEmpty() ? "" : " (" + p.libc().path() + ")") + NL
                + "link map in the image:" + NL + map.tree().stripTrailing();
    }

    /** Redacts the message (it quotes the image's Env) before AssertJ formats and throws it. */
    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        super.failWithMessage("%s", Redaction.message(actual == null ? Map.of() : actual.config().envMap(), errorMessage, arguments));
    }
}
