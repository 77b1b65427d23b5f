package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static emulation of glibc's dynamic loader ({@code ld.so}) for one filesystem root:
 * {@code Loader.at(Path.of("/")).env(Map.of("LD_LIBRARY_PATH", "/opt/lib")).resolve(binary)}
 * gives the {@link LinkMap} the real loader would build, without executing anything. The program's
 * interpreter decides whose rules apply: a PT_INTERP of {@code ld-musl-<arch>.so.1} (Alpine images)
 * is resolved by musl's loader's rules (ldso/dynlink.c; {@link LinkMap#loaderKind()} says
 * {@link LoaderKind#MUSL}), anything else by glibc's.
 *
 * <p>A loader is immutable and thread-safe; it caches parsed ELF files, the ld.so.cache and the
 * root's configuration for its lifetime, so one instance resolving many binaries is fast. Create a
 * new one when the files under the root change.
 */
public final class Loader {

    private final RootFs fs;
    private final Map<String, String> env;
    private final Shared shared;
    private final boolean asIfLdconfig;

    private Loader(RootFs fs, Map<String, String> env, Shared shared, boolean asIfLdconfig) {
        this.fs = fs;
        this.env = env;
        this.shared = shared;
        this.asIfLdconfig = asIfLdconfig;
    }

    /** A loader for the filesystem under {@code root} ("/" = this machine, else an extracted image or sysroot). */
    public static Loader at(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        String cwd = abs.getParent() == null ? Path.of("").toAbsolutePath().toString() : "/";
        return new Loader(new RootFs(abs, cwd), Map.of(), new Shared(), false);
    }

    public static Loader at(String root) {
        return at(Path.of(root));
    }

    /**
     * The loader's environment: {@code LD_LIBRARY_PATH}, {@code LD_PRELOAD} (other variables are
     * ignored; musl splits {@code LD_LIBRARY_PATH} at ':' and newlines and searches it first). Nothing is inherited from this JVM's environment.
     */
    public Loader env(Map<String, String> environment) {
        return new Loader(fs, Map.copyOf(environment), shared, asIfLdconfig);
    }

    /** Sets one environment variable, keeping the others. */
    public Loader env(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(key, value);
        return new Loader(fs, Map.copyOf(m), shared, asIfLdconfig);
    }

    /** The working directory for relative names and empty path elements (a path inside the root). */
    public Loader workingDirectory(String dir) {
        return new Loader(new RootFs(fs.root(), dir), env, shared, asIfLdconfig);
    }

    /**
     * A loader that answers "as if {@code ldconfig} had run in this root": when the root has no
     * {@code /etc/ld.so.cache}, the cache {@code ldconfig -r ROOT} would write (ld.so.conf
     * directories, ldconfig's own directories, glibc-hwcaps subdirectories) is built in memory and
     * used in the cache step; objects found through it carry {@link LoadReason#AS_IF_LDCONFIG} and
     * the map says {@link LinkMap#asIfLdconfig()}. A root that has a cache is answered from it, as
     * always. Without this call a root without a cache is answered as it is: glibc then searches
     * only its trusted directories and never reads ld.so.conf.
     */
    public Loader asIfLdconfig() {
        return new Loader(fs, env, shared, true);
    }

    /** True for a loader from {@link #asIfLdconfig()}. */
    public boolean isAsIfLdconfig() {
        return asIfLdconfig;
    }

    public Path root() {
        return fs.root();
    }

    /**
     * Resolves {@code binary}: a path inside the root (under the host root "/" simply a path; a
     * relative path is taken against the working directory). Problems with the binary itself (not
     * ELF, missing) are reported as {@link LinkMap#errors()}, never thrown.
     */
    public LinkMap resolve(Path binary) {
        return resolve(binary.toString());
    }

    public LinkMap resolve(String binary) {
        Objects.requireNonNull(binary, "binary");
        String loaderPath = binary;
        String rootString = fs.root().toString();
        if (!fs.isHostRoot() && binary.startsWith(rootString + "/")) {
            loaderPath = binary.substring(rootString.length());
        }
        return new Resolution(fs, env, shared, asIfLdconfig, loaderPath, null).run();
    }

    /**
     * Resolves a file that lives outside the root (e.g. this machine's go binary or a release
     * build) as if it were installed in the root at {@link #defaultPlacement(Path)}
     * ({@code /usr/local/bin/<file name>}): "would this binary run in that image?". Under the host
     * root this is {@link #resolve(Path)}.
     */
    public LinkMap resolveFile(Path hostFile) {
        if (fs.isHostRoot()) {
            return resolve(hostFile.toAbsolutePath());
        }
        return place(hostFile, defaultPlacement(hostFile));
    }

    /**
     * Where a file of this machine is placed in a root when no path is given:
     * {@code /usr/local/bin/<file name>}, where the Filesystem Hierarchy Standard puts locally
     * installed programs (and where a Dockerfile's {@code COPY app /usr/local/bin/} puts them). The
     * one rule for {@link #resolveFile(Path)}, {@code @AssumeSharedLibs} and {@code gotrail ldd --place HOSTFILE}.
     */
    public static String defaultPlacement(Path hostFile) {
        return "/usr/local/bin/" + hostFile.getFileName();
    }

    /**
     * The glibc this root provides to a binary of this machine (os.arch): the libc.so.6 its loader
     * would find without RPATH or LD_LIBRARY_PATH (the ld.so.cache entry, else the first default
     * directory that has one) and its release, read as {@link GlibcRelease} says. On this machine
     * it matches {@code ldd --version}. Empty when the root has no glibc (musl, static-only images).
     */
    public Optional<GlibcRelease> glibc() {
        ExpectedObject host = ExpectedObject.host();
        return GlibcProbe.inRoot(fs, shared, SystemConfig.of(fs, shared, host, asIfLdconfig), host);
    }

    /**
     * Resolves a file of this machine as if it were copied into the root at {@code pathInRoot}
     * (an absolute path inside the root, e.g. {@code /usr/local/bin/app}): "would this binary run
     * there?" ({@code gotrail ldd --place}). Its {@code $ORIGIN} is the directory of
     * {@code pathInRoot}; every library is searched in the root. Nothing is copied or created: a
     * RUNPATH such as {@code $ORIGIN/../lib} reaches the root's {@code /usr/local/lib} only when
     * {@code /usr/local/bin} exists there, as with the real kernel. The map's
     * {@link LinkMap#binary()} is {@code pathInRoot} and {@link LinkMap#hostFile()} keeps the host
     * path, in the tree's first line and the JSON ({@code hostFile}) too, so the evidence says which
     * file was analysed. Under the host root this is {@link #resolve(Path)} of the file.
     *
     * @throws IllegalArgumentException when {@code pathInRoot} is not absolute
     */
    public LinkMap place(Path hostFile, String pathInRoot) {
        Objects.requireNonNull(hostFile, "hostFile");
        if (pathInRoot == null || !pathInRoot.startsWith("/")) {
            throw new IllegalArgumentException("pathInRoot must be an absolute path inside the root " + fs.root()
                    + ", e.g. " + defaultPlacement(hostFile) + "; was: " + pathInRoot);
        }
        if (fs.isHostRoot()) {
            return resolve(hostFile.toAbsolutePath());
        }
        return new Resolution(fs, env, shared, asIfLdconfig, Path.of(pathInRoot).normalize().toString(),
                hostFile.toAbsolutePath()).run();
    }

    /**
     * The real path of {@code pathInRoot} inside the root, every symlink resolved inside the root
     * (an absolute link target restarts at the root, {@code ..} stops at it), as the loader and a
     * chrooted process see it; empty when a component is missing or there are more than 40 links.
     */
    public Optional<String> realPathInRoot(String pathInRoot) {
        return Optional.ofNullable(fs.realPath(pathInRoot));
    }

    /**
     * The file of this machine that {@code pathInRoot} names inside the root (symlinks resolved
     * inside the root, see {@link #realPathInRoot(String)}); empty when it does not exist.
     */
    public Optional<Path> hostPath(String pathInRoot) {
        return Optional.ofNullable(fs.resolve(pathInRoot));
    }

    /** Caches shared by every resolution of one loader (and its env/workingDirectory copies). */
    static final class Shared {
        final Map<Path, Object> elfCache = new ConcurrentHashMap<>();
        final Map<String, Object> perRoot = new ConcurrentHashMap<>();
        /** The ELF header of each candidate file read so far, or why it could not be read. */
        final Map<Path, HeaderRead> headers = new ConcurrentHashMap<>();
        final Map<Path, Object> fileKeys = new ConcurrentHashMap<>();
        final Map<String, Optional<String>> realPaths = new ConcurrentHashMap<>();
        final Map<Path, Boolean> directories = new ConcurrentHashMap<>();
        private final Map<String, Optional<GlibcRelease>> glibc = new ConcurrentHashMap<>();

        /** The release of a libc.so.6, read once per file and loader path. */
        Optional<GlibcRelease> glibc(String loaderPath, ElfFile libc) {
            return glibc.computeIfAbsent(loaderPath + "\0" + libc.path(), k -> GlibcProbe.of(loaderPath, libc));
        }

        /** The parsed file, or throws the (cached) failure. */
        ElfFile elf(Path host) throws IOException {
            Object o = elfCache.computeIfAbsent(host, h -> {
                try {
                    return ElfFile.read(h);
                } catch (IOException e) {
                    return e;
                }
            });
            if (o instanceof IOException e) {
                throw e;
            }
            return (ElfFile) o;
        }

        private final Map<ElfFile, Map<String, SymbolVersion>> floors = new ConcurrentHashMap<>();

        /**
         * The highest version per prefix this object requires, leaving out prefixes it defines
         * itself (libc asking ld.so for GLIBC_2.35 says nothing about the program). Per file, once.
         */
        Map<String, SymbolVersion> floors(ElfFile elf) {
            return floors.computeIfAbsent(elf, e -> {
                java.util.Set<String> own = new java.util.HashSet<>();
                for (dev.gotrail.elf.VersionDefinition d : e.versionDefinitions()) {
                    SymbolVersion.parse(d.name()).ifPresent(v -> own.add(v.prefix()));
                }
                Map<String, SymbolVersion> max = new java.util.LinkedHashMap<>();
                for (dev.gotrail.elf.VersionNeed need : e.versionNeeds()) {
                    for (dev.gotrail.elf.VersionNeed.Requirement r : need.versions()) {
                        SymbolVersion.parse(r.name()).filter(v -> !own.contains(v.prefix()))
                                .ifPresent(v -> max.merge(v.prefix(), v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
                    }
                }
                return java.util.Collections.unmodifiableMap(max);
            });
        }

        private final Map<ElfFile, java.util.Set<String>> definitions = new ConcurrentHashMap<>();

        private final Map<ElfFile, Map<String, Long>> hashes = new ConcurrentHashMap<>();

        /** The versions an object defines (VERDEF without the base entry). */
        java.util.Set<String> definitions(ElfFile elf) {
            return definitions.computeIfAbsent(elf, e -> {
                java.util.Set<String> out = new java.util.HashSet<>();
                for (dev.gotrail.elf.VersionDefinition d : e.versionDefinitions()) {
                    if (!d.base()) out.add(d.name());
                }
                return java.util.Collections.unmodifiableSet(out);
            });
        }

        /** True when the object defines {@code name} with this vd_hash (glibc's match_symbol compares both). */
        boolean defines(ElfFile elf, String name, long hash) {
            Long h = hashes.computeIfAbsent(elf, e -> {
                Map<String, Long> out = new java.util.HashMap<>();
                for (dev.gotrail.elf.VersionDefinition d : e.versionDefinitions()) {
                    out.putIfAbsent(d.name(), d.hash());
                }
                return out;
            }).get(name);
            return h != null && h == hash;
        }

        /** {@link CandidateCheck#of} for a candidate file, its header read once per loader. */
        CandidateCheck check(Path host, ExpectedObject expected) {
            HeaderRead r = headers.computeIfAbsent(host, HeaderRead::of);
            return r.failure != null ? r.failure : CandidateCheck.of(r.header, expected);
        }

        boolean isDirectory(Path host) {
            return directories.computeIfAbsent(host, Files::isDirectory);
        }
    }

    /** A candidate's header, or the verdict when it cannot be read at all (absent, unreadable, a directory). */
    private record HeaderRead(dev.gotrail.elf.ElfHeader header, CandidateCheck failure) {

        static HeaderRead of(Path host) {
            try {
                return new HeaderRead(dev.gotrail.elf.ElfHeader.read(host), null);
            } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                return new HeaderRead(null, CandidateCheck.ABSENT); // ENOENT, EACCES: glibc goes on searching
            } catch (IOException e) {
                return new HeaderRead(null, Files.isDirectory(host) ? CandidateCheck.DIRECTORY : CandidateCheck.CANNOT_READ);
            }
        }
    }
}
