package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run of the loader emulation for one binary, in the order of glibc 2.36's elf/rtld.c
 * {@code dl_main}: map the executable and its interpreter, set up LD_LIBRARY_PATH, preload
 * ({@code do_preload}: an entry that cannot be loaded is reported and skipped), load the
 * dependencies breadth-first ({@code _dl_map_object_deps}), then check symbol versions. Trace
 * mode, like {@code ldd}: a missing library is recorded and the walk goes on; a candidate that
 * stops the loader ends it. The search itself is {@link LibrarySearch}.
 */
final class Resolution {

    private final RootFs fs;
    private final Map<String, String> env;
    private final Loader.Shared shared;
    private final boolean asIfLdconfig;
    private final String binary;
    /** A binary outside the root analysed as if it were at {@link #binary}; null for files inside the root. */
    private final Path foreignHostFile;

    /** Every object mapped, in mapping order (the namespace list). */
    private final List<MappedObject> loaded = new ArrayList<>();
    /** The order of the link map as ldd prints it. */
    private final List<MappedObject> order = new ArrayList<>();
    private final Map<String, MissingLibrary> missing = new LinkedHashMap<>();
    private final List<LoadError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<IgnoredPreload> ignoredPreloads = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private List<VersionProblem> versionProblems = List.of();
    private SystemConfig sys;
    private MappedObject main;
    private MappedObject interp;
    private boolean secure;
    private LibrarySearch search;

    Resolution(RootFs fs, Map<String, String> env, Loader.Shared shared, boolean asIfLdconfig, String binary, Path foreignHostFile) {
        this.fs = fs;
        this.env = env;
        this.shared = shared;
        this.asIfLdconfig = asIfLdconfig;
        this.binary = binary;
        this.foreignHostFile = foreignHostFile;
    }

    LinkMap run() {
        Path host = foreignHostFile != null ? foreignHostFile : fs.resolve(binary);
        if (host == null) {
            // not in the root at all (RootFs resolves symlinks inside the root only)
            errors.add(new LoadError(binary, "cannot open: no such file"));
        }
        ElfFile elf = host == null ? null : readExecutable(host);
        if (elf == null) {
            return result(false);
        }
        String realPath = foreignHostFile != null ? binary : realPath(binary);
        main = new MappedObject(MappedObject.Kind.MAIN, binary, realPath, elf, null, null, null, binary, LoadReason.DIRECT,
                dirname(realPath != null ? realPath : fs.absolute(binary)));
        loaded.add(main);
        order.add(main);
        if (elf.isStatic() || !elf.isDynamic()) {
            return result(true);
        }
        if (elf.interpreter().isEmpty() && elf.needed().isEmpty()) {
            return result(false); // a library without dependencies (or ld.so itself): nothing to load
        }
        String muslInterpreter = muslInterpreter(elf);
        if (muslInterpreter != null) {
            // the interpreter decides whose rules apply (musl: ldso/dynlink.c, see MuslResolution)
            return new MuslResolution(fs, env, shared, binary, main, muslInterpreter, isSetId(host), foreignHostFile).run();
        }
        ExpectedObject expected = ExpectedObject.of(elf);
        sys = SystemConfig.of(fs, shared, expected, asIfLdconfig);
        if (sys.cacheWarning != null) {
            warnings.add(sys.cacheWarning);
        }
        secure = isSetId(host);
        DynamicStrings dst = new DynamicStrings(secure, sys.libToken, CpuFeatures.host().platform(), sys.systemDirs);
        List<String> llpDirs = List.of();
        String llp = env.get("LD_LIBRARY_PATH");
        if (!secure && llp != null && !llp.isEmpty()) {
            llpDirs = dst.pathList(llp, "[:;]", main);
        }
        search = new LibrarySearch(fs, shared, sys, expected, secure, dst, main, llpDirs);
        try {
            mapInterpreter(elf);
            List<MappedObject> queue = new ArrayList<>();
            queue.add(main);
            preload(queue);
            mapDependencies(queue);
        } catch (LoadFailure f) {
            errors.add(new LoadError(f.object, f.fullMessage)); // the loader stops here
        }
        if (interp != null && !order.contains(interp) && main.elf.interpreter().isPresent()) {
            order.add(interp); // the kernel mapped it even when no object names it
        }
        if (errors.isEmpty()) {
            versionProblems = VersionCheck.check(order, loaded, shared);
        }
        return result(false);
    }

    /**
     * musl's interpreter for this file: its PT_INTERP when that is {@code ld-musl-<arch>.so.1}; for
     * a library analysed alone (no PT_INTERP), the root's musl loader when the root has no glibc
     * loader; else null (glibc's rules).
     */
    private String muslInterpreter(ElfFile elf) {
        Optional<String> interp = elf.interpreter();
        if (interp.isPresent()) {
            return MuslResolution.isMuslInterpreter(interp.get()) ? interp.get() : null;
        }
        if (Interpreters.hasGlibcLoader(fs)) {
            return null;
        }
        return Interpreters.muslLoader(fs).orElse(null);
    }

