package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One run of the loader emulation for a program whose interpreter is musl's
 * ({@code ld-musl-<arch>.so.1}), in the order of musl 1.2.3's ldso/dynlink.c (Debian's {@code musl};
 * unchanged in later releases): {@code __dls3} loads the preloads, then {@code load_deps} walks the
 * DSO list (breadth-first) calling {@code load_library} for each DT_NEEDED. musl's rules, which
 * differ from glibc's:
 * <ul>
 *   <li>{@code LD_LIBRARY_PATH} is searched <em>first</em>, then DT_RUNPATH or DT_RPATH (musl treats
 *       them alike; RUNPATH wins when both exist) of the requesting object and of every object up
 *       its {@code needed_by} chain — so RUNPATH is inherited too — then the lines of
 *       {@code <prefix>/etc/ld-musl-<arch>.path} (prefix: the interpreter's directory's parent),
 *       and only when that file does not exist {@code /lib:/usr/local/lib:/usr/lib}. There is no
 *       ld.so.cache, no hwcaps subdirectory and no symbol versioning.</li>
 *   <li>Path lists are split at {@code :} and newlines and empty elements are skipped (not the
 *       working directory); a candidate is {@code element + "/" + name}.</li>
 *   <li>Only {@code $ORIGIN}/{@code ${ORIGIN}} is expanded; a list with any other {@code $} is
 *       ignored as a whole ({@code fixup_rpath}). The program's $ORIGIN is the directory of
 *       {@code /proc/self/exe} (symlinks resolved), a library's that of the path it was opened
 *       by.</li>
 *   <li>The first candidate that opens is taken: a directory or a non-ELF file there is an error,
 *       not a reason to search on.</li>
 *   <li>A name is "already loaded" when an earlier search found a file with that base name, or the
 *       file found has the same device and inode as a loaded one; DT_SONAME is never looked at.
 *       {@code libc.*}, {@code libpthread.*}, {@code librt.*}, {@code libm.*}, {@code libdl.*},
 *       {@code libutil.*}, {@code libxnet.*} and the interpreter's own path are musl's libc
 *       itself.</li>
 *   <li>A preload that cannot be loaded is skipped without a message; a missing DT_NEEDED is
 *       reported ({@code Error loading shared library NAME: No such file or directory (needed by
 *       PATH)}) and loading goes on; the program then exits 127.</li>
 * </ul>
 */
final class MuslResolution {

    /** musl's interpreter name, {@code "ld-musl-" LDSO_ARCH ".so.1"}, group 1 = the arch. */
    private static final Pattern INTERPRETER = Pattern.compile("(?:.*/)?ld-musl-([^/]+)\\.so\\.1");
    /** {@code load_library}'s reserved names after "lib": each is musl's libc itself. */
    private static final List<String> RESERVED = List.of("c.", "pthread.", "rt.", "m.", "dl.", "util.", "xnet.");
    /** musl's built-in {@code sys_path} when the path file does not exist. */
    static final String DEFAULT_PATH = "/lib:/usr/local/lib:/usr/lib";
    private static final int NAME_MAX = 255;

    private final RootFs fs;
    private final Map<String, String> env;
    private final Loader.Shared shared;
    private final String binary;
    private final MappedObject main;
    private final String ldsoName;
    private final boolean secure;
    private final ExpectedObject expected;

    /** musl's DSO list after the program: preloads and libraries in load order ({@code head->next...}). */
    private final List<MappedObject> list = new ArrayList<>();
    /** {@code p->shortname}: the base name under which a searched object answers later requests. */
    private final Map<MappedObject, String> shortnames = new LinkedHashMap<>();
    private final Map<MappedObject, List<String>> rpaths = new LinkedHashMap<>();
    private final Map<String, MissingLibrary> missing = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<IgnoredPreload> ignoredPreloads = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private MappedObject ldso;
    private List<String> envPath = List.of();
    private List<String> sysPath;
    private LoadReason sysReason;

    /** The file of this machine resolved as if placed at {@code binary}, else null (kept in the link map). */
    private final java.nio.file.Path hostFile;

    MuslResolution(RootFs fs, Map<String, String> env, Loader.Shared shared, String binary, MappedObject main,
            String interpreter, boolean secure, java.nio.file.Path hostFile) {
        this.hostFile = hostFile;
        this.fs = fs;
        this.env = env;
        this.shared = shared;
        this.binary = binary;
        this.main = main;
        this.ldsoName = interpreter;
        this.secure = secure;
        this.expected = ExpectedObject.of(main.elf);
    }

