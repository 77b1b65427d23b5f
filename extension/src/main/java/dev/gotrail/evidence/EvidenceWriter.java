package dev.gotrail.evidence;

import dev.gotrail.json.Json;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.EnvDelta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a bundle's evidence files into one directory: {@value #SUMMARY}, {@value #COMMANDS},
 * {@value #TOOLCHAIN}, {@code trace-N.log} (the raw tracer logs, redacted while copied) with
 * {@code trace-N.json}, {@value #LINKMAP} with {@value #LINKMAP_JSON}, {@value #ELF} and {@value #HTML}. The JSON
 * files hold each result's one JSON shape ({@code GoToolchain}, {@code GoTrace}, {@code LinkMap}
 * {@code toJsonMap()}), the same as the CLI prints, with secrets masked. Every byte written passes through the {@link Redactor}.
 * A directory left by an earlier run is emptied of its files first, so nothing stale remains.
 */
public final class EvidenceWriter {

    public static final String SUMMARY = "summary.txt";
    public static final String COMMANDS = "commands.txt";
    public static final String TOOLCHAIN = "toolchain.json";
    public static final String LINKMAP = "linkmap.txt";
    public static final String LINKMAP_JSON = "linkmap.json";
    public static final String ELF = "elf.txt";
    public static final String HTML = "evidence.html";

    private final Redactor redactor;

    public EvidenceWriter(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * The redactor for a bundle: {@code names} plus the secret values found in the environments
     * of its commands, of its traced programs and of this JVM.
     */
    public static Redactor redactorFor(EvidenceBundle bundle, SecretNames names) {
        return redactorFor(bundle, names, SecretValues.builtIn());
    }

    /**
     * The redactor for a bundle: {@code names}, the value rules {@code shapes}, plus the secret
     * values found in the environments of its commands, of its traced programs and of this JVM.
     */
    public static Redactor redactorFor(EvidenceBundle bundle, SecretNames names, SecretValues shapes) {
        Redactor r = Redactor.of(names, shapes).withSecretValuesFrom(System.getenv());
        for (CommandResult c : bundle.commands()) {
            r = r.withSecretValuesFrom(c.environment());
        }
        for (GoToolchain t : bundle.toolchains()) {
            r = r.withSecretValuesFrom(t.goEnv());
        }
        for (TraceEvidence t : bundle.traces()) {
            r = r.withSecretValuesFrom(t.environment());
        }
        return r;
    }

    /** Writes the files of {@code bundle} into {@code directory} (created if needed). */
    public WrittenEvidence write(EvidenceBundle bundle, Verdict verdict, Path directory) throws IOException {
        Path dir = directory.toAbsolutePath();
        Files.createDirectories(dir);
        clearFiles(dir);
        List<Path> files = new ArrayList<>();

        Map<TraceEvidence, Path> traceLogs = new LinkedHashMap<>();
        List<Path> traceJson = new ArrayList<>();
        int n = 0;
        for (TraceEvidence t : bundle.traces()) {
            n++;
            if (t.rawLog() != null && Files.isRegularFile(t.rawLog())) {
                Path copy = dir.resolve("trace-" + n + ".log");
                redactor.copyRedacted(t.rawLog(), copy);
                traceLogs.put(t, copy);
            }
            if (!t.json().isEmpty()) {
                traceJson.add(text(dir.resolve("trace-" + n + ".json"), json(List.of(t.json()))));
            }
        }
        if (!bundle.commands().isEmpty()) {
            files.add(text(dir.resolve(COMMANDS), commands(bundle.commands())));
        }
        if (!bundle.toolchains().isEmpty()) {
            files.add(text(dir.resolve(TOOLCHAIN), json(bundle.toolchains().stream().map(GoToolchain::toJsonMap).toList())));
        }
        files.addAll(traceLogs.values());
        files.addAll(traceJson);
        if (!bundle.linkMaps().isEmpty()) {
            files.add(text(dir.resolve(LINKMAP), linkMaps(bundle.linkMaps())));
            List<Map<String, Object>> shapes = bundle.linkMaps().stream().map(LinkMapEvidence::json).filter(j -> !j.isEmpty()).toList();
            if (!shapes.isEmpty()) {
                files.add(text(dir.resolve(LINKMAP_JSON), json(shapes)));
            }
        }
        if (!bundle.elfFiles().isEmpty()) {
            files.add(text(dir.resolve(ELF), elfFiles(bundle.elfFiles())));
        }
        Path html = dir.resolve(HTML);
        Path summary = dir.resolve(SUMMARY);
        // evidence.html first: GitLab links only the first attachment of a test case
        List<Path> all = new ArrayList<>();
        all.add(html);
        all.add(summary);
        all.addAll(files);
        List<String> digest = EvidenceDigest.lines(bundle, verdict, dir, all, redactor);
        text(summary, summary(bundle, verdict, digest, traceLogs));
        text(html, new HtmlReport(redactor).render(bundle, verdict, digest, traceLogs));
        return new WrittenEvidence(dir, all, digest);
    }

    /**
     * One JSON document, as the CLI writes it: a single shape as its object, several as an array
     * (like {@code gotrail ldd --json} with several binaries); redacted structurally first.
     */
    private String json(List<Map<String, Object>> shapes) {
        Object redacted = JsonRedaction.redact(shapes.size() == 1 ? shapes.get(0) : shapes, redactor);
        return Json.write(redacted) + "\n";
    }

    private Path text(Path file, String content) throws IOException {
        Files.writeString(file, redactor.redactText(content), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Removes what an earlier run wrote into a test's evidence directory: its files, then the
     * directory itself when it is empty (anything else put there is left alone). Nothing to do
     * when the directory does not exist.
     */
    public static void removeStale(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        clearFiles(directory);
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(directory)) {
            if (!rest.iterator().hasNext()) {
                Files.deleteIfExists(directory);
            }
        }
    }

    private static void clearFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private String commands(List<CommandResult> commands) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (CommandResult c : commands) {
            n++;
            sb.append("=== command ").append(n).append(" ===\n");
            sb.append("$ ").append(shellQuoted(c.command())).append('\n');
            sb.append("cwd:     ").append(c.dir()).append('\n');
            sb.append("exit:    ").append(exit(c)).append('\n');
            sb.append("elapsed: ").append(c.elapsed() == null ? "?" : c.elapsed().toMillis() + " ms").append('\n');
            sb.append("env:     ").append(EnvDelta.between(System.getenv(), c.environment()))
                    .append("  (changes to this JVM's environment, as env(1) arguments)\n");
            sb.append("environment (").append(c.environment().size()).append(" variables, secret values shown as ")
                    .append(Redactor.MASK).append("):\n");
            redactor.redactEnvironment(c.environment()).forEach((k, v) -> sb.append("  ").append(k).append('=').append(v).append('\n'));
            sb.append("--- stdout ---\n").append(withNewline(c.stdout()));
            sb.append("--- stderr ---\n").append(withNewline(c.stderr()));
            sb.append('\n');
        }
        return sb.toString();
    }

    static String exit(CommandResult c) {
        if (!c.started()) {
            return "not started: " + c.startError();
        }
        return c.timedOut() ? c.killedAfterTimeout() : String.valueOf(c.exitCode());
    }

    private static String linkMaps(List<LinkMapEvidence> maps) {
        StringBuilder sb = new StringBuilder();
        for (LinkMapEvidence l : maps) {
            sb.append(l.binary()).append(l.root().equals("/") ? "" : "  (root " + l.root() + ")").append('\n');
            l.tree().forEach(line -> sb.append(line).append('\n'));
            if (!l.missing().isEmpty()) {
                sb.append("missing:\n");
                l.missing().forEach(line -> sb.append("  ").append(line).append('\n'));
            }
            if (!l.versionProblems().isEmpty()) {
                sb.append("version problems:\n");
                l.versionProblems().forEach(line -> sb.append("  ").append(line).append('\n'));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String elfFiles(List<ElfEvidence> files) {
        StringBuilder sb = new StringBuilder();
        for (ElfEvidence e : files) {
            sb.append(e.path()).append('\n');
            e.lines().forEach(line -> sb.append("  ").append(line).append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }

    private String summary(EvidenceBundle bundle, Verdict verdict, List<String> digest, Map<TraceEvidence, Path> logs) {
        StringBuilder sb = new StringBuilder();
        digest.forEach(l -> sb.append(l).append('\n'));
        sb.append("\n=== verdict ===\n").append(verdict.word()).append('\n');
        if (verdict.failure() != null) {
            sb.append(withNewline(verdict.message()));
        }
        if (!bundle.expectations().isEmpty()) {
            sb.append("\n=== expected ===\n");
            bundle.expectations().forEach(e -> sb.append(e).append('\n'));
        }
        for (GoToolchain t : bundle.toolchains()) {
            sb.append("\n=== toolchain ===\n");
            ToolchainFacts.lines(t).forEach(l -> sb.append(l).append('\n'));
        }
        if (!bundle.commands().isEmpty()) {
            sb.append("\n=== commands (details in ").append(COMMANDS).append(") ===\n");
            bundle.commands().forEach(c -> sb.append(c.describe()).append('\n'));
        }
        int n = 0;
        for (TraceEvidence t : bundle.traces()) {
            n++;
            sb.append("\n=== trace ").append(n).append(": ").append(t.label()).append(" ===\n");
            sb.append("$ ").append(shellQuoted(t.command())).append("  (exit ").append(t.exitCode()).append(")\n");
            Path log = logs.get(t);
            sb.append("raw log: ").append(log == null ? "(none)" : log.getFileName()).append('\n');
            t.summary().forEach(l -> sb.append(l).append('\n'));
            if (!t.processTree().isEmpty()) {
                sb.append("processes:\n");
                t.processTree().forEach(l -> sb.append("  ").append(l).append('\n'));
            }
            if (!t.failedAccesses().isEmpty()) {
                sb.append("failed accesses:\n");
                t.failedAccesses().forEach(l -> sb.append("  ").append(l).append('\n'));
            }
            if (!t.stdout().isEmpty()) {
                sb.append("--- stdout ---\n").append(withNewline(t.stdout()));
            }
            if (!t.stderr().isEmpty()) {
                sb.append("--- stderr ---\n").append(withNewline(t.stderr()));
            }
        }
        if (!bundle.linkMaps().isEmpty()) {
            sb.append("\n=== link maps (details in ").append(LINKMAP).append(") ===\n").append(linkMaps(bundle.linkMaps()));
        }
        if (!bundle.elfFiles().isEmpty()) {
            sb.append("\n=== ELF files (details in ").append(ELF).append(") ===\n").append(elfFiles(bundle.elfFiles()));
        }
        if (!bundle.notes().isEmpty()) {
            sb.append("\n=== notes ===\n");
            bundle.notes().forEach(note -> sb.append(note).append('\n'));
        }
        return sb.toString();
    }

    static String shellQuoted(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String arg : command) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(arg.isEmpty() || !arg.matches("[A-Za-z0-9_./=:,@%+-]+") ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return sb.toString();
    }

    private static String withNewline(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.endsWith("\n") ? s : s + "\n";
    }
}
