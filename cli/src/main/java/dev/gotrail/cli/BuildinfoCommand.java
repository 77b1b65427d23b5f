package dev.gotrail.cli;

import dev.gotrail.buildinfo.GoBinaryFormatException;
import dev.gotrail.buildinfo.GoBuildInfo;
import dev.gotrail.buildinfo.GoModule;
import dev.gotrail.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gotrail buildinfo [--json] FILE...}: the Go build information of each file, read without
 * running anything and without a Go toolchain, printed as {@code go version -m} prints it or as
 * SPEC §6's JSON. Exit code 0 when every file is a Go binary, 1 when one is not (or its build
 * information is corrupt), 2 for usage errors and files that cannot be read.
 *
 * <p>Option parsing ({@link #run}) is kept apart from the work ({@link #examine}) and the output
 * ({@link #toJson}, {@link #printHuman}).
 */
final class BuildinfoCommand implements CliCommand {

    /** What one file turned out to be: build information, or an error with the exit code it earns. */
    record Outcome(Path file, GoBuildInfo info, String error, int exit) { }

    @Override
    public String name() {
        return "buildinfo";
    }

    @Override
    public String summary() {
        return "Go build information of binaries (go version -m), without running them";
    }

    @Override
    public String usage() {
        return "usage: gotrail buildinfo [--json] FILE...\n"
                + "  Prints the Go build information of each file as `go version -m` does: Go version, main package,\n"
                + "  main module, dependencies (version, sum, => replacement) and build settings. Reads ELF, Mach-O\n"
                + "  and PE files; runs nothing. One JSON object per file (an array for several).\n"
                + "  Exit code: 0 all files are Go binaries, 1 a file is not a Go binary or its build information is\n"
                + "  corrupt, 2 usage error or unreadable file.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--")) {
                args.subList(i + 1, args.size()).forEach(f -> files.add(Path.of(f)));
                break;
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a);
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no file given");
        }
        List<Outcome> outcomes = files.stream().map(BuildinfoCommand::examine).toList();
        if (json) {
            List<Map<String, Object>> all = outcomes.stream().map(BuildinfoCommand::toJson).toList();
            out.println(Json.write(all.size() == 1 ? all.get(0) : all));
        } else {
            outcomes.forEach(o -> printHuman(o, out, err));
        }
        return outcomes.stream().mapToInt(Outcome::exit).max().orElse(OK);
    }

    /** Reads one file; never throws. */
    static Outcome examine(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new Outcome(file, null, Files.exists(file) ? "not a readable file" : "no such file", USAGE);
        }
        try {
            Optional<GoBuildInfo> info = GoBuildInfo.read(file);
            return info.map(i -> new Outcome(file, i, null, OK))
                    .orElseGet(() -> new Outcome(file, null, "not a Go binary (no Go build information)", PROBLEMS));
        } catch (GoBinaryFormatException e) {
            return new Outcome(file, null, "corrupt Go build information: " + e.getMessage(), PROBLEMS);
        } catch (IOException e) {
            return new Outcome(file, null, "cannot read: " + e.getMessage(), USAGE);
        }
    }

    /**
     * SPEC §6: {@code {"file", "goVersion", "path", "main": {"path", "version", "sum"}, "deps": [{"path",
     * "version", "sum", "replace"}], "settings": {key: value}}}, or {@code {"file", "error"}}.
     */
    static Map<String, Object> toJson(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", o.file().toString());
        if (o.info() == null) {
            m.put("error", o.error());
            return m;
        }
        GoBuildInfo info = o.info();
        m.put("goVersion", info.goVersion());
        m.put("path", info.path());
        m.put("main", info.main().map(BuildinfoCommand::module).orElse(null));
        m.put("deps", info.deps().stream().map(d -> {
            Map<String, Object> dep = module(d);
            dep.put("replace", d.replacement().map(BuildinfoCommand::module).orElse(null));
            return dep;
        }).toList());
        m.put("settings", info.settings());
        return m;
    }

    private static Map<String, Object> module(GoModule mod) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", mod.path());
        m.put("version", mod.version());
        m.put("sum", mod.sum());
        return m;
    }

    /** The report of {@code go version -m} on stdout; errors on stderr, one line per file. */
    static void printHuman(Outcome o, PrintStream out, PrintStream err) {
        if (o.info() != null) {
            out.print(o.info().versionReport(o.file().toString()));
        } else {
            err.println(o.file() + ": " + o.error());
        }
    }
}
