package dev.gotrail.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which shared objects the loader (glibc's, or musl's for a musl program: {@link #loaderKind()})
 * would load for one binary, from where and why, computed
 * without running it by {@link Loader#resolve}. Objects are in load order (breadth-first); each
 * missing library carries every path tried; version problems carry glibc's message.
 */
public final class LinkMap {

    private final String binary;
    private final String root;
    private final String interpreter;
    private final boolean isStatic;
    private final CacheSource cacheSource;
    private final LoaderKind loaderKind;
    private final List<LoadedObject> objects;
    private final List<MissingLibrary> missing;
    private final List<VersionProblem> versionProblems;
    private final List<LoadError> errors;
    private final List<String> warnings;
    private final List<IgnoredPreload> ignoredPreloads;
    private final List<Set<String>> definitions;
    private final Map<String, SymbolVersion> maxVersions;
    private final List<Dependency> dependencies;
    private final String hostFile;
    private final java.util.function.Supplier<Optional<GlibcRelease>> glibcLookup;
    private volatile Optional<GlibcRelease> glibc;

    LinkMap(String binary, String root, String interpreter, boolean isStatic, CacheSource cacheSource, LoaderKind loaderKind,
            List<LoadedObject> objects, List<MissingLibrary> missing, List<VersionProblem> versionProblems,
            List<LoadError> errors, List<String> warnings, List<IgnoredPreload> ignoredPreloads, List<Set<String>> definitions,
            Map<String, SymbolVersion> maxVersions, List<Dependency> dependencies, String hostFile,
            java.util.function.Supplier<Optional<GlibcRelease>> glibcLookup) {
        this.binary = binary;
        this.root = root;
        this.interpreter = interpreter;
        this.isStatic = isStatic;
        this.cacheSource = cacheSource;
        this.loaderKind = loaderKind;
        this.objects = List.copyOf(objects);
        this.missing = List.copyOf(missing);
        this.versionProblems = List.copyOf(versionProblems);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.ignoredPreloads = List.copyOf(ignoredPreloads);
        this.definitions = List.copyOf(definitions);
        this.maxVersions = Collections.unmodifiableMap(new LinkedHashMap<>(maxVersions));
        this.dependencies = List.copyOf(dependencies);
        this.hostFile = hostFile;
        this.glibcLookup = glibcLookup;
    }

    /** The analysed binary as given (a path inside the root). */
    public String binary() {
        return binary;
    }

    /**
     * The file outside the root that was resolved as if it were installed at {@link #binary()}
     * ({@link Loader#place(java.nio.file.Path, String)}); empty when the binary is a file of the root.
     */
    public Optional<String> hostFile() {
        return Optional.ofNullable(hostFile);
    }

    /**
     * The glibc the root provides to this binary: the libc.so.6 the loader loaded for it, or — when
     * it loads none (a static binary, a missing libc) — the libc.so.6 the root's loader would find
     * for a binary of its machine and class (the ld.so.cache entry, else the first of the default
     * directories); see {@link GlibcRelease} for how the release is read. Empty when the root has
     * no glibc (musl, distroless static, a root without a libc.so.6). Looked up on first use.
     */
    public Optional<GlibcRelease> glibc() {
        Optional<GlibcRelease> g = glibc;
        if (g == null) {
            g = glibcLookup == null ? Optional.empty() : glibcLookup.get();
            glibc = g;
        }
        return g;
    }

    /** The filesystem root the resolution ran in ("/" for this machine). */
    public String root() {
        return root;
    }

    /** PT_INTERP of the binary; empty for static binaries and shared libraries. */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    /** Statically linked (or static-pie): nothing to load. */
    public boolean isStatic() {
        return isStatic;
    }

    /**
     * Whose rules resolved this map: musl's for a program whose interpreter is
     * {@code ld-musl-<arch>.so.1}, glibc's otherwise, {@link LoaderKind#NONE} when nothing was loaded
     * (a static binary, an unreadable file).
     */
    public LoaderKind loaderKind() {
        return loaderKind;
    }

    /**
     * Where the ld.so.cache step's answers came from: the root's cache, none (the root has no
     * cache, so the loader searches only its trusted directories), or the cache {@code ldconfig}
     * would write, built on request ({@link Loader#asIfLdconfig()}).
     */
    public CacheSource cacheSource() {
        return cacheSource;
    }

    /**
     * True when this answer is "as if ldconfig had run in this root" ({@link Loader#asIfLdconfig()}
     * on a root without {@code /etc/ld.so.cache}), not the answer for the root as it is.
     */
    public boolean asIfLdconfig() {
        return cacheSource == CacheSource.AS_IF_LDCONFIG;
    }

    /**
     * Same as {@link #asIfLdconfig()}: the answer is not for the root as it is (the JSON key
     * {@code approximate}). Prefer {@link #asIfLdconfig()} or {@link #cacheSource()}.
     */
    public boolean approximate() {
        return asIfLdconfig();
    }

    /** Every loaded object in load order: the binary first, then the interpreter and libraries. */
    public List<LoadedObject> objects() {
        return objects;
    }

    /** The loaded objects without the binary itself. */
    public List<LoadedObject> libraries() {
        return objects.isEmpty() ? List.of() : objects.subList(1, objects.size());
    }

    /**
     * Every request in the order the loader made them: each DT_NEEDED of each object (and each
     * preload), with the object that answered it — {@link LoadReason#ALREADY_LOADED} when it was
     * loaded before, under that name, its SONAME or as the same file.
     */
    public List<Dependency> dependencies() {
        return dependencies;
    }

    /** The loaded object with this SONAME (or requested name). */
    public Optional<LoadedObject> find(String soname) {
        return objects.stream().filter(o -> o.soname().equals(soname) || o.requestedAs().equals(soname)).findFirst();
    }

    public List<MissingLibrary> missing() {
        return missing;
    }

    /** Unsatisfied version requirements; those with {@code weak()} are warnings. */
    public List<VersionProblem> versionProblems() {
        return versionProblems;
    }

    /** Candidates that stop the loader; when present the map is incomplete, as the loader stops there. */
    public List<LoadError> errors() {
        return errors;
    }

    /**
     * Non-fatal notes: preload entries that cannot be preloaded (glibc's words, see
     * {@link #ignoredPreloads()}), a root without or with an unreadable cache, an as-if-ldconfig answer.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The {@code LD_PRELOAD} and {@code /etc/ld.so.preload} entries the loader skips because it
     * cannot load them (a directory, not ELF, too short, the other ELF class, missing), in order.
     * They do not make the map incomplete: glibc prints a line and starts the program normally.
     */
    public List<IgnoredPreload> ignoredPreloads() {
        return ignoredPreloads;
    }

    /** True when {@code versionName} (e.g. {@code GLIBC_2.34}) is defined by some loaded object. */
    public boolean provides(String versionName) {
        return definitions.stream().anyMatch(d -> d.contains(versionName));
    }

    /** Every version defined by a loaded object (without the entries naming the files themselves). */
    public Set<String> providedVersions() {
        Set<String> out = new TreeSet<>();
        definitions.forEach(out::addAll);
        return Collections.unmodifiableSet(out);
    }

    /**
     * The highest version with this prefix (e.g. {@code "GLIBC"}) required by the binary and the
     * libraries it loads, not counting requirements between the objects that define that prefix
     * (libc.so.6 asking ld.so for GLIBC_2.35 says nothing about the binary). Empty when nothing
     * requires such a version (static binaries, for instance).
     */
    public Optional<SymbolVersion> maxVersion(String prefix) {
        return Optional.ofNullable(maxVersions.get(prefix));
    }

    /** {@link #maxVersion} for every prefix required, e.g. {@code GLIBC -> 2.34, GLIBCXX -> 3.4.29}. */
    public Map<String, SymbolVersion> maxVersions() {
        return maxVersions;
    }

    /** No missing library, no non-weak version problem and no fatal candidate. */
    public boolean isComplete() {
        return missing.isEmpty() && errors.isEmpty() && versionProblems.stream().allMatch(VersionProblem::weak);
    }

    /** A tree in the manner of libtree: each library under the object that loaded it, with its reason. */
    public String tree() {
        StringBuilder sb = new StringBuilder();
        sb.append(binary);
        if (hostFile != null) {
            sb.append(" [host file ").append(hostFile).append("]");
        }
        if (isStatic) {
            sb.append(" [statically linked]");
        }
        if (loaderKind == LoaderKind.MUSL) {
            sb.append(" [musl's loader rules]");
        }
        if (cacheSource == CacheSource.AS_IF_LDCONFIG) {
            sb.append(" [as if ldconfig had run: no ld.so.cache in ").append(root).append("]");
        }
        sb.append('\n');
        if (!objects.isEmpty()) {
            appendChildren(sb, objects.get(0).path(), "", new java.util.HashSet<>());
        }
        for (LoadError e : errors) {
            sb.append("error: ").append(e.path()).append(": ").append(e.message()).append('\n');
        }
        for (VersionProblem v : versionProblems) {
            sb.append(v.weak() ? "warning: " : "error: ").append(v.file()).append(": ").append(v.message()).append('\n');
        }
        for (String w : warnings) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    private void appendChildren(StringBuilder sb, String parent, String indent, java.util.Set<String> seen) {
        if (!seen.add(parent)) {
            return;
        }
        List<Object> children = new ArrayList<>();
        for (LoadedObject o : libraries()) {
            if (parent.equals(o.neededBy())) children.add(o);
        }
        for (MissingLibrary m : missing) {
            if (parent.equals(m.neededBy())) children.add(m);
        }
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            sb.append(indent).append(last ? "└── " : "├── ");
            if (children.get(i) instanceof LoadedObject o) {
                // the DT_NEEDED name, as libtree shows it (the SONAME may differ)
                String name = o.reason() == LoadReason.INTERPRETER || o.reason() == LoadReason.DIRECT ? o.soname() : o.requestedAs();
                sb.append(name).append(" [").append(label(o.reason())).append("] ").append(o.path()).append('\n');
                appendChildren(sb, o.path(), indent + (last ? "    " : "│   "), seen);
            } else {
                MissingLibrary m = (MissingLibrary) children.get(i);
                sb.append(m.soname()).append(m.interpreterMissing() ? " [interpreter] not found" : " not found")
                        .append(m.note().isEmpty() ? "" : " (" + m.note() + ")").append('\n');
                String sub = indent + (last ? "    " : "│   ");
                for (String s : m.searched()) {
                    sb.append(sub).append("    tried ").append(s).append('\n');
                }
            }
        }
    }

    static String label(LoadReason r) {
        return switch (r) {
            case RPATH -> "rpath";
            case LD_LIBRARY_PATH -> "LD_LIBRARY_PATH";
            case RUNPATH -> "runpath";
            case LD_SO_CACHE -> "ld.so.cache";
            case AS_IF_LDCONFIG -> "as if ldconfig had run";
            case DEFAULT_DIR -> "default path";
            case DIRECT -> "direct";
            case INTERPRETER -> "interpreter";
            case ALREADY_LOADED -> "already loaded";
            case LD_MUSL_PATH -> "ld-musl path file";
            case MUSL_BUILTIN -> "musl libc itself";
        };
    }

    /**
     * The link map's one JSON shape (docs/cli.md, {@code gotrail ldd --json}), used alike by the CLI,
     * the doctor's {@code linkMap} and the evidence's {@code linkmap.json}: binary, hostFile (the
     * file outside the root resolved as the binary, else null), interpreter,
     * loader ({@link LoaderKind}), libraries [{soname, path, reason, neededBy}] in load order,
     * missing [{soname, neededBy, searched, reason ({@link MissingReason}), note}], versionProblems [{version, file, requiredBy, weak, message}], errors [{path,
     * message}], maxVersions {prefix: version}, static, approximate, warnings. An ordered map of
     * maps, lists, strings, booleans and nulls, for any JSON writer.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("binary", binary);
        m.put("hostFile", hostFile);
        m.put("interpreter", interpreter);
        m.put("loader", loaderKind.name());
        List<Object> libs = new ArrayList<>();
        for (LoadedObject o : libraries()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("soname", o.soname());
            l.put("path", o.path());
            l.put("reason", o.reason().name());
            l.put("neededBy", o.neededBy());
            libs.add(l);
        }
        m.put("libraries", libs);
        List<Object> miss = new ArrayList<>();
        for (MissingLibrary x : missing) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("soname", x.soname());
            l.put("neededBy", x.neededBy());
            l.put("searched", x.searched());
            l.put("reason", x.reason().name());
            l.put("note", x.note());
            miss.add(l);
        }
        m.put("missing", miss);
        List<Object> versions = new ArrayList<>();
        for (VersionProblem v : versionProblems) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("version", v.version());
            l.put("file", v.file());
            l.put("requiredBy", v.requiredBy());
            l.put("weak", v.weak());
            l.put("message", v.message());
            versions.add(l);
        }
        m.put("versionProblems", versions);
        List<Object> errs = new ArrayList<>();
        for (LoadError e : errors) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("path", e.path());
            l.put("message", e.message());
            errs.add(l);
        }
        m.put("errors", errs);
        Map<String, Object> max = new LinkedHashMap<>();
        maxVersions.forEach((k, v) -> max.put(k, v.toString()));
        m.put("maxVersions", max);
        m.put("static", isStatic);
        m.put("approximate", approximate());
        m.put("cacheSource", cacheSource.name());
        m.put("warnings", warnings());
        List<Object> ignored = new ArrayList<>();
        for (IgnoredPreload p : ignoredPreloads()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", p.name());
            l.put("source", p.source());
            l.put("reason", p.reason());
            ignored.add(l);
        }
        m.put("ignoredPreloads", ignored);
        return m;
    }

    @Override
    public String toString() {
        return tree();
    }
}
