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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gotrail buildinfo [--json] FILE...}: the Go build information of each file, read without
 * running anything and without a Go toolchain, printed as {@code go version -m} prints it or as
 * the JSON of docs/cli.md. Exit code 0 when every file is a Go binary, 1 when one is not (or its build
 * information is corrupt), 2 for usage errors and files that cannot be read.
 *
 * <p>Option parsing (picocli) is kept apart from the work ({@link #examine}) and the output
 * ({@link #toJson}, {@link #printHuman}).
 */
@Command(name = "buildinfo", sortOptions = false,
        description = {"Go build information of binaries (go version -m), without running them.",
                "Prints the Go version, main package, main module, dependencies (version, sum, => replacement)"
                        + " and build settings of each file, as `go version -m` does. Reads ELF, Mach-O and PE files; runs nothing."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:every FILE is a Go binary", "1:a FILE is not a Go binary or its build information is corrupt",
                "2:usage error or a FILE that cannot be read"})
final class BuildinfoCommand extends CliCommand {

    /** What one file turned out to be: build information, or an error with the exit code it earns. */
    record Outcome(Path file, GoBuildInfo info, String error, int exit) { }

    @Option(names = "--json", description = "Print JSON: one object per file (an array for several).")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The binaries.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
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
        Optional<String> problem = CliPaths.fileProblem(file);
        if (problem.isPresent()) {
            return new Outcome(file, null, problem.get(), USAGE);
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
     * docs/cli.md: {@code {"file", "goVersion", "path", "main": {"path", "version", "sum"}, "deps": [{"path",
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
