package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfFormatException;
import dev.gotrail.elf.VersionDefinition;
import dev.gotrail.elf.VersionNeed;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run of the loader emulation for one binary; follows glibc 2.36's elf/rtld.c, dl-deps.c,
 * dl-load.c and dl-version.c (trace mode, like {@code ldd}: a missing library is recorded and the
 * search goes on; a fatal candidate stops it).
 */
final class Resolution {

    /** A loaded object ({@code struct link_map}). */
    private static final class Obj {
        String path;
        String realPath;
        ElfFile elf;
        Object fileKey;
        Obj loader;
        Obj neededBy;
        String requestedAs;
        LoadReason reason;
        final Set<String> names = new LinkedHashSet<>();
        String origin;
        List<String> rpathDirs;
        List<String> runpathDirs;
        boolean isMain;
        boolean isInterpreter;
    }

    /** Ends the breadth-first walk like the loader's fatal error. */
    private static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal() {
            super(null, null, false, false);
        }
    }

    private final RootFs fs;
    private final Map<String, String> env;
    private final Loader.Shared shared;
    private final String binary;
    private final List<Obj> loaded = new ArrayList<>();
    private final List<Obj> order = new ArrayList<>();
    private final Map<String, MissingLibrary> missing = new LinkedHashMap<>();
    private final List<LoadError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<VersionProblem> versionProblems = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private SystemConfig sys;
    private Obj main;
    private Obj interp;
    private boolean secure;
    private List<String> llpDirs = List.of();
    private int machine;
    private int elfClass;

    /** A binary outside the root analysed as if it were at {@link #binary}; null for files inside the root. */
    private final Path foreignHostFile;

    Resolution(RootFs fs, Map<String, String> env, Loader.Shared shared, String binary) {
        this(fs, env, shared, binary, null);
    }

    Resolution(RootFs fs, Map<String, String> env, Loader.Shared shared, String binary, Path foreignHostFile) {
        this.fs = fs;
        this.env = env;
        this.shared = shared;
        this.binary = binary;
        this.foreignHostFile = foreignHostFile;
    }

    LinkMap run() {
        Path host = foreignHostFile != null ? foreignHostFile : fs.resolve(binary);
        if (host == null) {
            errors.add(new LoadError(binary, "cannot open: no such file"));
            return result(false);
        }
        ElfFile elf;
        try {
            elf = shared.elf(host);
        } catch (java.nio.file.NoSuchFileException e) {
            errors.add(new LoadError(binary, "cannot open: no such file"));
            return result(false);
        } catch (ElfFormatException e) {
            errors.add(new LoadError(binary, "not a dynamic executable: " + e.getMessage()));
            return result(false);
        } catch (IOException e) {
            errors.add(new LoadError(binary, "cannot read: " + e.getMessage()));
            return result(false);
        }
        machine = elf.machine().code();
        elfClass = elf.elfClass();
        main = new Obj();
        main.isMain = true;
        main.elf = elf;
        main.path = binary;
        main.realPath = foreignHostFile != null ? binary : realPath(binary);
        main.requestedAs = binary;
        main.reason = LoadReason.DIRECT;
        main.origin = dirname(main.realPath != null ? main.realPath : fs.absolute(binary));
        loaded.add(main);
        order.add(main);
        if (elf.isStatic() || !elf.isDynamic()) {
            return result(true);
        }
        if (elf.interpreter().isEmpty() && elf.needed().isEmpty()) {
            return result(false); // a library without dependencies (or ld.so itself): nothing to load
        }
        sys = SystemConfig.of(fs, shared, machine, elfClass);
        if (sys.cacheWarning != null) {
            warnings.add(sys.cacheWarning);
        }
        secure = isSetId(host);
        try {
            loadInterpreter(elf);
            if (!secure) {
                String llp = env.get("LD_LIBRARY_PATH");
                if (llp != null && !llp.isEmpty()) {
                    llpDirs = pathList(llp, "[:;]", main);
                }
            }
            List<Obj> queue = new ArrayList<>();
            queue.add(main);
            preload(queue);
            for (int i = 0; i < queue.size(); i++) {
                Obj l = queue.get(i);
                for (String name : l.elf.needed()) {
                    Obj dep = mapObject(l, name, false);
                    if (dep != null && !queue.contains(dep)) {
                        queue.add(dep);
                        if (!order.contains(dep)) order.add(dep);
                    }
                }
            }
        } catch (Fatal f) {
            // recorded in errors; the loader stops here
        }
        if (interp != null && !order.contains(interp) && main.elf.interpreter().isPresent()) {
            order.add(interp); // the kernel mapped it even when no object names it
        }
        if (errors.isEmpty()) {
            checkVersions();
        }
        return result(false);
    }

    private void loadInterpreter(ElfFile elf) throws Fatal {
        String interpPath = elf.interpreter().orElse(sys.defaultInterpreter);
        if (interpPath == null) {
            return;
        }
        Path host = fs.resolve(interpPath);
        if (host == null || !Files.isRegularFile(host)) {
            if (elf.interpreter().isPresent()) {
                // The kernel cannot exec the binary at all (ENOENT from execve).
                missing.put(interpPath, new MissingLibrary(interpPath, main.path, List.of(interpPath),
                        "program interpreter (PT_INTERP) does not exist; the kernel refuses to run the binary"));
            }
            return;
        }
        ElfFile ie;
        try {
            ie = shared.elf(host);
        } catch (IOException e) {
            errors.add(new LoadError(interpPath, "program interpreter is not a loadable ELF file: " + e.getMessage()));
            throw new Fatal();
        }
        interp = new Obj();
        interp.isInterpreter = true;
        interp.elf = ie;
        interp.path = interpPath;
        interp.realPath = realPath(interpPath);
        interp.requestedAs = interpPath;
        interp.reason = LoadReason.INTERPRETER;
        interp.neededBy = main;
        interp.fileKey = shared.fileKeys.computeIfAbsent(host, fs::fileKey);
        interp.names.add(interpPath);
        ie.soname().ifPresent(interp.names::add);
        interp.origin = dirname(fs.absolute(interpPath));
        loaded.add(interp);
    }

    private void preload(List<Obj> queue) throws Fatal {
        List<String[]> names = new ArrayList<>(); // {name, source}
        String ldPreload = env.get("LD_PRELOAD");
        if (ldPreload != null) {
            for (String n : ldPreload.split("[ :]+")) {
                if (!n.isEmpty()) names.add(new String[] {n, "LD_PRELOAD"});
            }
        }
        Path preloadFile = sys.preloadFile;
        if (preloadFile != null) {
            try {
                for (String n : Files.readString(preloadFile, java.nio.charset.StandardCharsets.ISO_8859_1).split("[\\s:]+")) {
                    if (!n.isEmpty()) names.add(new String[] {n, "/etc/ld.so.preload"});
                }
            } catch (IOException e) {
                warnings.add("cannot read /etc/ld.so.preload: " + e.getMessage());
            }
        }
        for (String[] p : names) {
            String name = p[0];
            if (secure && p[1].equals("LD_PRELOAD") && name.contains("/")) {
                warnings.add("object '" + name + "' from LD_PRELOAD ignored in secure mode (setuid binary): names with a slash are not preloaded");
                continue;
            }
            int missingBefore = missing.size();
            Obj o = mapObject(main, name, true);
            if (o == null) {
                if (missing.size() > missingBefore) {
                    MissingLibrary m = missing.remove(name);
                    warnings.add("object '" + name + "' from " + p[1] + " cannot be preloaded (cannot open shared object file): ignored"
                            + (m == null || m.searched().isEmpty() ? "" : "; tried " + String.join(", ", m.searched())));
                }
                continue;
            }
            if (!queue.contains(o)) {
                queue.add(o);
                if (!order.contains(o)) order.add(o);
            }
        }
    }

    /** {@link #mapObject0} plus the dependency edge it answers. */
    private Obj mapObject(Obj loader, String name, boolean preload) throws Fatal {
        int before = loaded.size();
        Obj o = mapObject0(loader, name, preload);
        if (o != null) {
            boolean isNew = loaded.size() > before && loaded.get(loaded.size() - 1) == o;
            dependencies.add(new Dependency(loader.path, name, o.path, isNew ? o.reason : LoadReason.ALREADY_LOADED));
        } else if (!preload) {
            dependencies.add(new Dependency(loader.path, name, null, null));
        }
        return o;
    }

    /** {@code _dl_map_object}: the object for {@code name} requested by {@code loader}; null when missing. */
    private Obj mapObject0(Obj loader, String name, boolean preload) throws Fatal {
        Obj found = byName(name);
        if (found != null) {
            if (found.isInterpreter && !order.contains(found)) {
                order.add(found);
            }
            return found;
        }
        if (missing.containsKey(name)) {
            return null; // trace mode: the faked entry answers later requests
        }
        List<String> tried = new ArrayList<>();
        boolean[] otherClass = new boolean[1];
        Candidate c = null;
        if (name.contains("/")) {
            String expanded = expandDst(loader, name);
            if (expanded != null && !expanded.isEmpty()) {
                tried.add(expanded);
                c = open(expanded, otherClass, LoadReason.DIRECT);
            }
        } else {
            c = search(loader, name, tried, otherClass, preload);
        }
        if (c == null) {
            missing.put(name, new MissingLibrary(name, loader.path, tried,
                    otherClass[0] ? "only candidates of another ELF class or machine were found; skipped" : ""));
            return null;
        }
        for (Obj l : loaded) {
            if (l.fileKey != null && l.fileKey.equals(c.fileKey)) {
                l.names.add(name);
                return l;
            }
        }
        Obj o = new Obj();
        o.path = c.path;
        o.elf = c.elf;
        o.fileKey = c.fileKey;
        o.realPath = realPath(c.path);
        o.loader = loader;
        o.neededBy = loader;
        o.requestedAs = name;
        o.reason = c.reason;
        o.names.add(c.path);
        o.names.add(name);
        o.origin = dirname(fs.absolute(c.path));
        loaded.add(o);
        return o;
    }

    /** {@code _dl_name_match_p} plus the lazy SONAME match of {@code _dl_map_object}. */
    private Obj byName(String name) {
        for (Obj l : loaded) {
            if (l.names.contains(name)) return l;
            if (l.elf.soname().map(name::equals).orElse(false)) {
                l.names.add(name);
                return l;
            }
        }
        return null;
    }

    private Candidate search(Obj loader, String name, List<String> tried, boolean[] otherClass, boolean preload) throws Fatal {
        Candidate c = null;
        if (loader.elf.runpath().isEmpty()) {
            boolean didMain = false;
            for (Obj l = loader; l != null && c == null; l = l.loader) {
                List<String> rp = rpathDirs(l);
                if (!rp.isEmpty()) {
                    c = openPath(name, rp, LoadReason.RPATH, tried, otherClass);
                    didMain |= l == main;
                }
            }
            if (c == null && !didMain) {
                List<String> rp = rpathDirs(main);
                if (!rp.isEmpty()) c = openPath(name, rp, LoadReason.RPATH, tried, otherClass);
            }
        }
        if (c == null && !llpDirs.isEmpty()) {
            c = openPath(name, llpDirs, LoadReason.LD_LIBRARY_PATH, tried, otherClass);
        }
        if (c == null) {
            List<String> rp = runpathDirs(loader);
            if (!rp.isEmpty()) c = openPath(name, rp, LoadReason.RUNPATH, tried, otherClass);
        }
        if (c == null) {
            Optional<String> cached = sys.cacheLookup(name, machine, elfClass);
            if (cached.isPresent()) {
                String path = cached.get();
                boolean rejected = false;
                if (loader.elf.noDefaultLib()) {
                    for (String d : sys.systemDirs) {
                        if (path.startsWith(d)) {
                            rejected = true;
                            break;
                        }
                    }
                }
                if (!rejected) {
                    tried.add(path);
                    c = open(path, otherClass, LoadReason.LD_SO_CACHE);
                }
            }
        }
        if (c == null && !loader.elf.noDefaultLib()) {
            c = openPath(name, sys.systemDirs, LoadReason.DEFAULT_DIR, tried, otherClass);
        }
        if (c != null && preload && secure && !isSetUid(c)) {
            // secure mode preloads only setuid objects from the system directories
            warnings.add("object '" + name + "' from LD_PRELOAD ignored in secure mode: " + c.path + " is not set-user-ID");
            return null;
        }
        return c;
    }

    private boolean isSetUid(Candidate c) {
        if (!(c.reason == LoadReason.DEFAULT_DIR || c.reason == LoadReason.LD_SO_CACHE)) return false;
        try {
            return (((Integer) Files.getAttribute(fs.resolve(c.path), "unix:mode")) & 04000) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code open_path}: every directory, each with its glibc-hwcaps/legacy subdirectories, in order. */
    private Candidate openPath(String name, List<String> dirs, LoadReason reason, List<String> tried, boolean[] otherClass) throws Fatal {
        for (String dir : dirs) {
            for (String sub : sys.subdirs) {
                String d = sub.isEmpty() ? dir : dir + sub + "/";
                if (!sub.isEmpty()) {
                    Path hd = fs.resolve(d.isEmpty() ? "." : d);
                    if (hd == null || !shared.isDirectory(hd)) continue; // glibc marks it nonexisting
                }
                String candidate = d + name;
                tried.add(candidate);
                Candidate c = open(candidate, otherClass, reason);
                if (c != null) return c;
            }
        }
        return null;
    }

    private record Candidate(String path, ElfFile elf, Object fileKey, LoadReason reason) {
    }

    /** {@code open_verify}: null when absent or of another class/machine; {@link Fatal} for a bad file. */
    private Candidate open(String path, boolean[] otherClass, LoadReason reason) throws Fatal {
        Path host = fs.resolve(path);
        if (host == null) {
            return null;
        }
        String verdict = shared.verdicts.computeIfAbsent(host, this::verify);
        if (verdict == null || verdict.equals("-")) {
            return null;
        }
        if (verdict.equals("~")) {
            otherClass[0] = true;
            return null;
        }
        if (!verdict.isEmpty()) {
            return fatal(path, verdict);
        }
        ElfFile elf;
        try {
            elf = shared.elf(host);
        } catch (IOException e) {
            return fatal(path, e.getMessage());
        }
        return new Candidate(path, elf, shared.fileKeys.computeIfAbsent(host, fs::fileKey), reason);
    }

    /** The header checks of open_verify: "" loadable, "-" absent/unreadable, "~" other class or machine, else the error. */
    private String verify(Path host) {
        if (!Files.exists(host)) {
            return "-";
        }
        if (Files.isDirectory(host)) {
            return "cannot read file data: Is a directory";
        }
        if (!Files.isReadable(host)) {
            return "-"; // EACCES: glibc goes on searching
        }
        byte[] h = new byte[64];
        int n;
        try (FileChannel ch = FileChannel.open(host, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(h);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill the header
            }
            n = b.position();
        } catch (IOException e) {
            return "cannot read file data: " + e.getMessage();
        }
        int ehdrSize = elfClass == 64 ? 64 : 52;
        if (n < ehdrSize) {
            return "file too short";
        }
        if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
            return "invalid ELF header";
        }
        if (h[4] != (elfClass == 64 ? 2 : 1)) {
            return "~";
        }
        boolean little = main.elf.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        if (h[5] != (little ? 1 : 2)) {
            return "ELF file data encoding not " + (little ? "little-endian" : "big-endian");
        }
        if (h[6] != 1) {
            return "ELF file version ident does not match current one";
        }
        int osabi = h[7] & 0xff;
        if (osabi != 0 && osabi != 3) {
            return "ELF file OS ABI invalid";
        }
        if (h[8] != 0 && !(osabi == 3 && (h[8] & 0xff) <= 4)) {
            return "ELF file ABI version invalid";
        }
        for (int i = 9; i < 16; i++) {
            if (h[i] != 0) return "nonzero padding in e_ident";
        }
        ByteBuffer hb = ByteBuffer.wrap(h).order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        if (hb.getInt(20) != 1) {
            return "ELF file version does not match current one";
        }
        int mach = hb.getShort(18) & 0xffff;
        if (mach != machine) {
            return "~";
        }
        int type = hb.getShort(16) & 0xffff;
        if (type != ElfFile.ET_DYN && type != ElfFile.ET_EXEC) {
            return "only ET_DYN and ET_EXEC can be loaded";
        }
        int phentsize = hb.getShort(elfClass == 64 ? 54 : 42) & 0xffff;
        if (phentsize != (elfClass == 64 ? 56 : 32)) {
            return "ELF file's phentsize not the expected size";
        }
        return "";
    }

    private Candidate fatal(String path, String message) throws Fatal {
        errors.add(new LoadError(path, message));
        throw new Fatal();
    }

    private List<String> rpathDirs(Obj l) {
        if (l.rpathDirs == null) {
            // glibc ignores DT_RPATH when DT_RUNPATH is present
            l.rpathDirs = l.elf.runpath().isPresent() || l.elf.rpath().isEmpty()
                    ? List.of() : pathList(l.elf.rpath().get(), ":", l);
        }
        return l.rpathDirs;
    }

    private List<String> runpathDirs(Obj l) {
        if (l.runpathDirs == null) {
            l.runpathDirs = l.elf.runpath().isEmpty() ? List.of() : pathList(l.elf.runpath().get(), ":", l);
        }
        return l.runpathDirs;
    }

    /** {@code fillin_rpath}: split, expand DSTs, drop unusable elements, normalise the trailing slash, dedup. */
    private List<String> pathList(String value, String separators, Obj l) {
        Set<String> out = new LinkedHashSet<>();
        for (String element : value.split(separators, -1)) {
            String cp = "";
            if (!element.isEmpty()) {
                cp = expandDst(l, element);
                if (cp == null || cp.isEmpty()) continue;
                int len = cp.length();
                while (len > 1 && cp.charAt(len - 1) == '/') len--;
                cp = cp.substring(0, len);
                if (!cp.endsWith("/")) cp = cp + "/";
            }
            out.add(cp);
        }
        return List.copyOf(out);
    }

    /** {@code _dl_dst_substitute}: $ORIGIN, $PLATFORM, $LIB (also in braces); null when the element must be dropped. */
    private String expandDst(Obj l, String input) {
        if (input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder sb = new StringBuilder();
        boolean checkTrusted = false;
        int i = 0;
        while (i < input.length()) {
            char ch = input.charAt(i);
            if (ch != '$') {
                sb.append(ch);
                i++;
                continue;
            }
            int at = i + 1;
            int len;
            String repl = null;
            boolean unusable = false;
            if ((len = isDst(input, at, "ORIGIN")) != 0) {
                char next = at + len < input.length() ? input.charAt(at + len) : '\0';
                if (secure && ((next != '\0' && next != '/') || at != 1)) {
                    unusable = true;
                } else {
                    repl = l.origin;
                    unusable = repl == null;
                }
                checkTrusted = secure && l.isMain;
            } else if ((len = isDst(input, at, "PLATFORM")) != 0) {
                repl = CpuFeatures.host().platform();
            } else if ((len = isDst(input, at, "LIB")) != 0) {
                repl = sys.libToken;
            }
            if (repl != null && !unusable) {
                sb.append(repl);
                i = at + len;
            } else if (len != 0) {
                return null;
            } else {
                sb.append('$');
                i = at;
            }
        }
        String result = sb.toString();
        if (checkTrusted && !isTrusted(result)) {
            return null;
        }
        return result;
    }

    private boolean isTrusted(String path) {
        String norm = Path.of(path.startsWith("/") ? path : "/" + path).normalize().toString();
        if (!norm.endsWith("/")) norm = norm + "/";
        for (String d : sys.systemDirs) {
            if (norm.startsWith(d)) return true;
        }
        return false;
    }

    private static int isDst(String s, int at, String ref) {
        boolean curly = at < s.length() && s.charAt(at) == '{';
        int start = curly ? at + 1 : at;
        if (!s.startsWith(ref, start)) return 0;
        int end = start + ref.length();
        if (curly) {
            return end < s.length() && s.charAt(end) == '}' ? ref.length() + 2 : 0;
        }
        if (end < s.length()) {
            char c = s.charAt(end);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_') return 0;
        }
        return ref.length();
    }

    /** {@code _dl_check_all_versions}: every VERNEED of every loaded object against the VERDEF of the object it names. */
    private void checkVersions() {
        for (Obj l : order) {
            for (VersionNeed need : l.elf.versionNeeds()) {
                Obj target = null;
                for (Obj o : loaded) {
                    if (o.names.contains(need.file()) || o.elf.soname().map(need.file()::equals).orElse(false)) {
                        target = o;
                        break;
                    }
                }
                if (target == null) {
                    continue; // missing (already reported) or not a dependency: the loader checks nothing
                }
                List<VersionDefinition> defs = target.elf.versionDefinitions();
                if (defs.isEmpty()) {
                    if (!need.versions().isEmpty()) {
                        versionProblems.add(new VersionProblem(need.versions().get(0).name(), target.path, l.path, true,
                                "no version information available (required by " + l.path + ")"));
                    }
                    continue;
                }
                for (VersionNeed.Requirement r : need.versions()) {
                    boolean ok = shared.defines(target.elf, r.name(), r.hash());
                    if (!ok) {
                        String msg = (r.weak() ? "weak version `" : "version `") + r.name() + "' not found (required by " + l.path + ")";
                        versionProblems.add(new VersionProblem(r.name(), target.path, l.path, r.weak(), msg));
                    }
                }
            }
        }
    }

    private LinkMap result(boolean isStatic) {
        List<LoadedObject> objects = new ArrayList<>();
        List<Set<String>> provided = new ArrayList<>();
        for (Obj o : order) {
            String soname = o.elf.soname().orElse(o.isMain ? o.path : o.requestedAs);
            objects.add(new LoadedObject(soname, o.path, o.requestedAs, o.neededBy == null ? null : o.neededBy.path,
                    o.reason, o.realPath == null ? o.path : o.realPath));
            provided.add(shared.definitions(o.elf));
        }
        Map<String, SymbolVersion> max = new LinkedHashMap<>();
        for (Obj o : order) {
            shared.floors(o.elf).forEach((prefix, v) -> max.merge(prefix, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        String interpreter = main == null ? null : main.elf.interpreter().orElse(null);
        return new LinkMap(binary, fs.root().toString(), interpreter, isStatic, sys != null && sys.approximate(),
                objects, new ArrayList<>(missing.values()), versionProblems, errors, warnings, provided, max, dependencies);
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