    /** The executable's ELF, or null with the problem recorded in {@link #errors}. */
    private ElfFile readExecutable(Path host) {
        try {
            return shared.elf(host);
        } catch (NoSuchFileException e) {
            errors.add(new LoadError(binary, "cannot open: no such file"));
        } catch (ElfFormatException e) {
            errors.add(new LoadError(binary, "not a dynamic executable: " + e.getMessage()));
        } catch (IOException e) {
            errors.add(new LoadError(binary, "cannot read: " + e.getMessage()));
        }
        return null;
    }

    /** PT_INTERP as the kernel maps it (or the root's default ld.so for a library analysed alone). */
    private void mapInterpreter(ElfFile elf) throws LoadFailure {
        String interpPath = elf.interpreter().orElse(sys.defaultInterpreter);
        if (interpPath == null) {
            return;
        }
        Path host = fs.resolve(interpPath);
        if (host == null || !Files.isRegularFile(host)) {
            if (elf.interpreter().isPresent()) {
                // The kernel cannot exec the binary at all (ENOENT from execve).
                missing.put(interpPath, Interpreters.missing(fs, interpPath, main.path));
            }
            return;
        }
        ElfFile ie;
        try {
            ie = shared.elf(host);
        } catch (IOException e) {
            throw new LoadFailure(interpPath, "program interpreter is not a loadable ELF file",
                    "program interpreter is not a loadable ELF file: " + e.getMessage());
        }
        interp = new MappedObject(MappedObject.Kind.INTERPRETER, interpPath, realPath(interpPath), ie,
                shared.fileKeys.computeIfAbsent(host, fs::fileKey), null, main, interpPath, LoadReason.INTERPRETER,
                dirname(fs.absolute(interpPath)));
        interp.addName(interpPath);
        ie.soname().ifPresent(interp::addName);
        loaded.add(interp);
    }