    /** True for musl's interpreter name {@code ld-musl-<arch>.so.1} (any directory). */
    static boolean isMuslInterpreter(String interpreter) {
        return interpreter != null && INTERPRETER.matcher(interpreter).matches();
    }

    /** musl's {@code LDSO_ARCH} as its interpreter's name spells it, e.g. {@code x86_64}. */
    static String arch(String interpreter) {
        var m = INTERPRETER.matcher(interpreter);
        if (!m.matches()) {
            throw new IllegalArgumentException("not musl's interpreter: " + interpreter);
        }
        return m.group(1);
    }

    /**
     * The path file musl reads for {@code sys_path}: {@code <prefix>/etc/ld-musl-<arch>.path},
     * where prefix is the interpreter's path up to its second-to-last slash (empty for
     * {@code /lib/ld-musl-x86_64.so.1}, {@code /usr/local/musl} for
     * {@code /usr/local/musl/lib/ld-musl-x86_64.so.1}); a relative interpreter name gives no prefix.
     */
    static String pathFile(String interpreter) {
        String prefix = "";
        if (interpreter.startsWith("/")) {
            int last = interpreter.lastIndexOf('/');
            int before = interpreter.lastIndexOf('/', last - 1);
            prefix = before < 0 ? "" : interpreter.substring(0, before);
        }
        return prefix + "/etc/ld-musl-" + arch(interpreter) + ".path";
    }

    LinkMap run() {
        mapInterpreter();
        if (!secure) {
            String llp = env.get("LD_LIBRARY_PATH");
            envPath = llp == null ? List.of() : split(llp);
            preload(env.get("LD_PRELOAD"));
        }
        // load_deps(&app): every object of the list, in order, as the list grows (breadth-first)
        List<MappedObject> todo = new ArrayList<>();
        todo.add(main);
        todo.addAll(list);
        for (int i = 0; i < todo.size(); i++) {
            MappedObject p = todo.get(i);
            if (p == ldso) {
                continue; // ldso.deps = no_deps
            }
            for (String name : p.elf.needed()) {
                MappedObject dep = loadLibrary(name, p);
                if (dep != null && !todo.contains(dep)) {
                    todo.add(dep);
                }
            }
        }
        return result();
    }

    private void mapInterpreter() {
        Path host = fs.resolve(ldsoName);
        if (host == null || !Files.isRegularFile(host)) {
            missing.put(ldsoName, Interpreters.missing(fs, ldsoName, main.path));
            return;
        }
        ElfFile ie;
        try {
            ie = shared.elf(host);
        } catch (IOException e) {
            warnings.add("program interpreter " + ldsoName + " is not a loadable ELF file: " + e.getMessage());
            return;
        }
        // ldso's dev/ino are never recorded, so a search never matches it by file (fileKey null)
        ldso = new MappedObject(MappedObject.Kind.INTERPRETER, ldsoName, realPath(ldsoName), ie, null, null, main,
                ldsoName, LoadReason.INTERPRETER, dirname(fs.absolute(ldsoName)));
    }

    /** {@code load_preload}: split at white space and colons; a failure is silent. */
    private void preload(String value) {
        if (value == null) {
            return;
        }
        for (String name : value.split("[\\s:]+")) {
            if (name.isEmpty()) continue;
            MappedObject o = loadLibrary(name, null);
            if (o == null) {
                IgnoredPreload p = new IgnoredPreload(name, PreloadRequest.LD_PRELOAD,
                        "cannot load it; musl skips it without a message");
                ignoredPreloads.add(p);
                warnings.add("object '" + name + "' from LD_PRELOAD cannot be loaded: musl skips it without a message");
            }
        }
    }

