package dev.gotrail.baseline;

import dev.gotrail.buildinfo.BuildSetting;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.buildinfo.GoModule;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.image.Image;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadedObject;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One named thing whose facts a baseline records, as sections of facts: {@code toolchain} (a Go
 * toolchain: version, GOROOT and its source, the real go binary, finding ids), {@code elf} (an ELF
 * file: machine, interpreter, DT_NEEDED, RPATH/RUNPATH, the link map as soname → path and reason,
 * missing sonames, the maximum symbol version per family such as {@code GLIBC → 2.34}) and
 * {@code buildInfo} (a Go binary's build information: Go version, main package and module,
 * dependencies, build settings) and {@code image} (a container image: platform, libc flavour and
 * version, and per go on the image's PATH its toolchain facts and its binary's {@code elf} facts
 * resolved inside the image). A new kind of target plugs in as one more section through
 * {@link #with(String, Map)} and a factory method here.
 *
 * <p>Volatile values are never recorded: no build ids, no hashes of files, no timestamps, no
 * {@code go env} (caches and temp dirs), no {@code vcs.revision}/{@code vcs.time} (they change with
 * every commit; assert them with {@code hasVcsRevision}). Link maps are resolved at {@code /} with
 * an empty environment, so the runner's {@code LD_LIBRARY_PATH} never leaks into a baseline.
 */
public final class BaselineTarget {

    /** Section names in the order they are written. */
    public static final String TOOLCHAIN = "toolchain";
    public static final String ELF = "elf";
    public static final String BUILD_INFO = "buildInfo";
    public static final String IMAGE = "image";

    /** Build settings that change with every commit: not recorded. */
    static final Set<String> VOLATILE_SETTINGS = Set.of("vcs.revision", "vcs.time");

    private final String name;
    private final Map<String, Object> sections;

    private BaselineTarget(String name, Map<String, Object> sections) {
        this.name = Objects.requireNonNull(name, "name");
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** A target with no facts yet; add sections with {@link #with}. */
    public static BaselineTarget named(String name) {
        return new BaselineTarget(name, Map.of());
    }

    /**
     * A Go toolchain: its {@code toolchain} facts, plus the {@code elf} and {@code buildInfo}
     * facts of its real go binary. Named after the go binary as invoked.
     *
     * @throws IOException when the go binary cannot be read
     */
    public static BaselineTarget toolchain(GoToolchain toolchain) throws IOException {
        Map<String, Object> facts = toolchainFacts(toolchain);
        // the PATH of the shell that records or verifies is the runner's, not the toolchain's: findings
        // about it would drift from one CI runner to the next (an image's PATH is its own, and stays)
        facts.put("findings", toolchain.findings().stream().map(Finding::id).filter(id -> !RUNNER_PATH_FINDINGS.contains(id))
                .map(Object::toString).toList());
        BaselineTarget target = named(toolchain.goBinary().toString()).with(TOOLCHAIN, facts);
        return target.withFileFacts(toolchain.realGoBinary());
    }

    /**
     * Any ELF file: its {@code elf} facts and, for a Go binary, its {@code buildInfo}. Named after the path.
     *
     * @throws IOException when the file cannot be read or is not ELF
     */
    public static BaselineTarget elf(Path file) throws IOException {
        return named(file.toString()).withFileFacts(file);
    }

    /**
     * A container image ({@link Image}): the {@code image} section holds its platform, its libc
     * (flavour and version) and, for every go on its PATH (image paths), the same facts as
     * {@link #toolchain} with the go binary's {@code elf} facts resolved inside the image. The
     * manifest digest and layer digests are not recorded: they change with every rebuild of an
     * unpinned base (assert them directly if the image is pinned). Named after the image file.
     *
     * @throws IOException when a go binary of the image cannot be read
     */
    public static BaselineTarget image(Image image) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", image.platform().toString());
        Map<String, Object> libc = new LinkedHashMap<>();
        libc.put("flavour", image.libc().flavour().name());
        libc.put("version", image.libc().version());
        m.put("libc", libc);
        Map<String, Object> toolchains = new LinkedHashMap<>();
        List<GoToolchain> found = image.toolchains();
        List<LinkMap> maps = image.toolchainLinkMaps();
        for (int i = 0; i < found.size(); i++) {
            GoToolchain t = found.get(i);
            Map<String, Object> facts = toolchainFacts(t);
            Optional<Path> host = image.loader().hostPath(t.realGoBinary().toString());
            if (host.isPresent() && i < maps.size()) {
                facts.put(ELF, elfFacts(ElfFile.read(host.get()), maps.get(i)));
            }
            toolchains.put(t.goBinary().toString(), facts);
        }
        m.put("toolchains", toolchains);
        return named(image.source().toString()).with(IMAGE, m);
    }

    /** A Go binary's build information only (any of ELF, Mach-O, PE). Named after its file. */
    public static BaselineTarget goBinary(GoBuildInfo info) {
        return named(info.file().toString()).with(BUILD_INFO, buildInfoFacts(info));
    }

    /**
     * What the command line records for a path: a GOROOT directory (with {@code bin/go}) or a go
     * binary is a toolchain (discovered as {@code @RequiresGoroot} does, which runs
     * {@code go env}); any other ELF file is {@link #elf}; a Mach-O or PE Go binary is
     * {@link #goBinary}. Named after the path as given.
     *
     * @throws IllegalArgumentException when the path is none of these (the message says why)
     * @throws IOException              when it cannot be read
     */
    public static BaselineTarget of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path go = path.resolve("bin").resolve("go");
            if (!Files.isRegularFile(go)) {
                throw new IllegalArgumentException(path + ": a directory must be a GOROOT (with bin/go)");
            }
            return toolchainAt(go).as(path.toString());
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": " + (Files.exists(path) ? "not a regular file" : "no such file"));
        }
        Optional<GoBuildInfo> info = GoBuildInfo.read(path);
        if (isElf(path)) {
            if (info.isPresent() && "cmd/go".equals(info.get().path())) {
                return toolchainAt(path).as(path.toString());
            }
            return elf(path);
        }
        return info.map(i -> goBinary(i).as(path.toString()))
                .orElseThrow(() -> new IllegalArgumentException(path + ": neither an ELF file nor a Go binary"));
    }

    private static BaselineTarget toolchainAt(Path go) throws IOException {
        GoToolchain toolchain = ToolchainDiscovery.discover(DiscoveryRequest.of(go.toString())).toolchain()
                .orElseThrow(() -> new IllegalArgumentException(go + ": no usable Go toolchain there"));
        return toolchain(toolchain);
    }

    private static boolean isElf(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        }
    }

    private BaselineTarget withFileFacts(Path file) throws IOException {
        ElfFile elf = ElfFile.read(file);
        BaselineTarget t = with(ELF, elfFacts(elf, Loader.at(Path.of("/")).env(Map.of()).resolve(file)));
        Optional<GoBuildInfo> info = GoBuildInfo.read(file);
        return info.isPresent() ? t.with(BUILD_INFO, buildInfoFacts(info.get())) : t;
    }

    /** This target under another name (names are the keys of {@code /targets}). */
    public BaselineTarget as(String newName) {
        return new BaselineTarget(newName, sections);
    }

    /**
     * This target with one more section of facts (replacing one of that name): the plug-in point
     * for new kinds of facts. {@code facts} is a JSON tree: maps (order kept), lists, strings,
     * numbers, booleans, enums, null.
     */
    public BaselineTarget with(String section, Map<String, ?> facts) {
        Map<String, Object> s = new LinkedHashMap<>(sections);
        s.put(Objects.requireNonNull(section, "section"), new LinkedHashMap<>(facts));
        return new BaselineTarget(name, s);
    }

    /** The key of this target under {@code /targets}. */
    public String name() {
        return name;
    }

    /** The sections of facts, by section name, in the order they were added. */
    public Map<String, Object> sections() {
        return sections;
    }

    /** Findings about the PATH of the process that looks (not recorded for a toolchain of this machine). */
    static final java.util.Set<dev.gotrail.toolchain.FindingId> RUNNER_PATH_FINDINGS = java.util.EnumSet.of(
            dev.gotrail.toolchain.FindingId.GO_NOT_FIRST_ON_PATH, dev.gotrail.toolchain.FindingId.GO_SHADOWED,
            dev.gotrail.toolchain.FindingId.GO_NOT_ON_PATH, dev.gotrail.toolchain.FindingId.INSTALLED_NOT_ON_PATH);

    /** The {@code toolchain} section: version, GOROOT and its source, the real go binary, finding ids. */
    static Map<String, Object> toolchainFacts(GoToolchain toolchain) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("version", toolchain.version().toString());
        t.put("goroot", toolchain.goroot().toString());
        t.put("gorootSource", toolchain.gorootSource().name());
        t.put("realGoBinary", toolchain.realGoBinary().toString());
        t.put("findings", toolchain.findings().stream().map(Finding::id).map(Object::toString).toList());
        return t;
    }

    /** The {@code elf} section of an ELF file and its link map. */
    static Map<String, Object> elfFacts(ElfFile elf, LinkMap map) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", elf.machine().toString());
        m.put("static", elf.isStatic());
        m.put("pie", elf.isPie());
        m.put("interpreter", elf.interpreter().orElse(null));
        m.put("needed", elf.needed());
        m.put("rpath", elf.rpath().orElse(null));
        m.put("runpath", elf.runpath().orElse(null));
        Map<String, Object> linkMap = new LinkedHashMap<>();
        for (LoadedObject o : map.libraries()) {
            Map<String, Object> lib = new LinkedHashMap<>();
            lib.put("path", o.path());
            lib.put("reason", o.reason().name());
            linkMap.put(o.soname() == null || o.soname().isEmpty() ? o.path() : o.soname(), lib);
        }
        m.put("linkMap", linkMap);
        m.put("missing", map.missing().stream().map(MissingLibrary::soname).toList());
        Map<String, Object> max = new LinkedHashMap<>();
        map.maxVersions().forEach((family, version) -> max.put(family, version.toString()));
        m.put("maxVersions", max);
        return m;
    }

    /** The {@code buildInfo} section: what {@code go version -m} prints, less the volatile VCS settings. */
    static Map<String, Object> buildInfoFacts(GoBuildInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("goVersion", info.goVersion());
        m.put("path", info.path());
        m.put("main", info.main().map(BaselineTarget::module).orElse(null));
        Map<String, Object> deps = new LinkedHashMap<>();
        for (GoModule d : info.deps()) {
            Map<String, Object> dep = module(d);
            dep.remove("path");
            dep.put("replace", d.replacement().map(BaselineTarget::module).orElse(null));
            deps.put(d.path(), dep);
        }
        m.put("deps", deps);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (BuildSetting s : info.buildSettings()) {
            if (!VOLATILE_SETTINGS.contains(s.key())) {
                settings.put(s.key(), s.value());
            }
        }
        m.put("settings", settings);
        return m;
    }

    private static Map<String, Object> module(GoModule mod) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", mod.path());
        m.put("version", mod.version());
        m.put("sum", mod.sum());
        return m;
    }

    @Override
    public String toString() {
        return name + " " + sections.keySet();
    }
}
