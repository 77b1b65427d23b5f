package dev.gotrail.trace;

import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GoVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Why a traced go switched toolchains, replayed from what the first go did before its switching
 * exec, in cmd/go's order ({@code toolchain.Select}): GOTOOLCHAIN from its environment, else from
 * the go/env file ({@code $GOENV}, else {@code …/go/env}), else from {@code $GOROOT/go.env}
 * ({@code cfg.Getenv}); in the modes {@code auto}, {@code path}, {@code MIN+auto}, {@code MIN+path}
 * go then reads go.work (found first) or go.mod, and a {@code toolchain} line naming the target, else
 * the {@code go} line, asks for a toolchain newer than the minimum. A fixed {@code GOTOOLCHAIN=goX.Y.Z}
 * reads no module file: the setting decided. The opens are the evidence; what the files said comes
 * from {@link ConsultedFiles}.
 */
final class SwitchCause {

    /**
     * @param setting    GOTOOLCHAIN with its source (value empty when the file's text is unknown)
     * @param moduleLine the go.mod/go.work line that asked for the target, or null when the setting decided
     * @param summary    one sentence naming the switch and its cause
     * @param evidence   the trace lines: the exec or open that gave GOTOOLCHAIN, the module file's open
     */
    record Cause(GoSetting setting, GoSetting moduleLine, String summary, List<String> evidence) {
    }

    private static final Set<String> MODES = Set.of("auto", "path");

    private SwitchCause() {
    }

