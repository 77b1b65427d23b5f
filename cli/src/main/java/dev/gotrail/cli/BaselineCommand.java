package dev.gotrail.cli;

import dev.gotrail.baseline.Baseline;
import dev.gotrail.baseline.BaselineChange;
import dev.gotrail.baseline.BaselineFormatException;
import dev.gotrail.baseline.BaselineResult;
import dev.gotrail.baseline.BaselineSettings;
import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.buildinfo.GoBinaryFormatException;
import dev.gotrail.elf.ElfFormatException;
import dev.gotrail.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gotrail baseline record|verify [--json] --file BASELINE.json TARGET...}: records the facts
 * of targets (a GOROOT or go binary = a toolchain, any ELF file, a Mach-O/PE Go binary) into a
 * baseline file, or verifies them against it (docs/cli.md). The policy is {@link Baseline#check}'s:
 * {@code verify} with {@code --update} (or {@code -Dgotrail.baseline=update}) rewrites a drifted
 * file, refused when {@code CI} is set; a missing file is created outside CI and fails in CI; a
 * failed verify writes the candidate for review. {@code record} is refused when {@code CI} is set.
 */
@Command(name = "baseline", sortOptions = false,
        // One element per paragraph: picocli wraps each at its width, so an element is never a line fragment.
        description = {"Record facts about toolchains and binaries in a baseline file, or verify them against it.",
                "TARGET is a GOROOT or a go binary (a toolchain: version, GOROOT and its source, finding ids), any ELF"
                        + " file (interpreter, needed, link map, maximum symbol versions) or a Go binary (build information).",
                "verify prints drift as a structural diff (+ added, - removed, ~ changed) with JSON Pointer paths."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:recorded; or the facts match (or the baseline was created or updated)",
                "1:drift (verify), or the baseline is missing while CI is set",
                "2:usage error, a TARGET that cannot be read, an invalid baseline, or record/update refused because CI is set"})
final class BaselineCommand extends CliCommand {

    /** record or verify. */
    enum Action { record, verify }

    @Parameters(index = "0", paramLabel = "record|verify", description = "record: write the file; verify: compare with it.")
    Action action;

    @Parameters(index = "1..*", paramLabel = "TARGET", arity = "0..*", description =
            "GOROOTs, go binaries, ELF files, Go binaries. NAME=PATH records PATH under NAME (two files of the same name;"
                    + " a name that stays when the path moves).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", description = "A container image (docker/podman save archive, OCI layout, or an"
            + " extracted root): its platform, libc and the toolchains on its PATH. Repeatable; NAME=IMAGE names it.")
    List<String> images = new ArrayList<>();

    @Option(names = "--file", required = true, paramLabel = "BASELINE.json", description = "The baseline file.")
    Path file;

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    @Option(names = "--ignore", paramLabel = "POINTER", description = "Leave out facts matching this JSON Pointer pattern (* = any one"
            + " token), e.g. /targets/*/toolchain/findings. Repeatable; record writes them into the file.")
    List<String> ignores = new ArrayList<>();

    @Option(names = "--update", description = "verify: rewrite the file when the facts drifted (as -Dgotrail.baseline=update); refused when CI is set.")
    boolean update;

    @Option(names = "--candidate-dir", paramLabel = "DIR",
            description = "Where a failed verify writes its candidate files NAME.new and NAME.diff (default:"
                    + " <gotrail.evidence.dir>/baselines, which is target/gotrail/baselines).")
    Path candidateDir;

    /** The environment CI is read from (a seam for tests; the process environment otherwise). */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException {
        BaselineSettings settings;
        try {
            settings = BaselineSettings.of(k -> Optional.ofNullable(System.getProperty(k)), environment);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (update) {
            settings = settings.withMode(BaselineSettings.Mode.UPDATE);
        }
        if (candidateDir != null) {
            settings = settings.withCandidateDir(candidateDir);
        }
        if (action == Action.record && settings.ci()) {
            return report(null, "gotrail baseline record is refused because the environment variable CI is set: a baseline is"
                    + " reviewed and committed, never rewritten by CI. Run it locally (or verify, which writes a candidate).", USAGE);
        }
        if (targets.isEmpty() && images.isEmpty()) {
            err.println("gotrail baseline: name at least one TARGET or --image IMAGE");
            return USAGE;
        }
        List<BaselineTarget> facts = new ArrayList<>();
        for (String spec : images) {
            Named image = Named.of(spec);
            try {
                facts.add(image.name(BaselineTarget.image(dev.gotrail.image.Image.open(image.path()))));
            } catch (NoSuchFileException e) {
                err.println("gotrail baseline: " + image.path() + ": no such image file or directory");
                return USAGE;
            } catch (java.io.IOException | RuntimeException e) {
                // the image errors name the image themselves ("image PATH: …")
                err.println("gotrail baseline: " + e.getMessage());
                return USAGE;
            }
        }
        for (String spec : targets) {
            Named target = Named.of(spec);
            try {
                facts.add(target.name(BaselineTarget.of(target.path())));
            } catch (IllegalArgumentException | NoSuchFileException | ElfFormatException | GoBinaryFormatException e) {
                err.println("gotrail baseline: " + (e instanceof NoSuchFileException ? target.path() + ": no such file" : e.getMessage()));
                return USAGE;
            }
        }
        try {
            if (action == Action.record) {
                List<String> all = new ArrayList<>(existingIgnores());
                all.addAll(ignores);
                Baseline.record(file, facts, List.copyOf(new LinkedHashSet<>(all)));
                return report(null, "Recorded the facts of " + facts.size() + " target(s) in " + file + ". Review the file and commit it.", OK);
            }
            BaselineResult result = Baseline.check(file, facts, ignores, settings);
            int exit = switch (result.status()) {
                case MATCHED, CREATED, UPDATED -> OK;
                case DRIFTED, MISSING -> PROBLEMS;
                case UPDATE_REFUSED -> USAGE;
            };
            String message = result.message();
            if (update) {
                // the user typed --update: answer in the command line's words, not the library's setting
                message = message.replace("gotrail.baseline=update is refused", "--update is refused")
                        .replace("; unset gotrail.baseline.", "; drop --update.");
            }
            return report(result, message, exit);
        } catch (BaselineFormatException | IllegalArgumentException e) {
            err.println("gotrail baseline: " + e.getMessage());
            return USAGE;
        }
    }

    /**
     * A TARGET or IMAGE argument: {@code PATH}, or {@code NAME=PATH} to record it under NAME. An
     * argument that is an existing file is always a path, even with a '=' in it.
     */
    record Named(String name, Path path) {
        static Named of(String arg) {
            int eq = arg.indexOf('=');
            if (eq > 0 && !Files.exists(Path.of(arg))) {
                return new Named(arg.substring(0, eq), Path.of(arg.substring(eq + 1)));
            }
            return new Named(null, Path.of(arg));
        }

        BaselineTarget name(BaselineTarget t) {
            return name == null ? t : t.as(name);
        }
    }

    private List<String> existingIgnores() throws IOException {
        return Files.exists(file) ? Baseline.read(file).ignores() : List.of();
    }

    /** The human message (stdout when the command succeeded, stderr otherwise) or the JSON object on stdout. */
    private int report(BaselineResult result, String message, int exit) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("action", action.name());
            m.put("status", result != null ? result.status().name() : exit == OK ? "RECORDED" : "RECORD_REFUSED");
            List<Object> changes = new ArrayList<>();
            if (result != null) {
                for (BaselineChange c : result.changes()) {
                    Map<String, Object> ch = new LinkedHashMap<>();
                    ch.put("kind", c.kind().name());
                    ch.put("path", c.path());
                    ch.put("before", c.before());
                    ch.put("after", c.after());
                    changes.add(ch);
                }
            }
            m.put("changes", changes);
            m.put("candidate", result == null ? null : result.candidate().map(Path::toString).orElse(null));
            m.put("message", message);
            out.println(Json.write(m));
        } else {
            (exit == OK ? out : err).println(message);
        }
        return exit;
    }
}
