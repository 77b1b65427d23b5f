package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The go.work or go.mod that decides the toolchain for a working directory, as cmd/go's
 * toolchain selection finds it: {@code $GOWORK} ({@code off} = none), else a go.work in the
 * directory or a parent; without a workspace the go.mod in the directory or a parent. Holds its
 * {@code go} and {@code toolchain} lines with their line numbers.
 *
 * @param file      the go.work or go.mod
 * @param workspace true for a go.work
 * @param go        its {@code go} line, or null
 * @param toolchain its {@code toolchain} line, or null
 */
record ModuleFile(Path file, boolean workspace, GoSetting go, GoSetting toolchain) {

    /** The deciding file for {@code workDir}, or null outside any module and workspace. */
    static ModuleFile find(Map<String, String> env, Path workDir) {
        String gowork = env.getOrDefault("GOWORK", "");
        if (!gowork.equals("off")) {
            Path work = gowork.isEmpty() ? upward(workDir, "go.work") : workDir.resolve(gowork).normalize();
            if (work != null && Files.isRegularFile(work)) {
                return read(work, true);
            }
        }
        Path mod = upward(workDir, "go.mod");
        return mod == null ? null : read(mod, false);
    }

    private static Path upward(Path dir, String name) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(name))) {
                return d.resolve(name);
            }
        }
        return null;
    }

    static ModuleFile read(Path file, boolean workspace) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new ModuleFile(file, workspace, null, null);
        }
        GoSetting.Source source = workspace ? GoSetting.Source.GO_WORK : GoSetting.Source.GO_MOD;
        GoSetting go = null;
        GoSetting toolchain = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf("//");
            String[] words = (comment >= 0 ? line.substring(0, comment) : line).strip().split("\\s+");
            if (words.length == 2 && words[0].equals("go")) {
                go = new GoSetting("go", words[1], source, file, i + 1);
            } else if (words.length == 2 && words[0].equals("toolchain")) {
                toolchain = new GoSetting("toolchain", words[1], source, file, i + 1);
            }
        }
        return new ModuleFile(file, workspace, go, toolchain);
    }

    /**
     * The line that asks for {@code wanted} (a toolchain name such as {@code go1.23.5}): the
     * toolchain line when it names that version, else the go line.
     */
    GoSetting lineAskingFor(String wanted) {
        if (toolchain != null && wanted != null && toolchain.value().equals(wanted)) {
            return toolchain;
        }
        return go != null ? go : toolchain;
    }
}
