package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds real shared libraries and executables with gcc (and edits them with patchelf) in a test's
 * temporary directory, and runs a built executable under {@code LD_DEBUG=libs} to take the truth
 * from the real loader. Only executables built here are ever run.
 */
final class Fixtures {

    private final Path dir;
    private int counter;

    Fixtures(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path path(String rel) {
        return dir.resolve(rel);
    }

    /** A shared library at {@code rel} with this SONAME (null = none), extra gcc/ld arguments after. */
    Path lib(String rel, String soname, String... extra) throws IOException {
        Path out = dir.resolve(rel);
        Files.createDirectories(out.getParent());
        Path src = dir.resolve("src" + (++counter) + ".c");
        Files.writeString(src, "int fixture_symbol_" + counter + "(void) { return " + counter + "; }\n");
        List<String> cmd = new ArrayList<>(List.of(RealTools.gcc().toString(), "-shared", "-fPIC", "-o", out.toString(),
                src.toString(), "-Wl,--no-as-needed"));
        if (soname != null) cmd.add("-Wl,-soname," + soname);
        cmd.addAll(List.of(extra));
        run(cmd);
        return out;
    }

    /** An executable at {@code rel} (main returns 0), extra gcc/ld arguments (libraries, -Wl,...) after. */
    Path exe(String rel, String... extra) throws IOException {
        Path out = dir.resolve(rel);
        Files.createDirectories(out.getParent());
        Path src = dir.resolve("main" + (++counter) + ".c");
        Files.writeString(src, "int main(void) { return 0; }\n");
        List<String> cmd = new ArrayList<>(List.of(RealTools.gcc().toString(), "-o", out.toString(), src.toString(),
                "-Wl,--no-as-needed"));
        cmd.addAll(List.of(extra));
        run(cmd);
        return out;
    }

    void patchelf(Path file, String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealTools.patchelf().toString()));
        cmd.addAll(List.of(args));
        cmd.add(file.toString());
        run(cmd);
    }

    static String run(List<String> cmd) {
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd));
        assertThat(r.succeeded()).as(r.describe() + "\n" + r.stderr()).isTrue();
        return r.stdout();
    }

    /** What the real loader did, from {@code LD_DEBUG=libs}. */
    record Truth(Map<String, String[]> found, List<String> failed, int exitCode, String stderr) {

        /** name -> {path, reason} for every searched name the loader found. */
        String path(String name) {
            String[] f = found.get(name);
            return f == null ? null : f[0];
        }

        LoadReason reason(String name) {
            String[] f = found.get(name);
            return f == null ? null : LoadReason.valueOf(f[1]);
        }
    }

    private static final Pattern PREFIX = Pattern.compile("^\\s*\\d+:\\s?(.*)$");

    /** Runs a fixture built by this class with LD_DEBUG=libs and the given loader environment. */
    Truth realLoader(Path exe, Map<String, String> env, Path cwd) {
        CommandSpec spec = CommandSpec.of(exe.toString()).withDir(cwd).withEnv("LD_DEBUG", "libs")
                .withoutEnv("LD_LIBRARY_PATH").withoutEnv("LD_PRELOAD").withEnv(env);
        CommandResult r = CommandRunner.run(spec);
        Map<String, String[]> found = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        String current = null;
        String source = null;
        String last = null;
        String lastSource = null;
        for (String raw : r.stderr().split("\n")) {
            Matcher m = PREFIX.matcher(raw);
            String line = m.matches() ? m.group(1).strip() : raw.strip();
            if (line.startsWith("find library=")) {
                if (current != null && last != null) found.put(current, new String[] {last, lastSource});
                current = line.substring("find library=".length(), line.indexOf(" ["));
                last = null;
                source = null;
            } else if (line.startsWith("search path=")) {
                String s = line.substring(line.lastIndexOf('(') + 1, line.length() - 1);
                source = s.startsWith("RPATH") ? "RPATH" : s.startsWith("RUNPATH") ? "RUNPATH"
                        : s.startsWith("LD_LIBRARY_PATH") ? "LD_LIBRARY_PATH" : "DEFAULT_DIR";
            } else if (line.startsWith("search cache=")) {
                source = "LD_SO_CACHE";
            } else if (line.startsWith("trying file=")) {
                last = line.substring("trying file=".length());
                lastSource = source;
            } else if (line.contains("error while loading shared libraries")) {
                if (current != null) failed.add(current);
                current = null;
            } else if (!line.isEmpty() && current != null && !line.startsWith("search") && !line.startsWith("trying")) {
                if (last != null) found.put(current, new String[] {last, lastSource});
                current = null;
            }
        }
        if (current != null && last != null && r.exitCode() == 0) found.put(current, new String[] {last, lastSource});
        return new Truth(found, failed, r.exitCode(), r.stderr());
    }
}