    static Cause of(TraceAnalysis a, List<TraceEvent> events, ExecCall first, ExecCall target, String version,
            ConsultedFiles files) {
        Set<Integer> group = GoExecs.threadGroup(a, first.pid());
        List<TraceEvent> window = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.line() > first.line() && e.line() < target.line() && e.kind() == EventKind.SYSCALL && group.contains(e.pid())) {
                window.add(e);
            }
        }
        List<FileAccess> opens = new ArrayList<>();
        for (FileAccess f : a.accesses) {
            if (f.line() > first.line() && f.line() < target.line() && group.contains(f.pid()) && f.syscall().startsWith("open")) {
                opens.add(f);
            }
        }
        List<String> evidence = new ArrayList<>();

        // GOTOOLCHAIN: cfg.Getenv's order (a non-empty variable, the go/env file, $GOROOT/go.env)
        String goenv = first.envValue("GOENV").orElse("");
        FileAccess userFile = null;
        FileAccess gorootFile = null;
        for (FileAccess f : opens) {
            if (userFile == null && (goenv.isEmpty() ? f.path().endsWith("/go/env") : f.path().equals(goenv))) {
                userFile = f;
            } else if (gorootFile == null && f.path().endsWith("/go.env")) {
                gorootFile = f;
            }
        }
        FileAccess moduleOpen = null;
        String gowork = first.envValue("GOWORK").orElse("");
        for (FileAccess f : opens) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            if (f.errno() == null && (name.equals("go.mod") || name.equals("go.work") || f.path().equals(gowork))) {
                moduleOpen = f;
                break;
            }
        }
        GoSetting setting = null;
        String env = first.envValue("GOTOOLCHAIN").orElse("");
        if (!env.isEmpty()) {
            setting = new GoSetting("GOTOOLCHAIN", env, GoSetting.Source.ENVIRONMENT, null, 0);
            evidence.add(first.evidence() + "  [environment: GOTOOLCHAIN=" + env + "]");
        }
        boolean textUnknown = false;
        if (setting == null && userFile != null && userFile.errno() == null) {
            ConsultedFiles.Content c = files.of(userFile, window);
            GoSetting s = c == null ? null : envFileSetting(c.text(), "GOTOOLCHAIN", GoSetting.Source.GOENV_FILE, userFile.path());
            if (s != null) {
                setting = s;
                evidence.add(userFile.evidence() + "  [" + s.describe() + "; " + c.how() + "]");
            } else if (c == null) {
                textUnknown = true;
                evidence.add(userFile.evidence() + "  [the go/env file; its text is not in the trace and the file changed since]");
            } else {
                evidence.add(userFile.evidence() + "  [the go/env file sets no GOTOOLCHAIN]");
            }
        } else if (setting == null && userFile != null) {
            evidence.add(userFile.evidence() + "  [no go/env file]");
        }
        if (setting == null && gorootFile != null && gorootFile.errno() == null) {
            ConsultedFiles.Content c = files.of(gorootFile, window);
            GoSetting s = c == null ? null : envFileSetting(c.text(), "GOTOOLCHAIN", GoSetting.Source.GOROOT_GO_ENV, gorootFile.path());
            if (s != null && !textUnknown) {
                setting = s;
                evidence.add(gorootFile.evidence() + "  [" + s.describe() + "; " + c.how() + "]");
            } else if (c == null && !textUnknown) {
                // real toolchains ship GOTOOLCHAIN=auto there; the value is not claimed without the text
                setting = new GoSetting("GOTOOLCHAIN", "", GoSetting.Source.GOROOT_GO_ENV, Path.of(gorootFile.path()), 0);
                evidence.add(gorootFile.evidence() + "  [the toolchain's go.env; its text is not in the trace and the file changed since]");
            }
        }
        if (setting == null && textUnknown) {
            // which file set it cannot be told without the go/env file's text: a module file read means a
            // mode (auto/path), which real toolchains' go.env set; a fixed version came from the go/env file
            setting = moduleOpen != null && gorootFile != null
                    ? new GoSetting("GOTOOLCHAIN", "", GoSetting.Source.GOROOT_GO_ENV, Path.of(gorootFile.path()), 0)
                    : new GoSetting("GOTOOLCHAIN", "", GoSetting.Source.GOENV_FILE, Path.of(userFile.path()), 0);
        }
        if (setting == null) {
            setting = new GoSetting("GOTOOLCHAIN", "", GoSetting.Source.DEFAULT, null, 0);
        }

        // the module file's line, when the mode let it decide
        GoSetting moduleLine = null;
        String mode = setting.value();
        String[] parts = mode.split("\\+", 2);
        boolean modeReadsModule = mode.isEmpty() || MODES.contains(mode) || parts.length == 2 && MODES.contains(parts[1]);
        if (moduleOpen != null && modeReadsModule) {
            boolean work = moduleOpen.path().endsWith("go.work") || moduleOpen.path().equals(gowork);
            GoSetting.Source source = work ? GoSetting.Source.GO_WORK : GoSetting.Source.GO_MOD;
            ConsultedFiles.Content c = files.of(moduleOpen, window);
            GoSetting asking = c == null ? new GoSetting("go/toolchain", "", source, Path.of(moduleOpen.path()), 0)
                    : lineAskingFor(c.text(), version, source, moduleOpen.path());
            boolean minimumDecided = parts.length == 2 && !parts[0].equals("local") && version != null
                    && GoVersion.tryParse(parts[0]).flatMap(min -> GoVersion.tryParse(version).map(v -> min.compareTo(v) >= 0))
                            .orElse(false);
            if (asking != null && !minimumDecided) {
                moduleLine = asking;
                evidence.add(moduleOpen.evidence() + "  [" + (asking.value().isEmpty() ? (work ? "go.work" : "go.mod")
                        + ": its text is not in the trace and the file changed since" : asking.describe() + "; " + c.how()) + "]");
            }
        }
        String to = version == null ? "another toolchain" : version;
        String summary = moduleLine != null
                ? "GOTOOLCHAIN switch to " + to + ": asked for by " + moduleLine.describe() + " (GOTOOLCHAIN="
                        + (mode.isEmpty() ? "?" : mode) + " from " + setting.origin() + ")"
                : "GOTOOLCHAIN switch to " + to + ": " + (setting.source() == GoSetting.Source.DEFAULT
                        ? "no GOTOOLCHAIN setting in the trace" : setting.describe());
        return new Cause(setting, moduleLine, summary, evidence);
    }

    /** cmd/go's env-file syntax: {@code KEY=VALUE} lines, {@code #} comments, the last line for a key wins, empty values ignored. */
    static GoSetting envFileSetting(String text, String key, GoSetting.Source source, String file) {
        GoSetting found = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || !line.startsWith(key + "=")) {
                continue;
            }
            String value = line.substring(key.length() + 1).strip();
            found = value.isEmpty() ? null : new GoSetting(key, value, source, Path.of(file), i + 1);
        }
        return found;
    }

    /**
     * The go.mod/go.work line that asks for {@code version}: a {@code toolchain} line naming it,
     * else the {@code go} line, else the {@code toolchain} line (cmd/go's {@code modGoToolchain}).
     */
    static GoSetting lineAskingFor(String text, String version, GoSetting.Source source, String file) {
        GoSetting go = null;
        GoSetting toolchain = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf("//");
            line = (comment >= 0 ? line.substring(0, comment) : line).strip();
            String[] words = line.split("\\s+");
            if (words.length == 2 && (words[0].equals("go") || words[0].equals("toolchain"))) {
                GoSetting s = new GoSetting(words[0], words[1], source, Path.of(file), i + 1);
                if (words[0].equals("go")) {
                    go = s;
                } else {
                    toolchain = s;
                }
            }
        }
        if (toolchain != null && toolchain.value().equals(version)) {
            return toolchain;
        }
        return go != null ? go : toolchain;
    }
}
