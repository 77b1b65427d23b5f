package dev.gotrail.cli;

import dev.gotrail.json.Json;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadError;
import dev.gotrail.loader.LoadedObject;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.VersionProblem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gotrail ldd}: resolves shared libraries statically, exactly as glibc's loader would,
 * without executing the binary. Prints a libtree-like tree with the reason beside each library,
 * or JSON with {@code --json}. Exit 1 when a library is missing, a non-weak symbol version is not
 * provided or a candidate stops the loader.
 */
final class LddCommand implements CliCommand {

    @Override
    public String name() {
        return "ldd";
    }

    @Override
    public String summary() {
        return "Resolve shared libraries statically, as glibc's loader would";
    }

    @Override
    public String usage() {
        return "usage: gotrail ldd [--json] [--root DIR] [--as-if-ldconfig] [-e KEY=VALUE]... BINARY...\n"
                + "  --json         JSON: one object per binary (an array when several are given)\n"
                + "  --root DIR     resolve inside an extracted image or sysroot; BINARY and every path are inside DIR\n"
                + "  --as-if-ldconfig  a root without /etc/ld.so.cache: answer as if `ldconfig -r DIR` had run (labelled so;\n"
                + "                 reason AS_IF_LDCONFIG); without it such a root is answered as it is (trusted directories only)\n"
                + "  -e KEY=VALUE   loader environment, e.g. -e LD_LIBRARY_PATH=/opt/lib (nothing is inherited)\n"
                + "Never executes BINARY. Exit codes: 0 resolved, 1 missing libraries/version problems/errors, 2 usage.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean asIfLdconfig = false;
        String root = "/";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> binaries = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--as-if-ldconfig")) {
                asIfLdconfig = true;
            } else if (a.equals("--root") || a.equals("-e")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                String v = args.get(++i);
                if (a.equals("--root")) {
                    root = v;
                } else {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("-e expects KEY=VALUE, got '" + v + "'");
                    }
                    env.put(v.substring(0, eq), v.substring(eq + 1));
                }
            } else if (a.startsWith("--root=")) {
                root = a.substring(7);
            } else if (a.equals("--")) {
                binaries.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a);
            } else {
                binaries.add(a);
            }
        }
        if (binaries.isEmpty()) {
            throw new UsageException("no BINARY given");
        }
        Path rootPath = Path.of(root);
        if (!Files.isDirectory(rootPath)) {
            throw new UsageException("--root " + root + " is not a directory");
        }
        Loader loader = Loader.at(rootPath).env(env);
        if (asIfLdconfig) {
            loader = loader.asIfLdconfig();
        }
        boolean problems = false;
        List<Object> reports = new ArrayList<>();
        for (String b : binaries) {
            LinkMap map = loader.resolve(b);
            problems |= !map.isComplete();
            if (json) {
                reports.add(toJson(map));
            } else {
                out.print(map.tree());
                if (!map.missing().isEmpty()) {
                    out.println("missing: " + String.join(", ", map.missing().stream().map(MissingLibrary::soname).toList()));
                }
                if (!map.maxVersions().isEmpty()) {
                    out.println("needs at most: " + String.join(", ", map.maxVersions().entrySet().stream()
                            .map(e -> e.getKey() + "_" + e.getValue()).toList()));
                }
                if (binaries.size() > 1) {
                    out.println();
                }
            }
        }
        if (json) {
            // One binary: its object; several: an array of them, in argument order.
            out.println(Json.write(reports.size() == 1 ? reports.get(0) : reports));
        }
        return problems ? PROBLEMS : OK;
    }

    /** The SPEC's JSON object for one binary. */
    static Map<String, Object> toJson(LinkMap map) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("binary", map.binary());
        m.put("interpreter", map.interpreter().orElse(null));
        List<Object> libs = new ArrayList<>();
        for (LoadedObject o : map.libraries()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("soname", o.soname());
            l.put("path", o.path());
            l.put("reason", o.reason());
            l.put("neededBy", o.neededBy());
            libs.add(l);
        }
        m.put("libraries", libs);
        List<Object> missing = new ArrayList<>();
        for (MissingLibrary x : map.missing()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("soname", x.soname());
            l.put("neededBy", x.neededBy());
            l.put("searched", x.searched());
            missing.add(l);
        }
        m.put("missing", missing);
        List<Object> versions = new ArrayList<>();
        for (VersionProblem v : map.versionProblems()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("version", v.version());
            l.put("file", v.file());
            l.put("requiredBy", v.requiredBy());
            l.put("weak", v.weak());
            l.put("message", v.message());
            versions.add(l);
        }
        m.put("versionProblems", versions);
        List<Object> errors = new ArrayList<>();
        for (LoadError e : map.errors()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("path", e.path());
            l.put("message", e.message());
            errors.add(l);
        }
        m.put("errors", errors);
        Map<String, Object> max = new LinkedHashMap<>();
        map.maxVersions().forEach((k, v) -> max.put(k, v.toString()));
        m.put("maxVersions", max);
        m.put("static", map.isStatic());
        m.put("approximate", map.approximate());
        m.put("warnings", map.warnings());
        return m;
    }
}