    /** {@code load_library(name, needed_by)}; null when it fails (recorded as missing). */
    private MappedObject loadLibrary(String name, MappedObject neededBy) {
        String dependencyOf = neededBy == null ? main.path : neededBy.path;
        if (name.isEmpty()) {
            return fail(name, neededBy, List.of(), MissingReason.NOT_FOUND, "Invalid argument");
        }
        if (isReserved(name) || name.equals(ldsoName)) {
            if (ldso == null) {
                // answered by the interpreter, which is missing (reported once, as the interpreter)
                dependencies.add(new Dependency(dependencyOf, name, null, null));
                return null;
            }
            dependencies.add(new Dependency(dependencyOf, name, ldso.path, LoadReason.MUSL_BUILTIN));
            return ldso;
        }
        List<String> tried = new ArrayList<>();
        Found found;
        if (name.contains("/")) {
            found = open(name, LoadReason.DIRECT, tried);
        } else {
            for (MappedObject p : list) {
                if (name.equals(shortnames.get(p))) {
                    dependencies.add(new Dependency(dependencyOf, name, p.path, LoadReason.ALREADY_LOADED));
                    return p;
                }
            }
            if (name.length() > NAME_MAX) {
                return fail(name, neededBy, tried, MissingReason.NOT_FOUND, "File name too long");
            }
            found = pathOpen(name, envPath, LoadReason.LD_LIBRARY_PATH, tried);
            for (MappedObject p = neededBy; found == null && p != null; p = p.loader) {
                List<String> rpath = rpath(p);
                if (!rpath.isEmpty()) {
                    found = pathOpen(name, rpath, p.elf.runpath().isPresent() ? LoadReason.RUNPATH : LoadReason.RPATH, tried);
                }
            }
            if (found == null) {
                found = pathOpen(name, sysPath(), sysReason, tried);
            }
        }
        if (found == null) {
            return fail(name, neededBy, tried, MissingReason.NOT_FOUND, "");
        }
        if (found.check != CandidateCheck.USABLE) {
            return fail(name, neededBy, tried, MissingReason.CANNOT_LOAD, found.path + ": " + muslError(found.check));
        }
        Object key = shared.fileKeys.computeIfAbsent(found.host, fs::fileKey);
        for (MappedObject p : list) {
            if (key.equals(p.fileKey)) {
                if (!shortnames.containsKey(p) && !name.contains("/")) {
                    shortnames.put(p, basename(p.path));
                }
                dependencies.add(new Dependency(dependencyOf, name, p.path, LoadReason.ALREADY_LOADED));
                return p;
            }
        }
        ElfFile elf;
        try {
            elf = shared.elf(found.host);
        } catch (IOException e) {
            return fail(name, neededBy, tried, MissingReason.CANNOT_LOAD, found.path + ": Exec format error (" + e.getMessage() + ")");
        }
        MappedObject o = new MappedObject(MappedObject.Kind.LIBRARY, found.path, realPath(found.path), elf, key,
                neededBy, neededBy == null ? main : neededBy, name, found.reason, dirname(fs.absolute(found.path)));
        if (!name.contains("/")) {
            shortnames.put(o, basename(found.path));
        }
        list.add(o);
        dependencies.add(new Dependency(dependencyOf, name, o.path, o.reason));
        return o;
    }

    private MappedObject fail(String name, MappedObject neededBy, List<String> tried, MissingReason reason, String note) {
        String by = neededBy == null ? main.path : neededBy.path;
        if (neededBy != null) {
            missing.putIfAbsent(name, new MissingLibrary(name, by, tried, note, reason));
            dependencies.add(new Dependency(by, name, null, null));
        }
        return null;
    }

    /** The file that opens first, or null when none exists. */
    private record Found(String path, Path host, CandidateCheck check, LoadReason reason) {
    }

    /** {@code path_open}: each element + "/" + name; the first file that opens ends the search. */
    private Found pathOpen(String name, List<String> dirs, LoadReason reason, List<String> tried) {
        for (String dir : dirs) {
            Found f = open(dir + "/" + name, reason, tried);
            if (f != null) return f;
        }
        return null;
    }

    private Found open(String path, LoadReason reason, List<String> tried) {
        tried.add(path);
        Path host = fs.resolve(path);
        if (host == null) {
            return null; // ENOENT, ENOTDIR: musl goes on
        }
        CandidateCheck check = shared.check(host, expected);
        if (check == CandidateCheck.ABSENT) {
            return null;
        }
        return new Found(path, host, check, reason);
    }

    /** What {@code map_library} leaves in errno for a file that opened but cannot be mapped. */
    private static String muslError(CandidateCheck check) {
        return switch (check) {
            case DIRECTORY -> "Is a directory";
            case CANNOT_READ -> "I/O error";
            case OTHER_CLASS, OTHER_MACHINE -> "Exec format error (an ELF file of another class or machine: "
                    + "unlike glibc, musl does not skip it and search on)";
            default -> "Exec format error";
        };
    }

    /** {@code fixup_rpath}: DT_RUNPATH, else DT_RPATH, with $ORIGIN expanded; empty when musl ignores it. */
    private List<String> rpath(MappedObject p) {
        return rpaths.computeIfAbsent(p, this::expandRpath);
    }