    /** rtld.c's preloads: each entry through {@code do_preload}, whose failures are warnings. */
    private void preload(List<MappedObject> queue) {
        List<PreloadRequest> requests = new ArrayList<>(PreloadRequest.fromEnvironment(env.get("LD_PRELOAD")));
        if (sys.preloadFile != null) {
            try {
                requests.addAll(PreloadRequest.fromFile(Files.readString(sys.preloadFile, StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                warnings.add("cannot read /etc/ld.so.preload: " + e.getMessage());
            }
        }
        for (PreloadRequest p : requests) {
            if (secure && p.fromEnvironment() && p.name().contains("/")) {
                // dso_name_valid_for_suid: glibc skips it without a word; gotrail says why
                warnings.add("object '" + p.name() + "' from LD_PRELOAD ignored in secure mode (setuid binary): names with a slash are not preloaded");
                continue;
            }
            MappedObject o;
            try {
                o = mapPreload(p);
            } catch (LoadFailure f) {
                IgnoredPreload ignored = new IgnoredPreload(p.name(), p.source(), f.reason);
                ignoredPreloads.add(ignored);
                warnings.add(ignored.message());
                continue;
            }
            enqueue(queue, o);
        }
    }

    /** {@code map_doit} for one preload: never faked, so a name that is not found is an error. */
    private MappedObject mapPreload(PreloadRequest p) throws LoadFailure {
        MappedObject known = byName(p.name());
        if (known != null) {
            dependencies.add(new Dependency(main.path, p.name(), known.path, LoadReason.ALREADY_LOADED));
            return known;
        }
        SearchOutcome s = p.name().contains("/") ? search.openDirect(main, p.name()) : search.search(main, p.name(), true);
        if (s.found() == null) {
            String reason = s.otherClass() ? wrongClassMessage() : "cannot open shared object file";
            throw new LoadFailure(p.name(), reason, reason);
        }
        return admit(main, p.name(), s.found());
    }

    /** {@code _dl_map_object_deps}: breadth-first over DT_NEEDED, each object once. */
    private void mapDependencies(List<MappedObject> queue) throws LoadFailure {
        for (int i = 0; i < queue.size(); i++) {
            MappedObject l = queue.get(i);
            for (String name : l.elf.needed()) {
                MappedObject dep = mapNeeded(l, name);
                if (dep != null) {
                    enqueue(queue, dep);
                }
            }
        }
    }

    private void enqueue(List<MappedObject> queue, MappedObject o) {
        if (!queue.contains(o)) {
            queue.add(o);
            if (!order.contains(o)) order.add(o);
        }
    }

    /** {@code _dl_map_object} in trace mode for one DT_NEEDED name: the object, or null when missing (a faked entry). */
    private MappedObject mapNeeded(MappedObject loader, String name) throws LoadFailure {
        MappedObject known = byName(name);
        if (known != null) {
            if (known.isInterpreter() && !order.contains(known)) {
                order.add(known);
            }
            dependencies.add(new Dependency(loader.path, name, known.path, LoadReason.ALREADY_LOADED));
            return known;
        }
        if (missing.containsKey(name)) {
            dependencies.add(new Dependency(loader.path, name, null, null));
            return null; // trace mode: the faked entry answers later requests
        }
        SearchOutcome s = name.contains("/") ? search.openDirect(loader, name) : search.search(loader, name, false);
        if (s.found() == null) {
            missing.put(name, new MissingLibrary(name, loader.path, s.tried().stream().map(SearchStep::path).toList(),
                    s.otherClass() ? "only candidates of another ELF class or machine were found; skipped" : "",
                    s.otherClass() ? MissingReason.OTHER_CLASS_ONLY : MissingReason.NOT_FOUND));
            dependencies.add(new Dependency(loader.path, name, null, null));
            return null;
        }
        return admit(loader, name, s.found());
    }

    /** {@code _dl_map_object_from_fd}: the same file already mapped under another name, or a new object. */
    private MappedObject admit(MappedObject loader, String name, Candidate c) {
        for (MappedObject l : loaded) {
            if (l.fileKey != null && l.fileKey.equals(c.fileKey())) {
                l.addName(name);
                dependencies.add(new Dependency(loader.path, name, l.path, LoadReason.ALREADY_LOADED));
                return l;
            }
        }
        MappedObject o = new MappedObject(MappedObject.Kind.LIBRARY, c.path(), realPath(c.path()), c.elf(), c.fileKey(),
                loader, loader, name, c.reason(), dirname(fs.absolute(c.path())));
        o.addName(c.path());
        o.addName(name);
        loaded.add(o);
        dependencies.add(new Dependency(loader.path, name, o.path, o.reason));
        return o;
    }

    /** {@code _dl_name_match_p} plus the lazy SONAME match of {@code _dl_map_object}. */
    private MappedObject byName(String name) {
        for (MappedObject l : loaded) {
            if (l.hasName(name)) return l;
            if (l.elf.soname().map(name::equals).orElse(false)) {
                l.addName(name);
                return l;
            }
        }
        return null;
    }

    private String wrongClassMessage() {
        return main.elf.is64Bit() ? "wrong ELF class: ELFCLASS32" : "wrong ELF class: ELFCLASS64";
    }

    private LinkMap result(boolean isStatic) {
        List<LoadedObject> objects = new ArrayList<>();
        List<Set<String>> provided = new ArrayList<>();
        for (MappedObject o : order) {
            String soname = o.elf.soname().orElse(o.isMain() ? o.path : o.requestedAs);
            objects.add(new LoadedObject(soname, o.path, o.requestedAs, o.neededBy == null ? null : o.neededBy.path,
                    o.reason, o.realPath == null ? o.path : o.realPath));
            provided.add(shared.definitions(o.elf));
        }
        Map<String, SymbolVersion> max = new LinkedHashMap<>();
        for (MappedObject o : order) {
            shared.floors(o.elf).forEach((prefix, v) -> max.merge(prefix, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        String interpreter = main == null ? null : main.elf.interpreter().orElse(null);
        CacheSource cache = sys == null ? CacheSource.NOT_CONSULTED : sys.cacheSource();
        MappedObject libc = order.stream().filter(o -> o.elf.soname().filter("libc.so.6"::equals).isPresent()).findFirst().orElse(null);
        ExpectedObject expected = main == null ? ExpectedObject.host() : ExpectedObject.of(main.elf);
        java.util.function.Supplier<Optional<GlibcRelease>> glibc = libc != null
                ? () -> shared.glibc(libc.path, libc.elf)
                : () -> GlibcProbe.inRoot(fs, shared, SystemConfig.of(fs, shared, expected, asIfLdconfig), expected);
        LoaderKind kind = main == null || isStatic ? LoaderKind.NONE : LoaderKind.GLIBC;
        return new LinkMap(binary, fs.root().toString(), interpreter, isStatic, cache, kind, objects,
                new ArrayList<>(missing.values()), versionProblems, errors, warnings, ignoredPreloads, provided, max, dependencies,
                foreignHostFile == null ? null : foreignHostFile.toString(), glibc);
    }

    private boolean isSetId(Path host) {
        try {
            Object mode = Files.getAttribute(host, "unix:mode");
            return mode instanceof Integer m && (m & 06000) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String realPath(String loaderPath) {
        return shared.realPaths.computeIfAbsent(fs.absolute(loaderPath), p -> Optional.ofNullable(fs.realPath(p))).orElse(null);
    }

    private static String dirname(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) return ".";
        if (slash == 0) return "/";
        return path.substring(0, slash);
    }
}
