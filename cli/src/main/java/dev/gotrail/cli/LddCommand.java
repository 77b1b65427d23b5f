package dev.gotrail.cli;

import dev.gotrail.json.Json;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.MissingLibrary;
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
        return "usage: gotrail ldd [--json] [--root DIR] [-e KEY=VALUE]... BINARY...\n"
                + "  --json         JSON: one object per binary (an array when several are given)\n"
                + "  --root DIR     resolve inside an extracted image or sysroot; BINARY and every path are inside DIR\n"
                + "  -e KEY=VALUE   loader environment, e.g. -e LD_LIBRARY_PATH=/opt/lib (nothing is inherited)\n"
                + "Never executes BINARY. Exit codes: 0 resolved, 1 missing libraries/version problems/errors, 2 usage.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        String root = "/";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> binaries = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
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
        boolean problems = false;
        List<Object> reports = new ArrayList<>();
        for (String b : binaries) {
            LinkMap map = loader.resolve(b);
            problems |= !map.isComplete();
            if (json) {
                reports.add(map.toJsonMap());
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
}