    private List<String> expandRpath(MappedObject p) {
        String orig = p.elf.runpath().or(p.elf::rpath).orElse(null);
        if (orig == null) {
            return List.of();
        }
        String tag = p.elf.runpath().isPresent() ? "DT_RUNPATH" : "DT_RPATH";
        if (orig.indexOf('$') < 0) {
            return split(orig);
        }
        for (int i = orig.indexOf('$'); i >= 0; i = orig.indexOf('$', i + 1)) {
            if (!orig.startsWith("$ORIGIN", i) && !orig.startsWith("${ORIGIN}", i)) {
                warnings.add(tag + " of " + p.path + " (" + orig + ") uses a $ token other than $ORIGIN: musl ignores the whole list");
                return List.of();
            }
        }
        String origin;
        if (p.isMain()) {
            if (secure) {
                warnings.add(tag + " of " + p.path + " uses $ORIGIN: musl ignores it for a set-user/group-ID program");
                return List.of();
            }
            origin = p.origin; // readlink("/proc/self/exe"): the real path's directory
        } else {
            int slash = p.path.lastIndexOf('/');
            origin = slash < 0 ? "." : p.path.substring(0, slash);
            if (secure && !origin.startsWith("/")) {
                return List.of();
            }
        }
        String expanded = orig.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
        return split(expanded);
    }

    /** {@code sys_path}: the path file's lines, or musl's default when the file does not exist. */
    private List<String> sysPath() {
        if (sysPath != null) {
            return sysPath;
        }
        String file = pathFile(ldsoName);
        Path host = fs.resolve(file);
        if (host == null || !Files.exists(host)) {
            sysPath = split(DEFAULT_PATH);
            sysReason = LoadReason.DEFAULT_DIR;
            return sysPath;
        }
        sysReason = LoadReason.LD_MUSL_PATH;
        try {
            sysPath = split(Files.readString(host, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            sysPath = split(DEFAULT_PATH);
            sysReason = LoadReason.DEFAULT_DIR;
        } catch (IOException e) {
            sysPath = List.of(); // open() failed otherwise than ENOENT: sys_path = ""
            warnings.add(file + " cannot be read (" + e.getMessage() + "): musl then searches no system directory");
        }
        if (sysPath.isEmpty() && sysReason == LoadReason.LD_MUSL_PATH && warnings.stream().noneMatch(w -> w.startsWith(file))) {
            warnings.add(file + " names no directory: musl searches no system directory, not even /lib");
        }
        return sysPath;
    }

    private static boolean isReserved(String name) {
        if (!name.startsWith("lib")) {
            return false;
        }
        for (String r : RESERVED) {
            if (name.startsWith(r, 3)) return true;
        }
        return false;
    }

    /** {@code path_open}'s split: at ':' and '\n', empty elements skipped. */
    static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split("[:\n]")) {
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }

    private LinkMap result() {
        List<MappedObject> order = new ArrayList<>();
        order.add(main);
        if (ldso != null) {
            order.add(ldso); // musl's ldd lists the interpreter first; the kernel mapped it
        }
        order.addAll(list);
        List<LoadedObject> objects = new ArrayList<>();
        List<Set<String>> provided = new ArrayList<>();
        for (MappedObject o : order) {
            String soname = o.elf.soname().orElse(o.isMain() ? o.path : o.requestedAs);
            objects.add(new LoadedObject(soname, o.path, o.requestedAs, o.neededBy == null ? null : o.neededBy.path,
                    o.reason, o.realPath == null ? o.path : o.realPath));
            provided.add(Set.of()); // musl has no symbol versioning
        }
        return new LinkMap(binary, fs.root().toString(), main.elf.interpreter().orElse(null), false, CacheSource.NOT_CONSULTED,
                LoaderKind.MUSL, objects, new ArrayList<>(missing.values()), List.of(), List.of(), warnings, ignoredPreloads,
                provided, Map.of(), dependencies, hostFile == null ? null : hostFile.toString(),
                java.util.Optional::empty); // musl has no GLIBC release to name
    }

    private String realPath(String loaderPath) {
        return shared.realPaths.computeIfAbsent(fs.absolute(loaderPath), p -> java.util.Optional.ofNullable(fs.realPath(p))).orElse(null);
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String dirname(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) return ".";
        if (slash == 0) return "/";
        return path.substring(0, slash);
    }
}
