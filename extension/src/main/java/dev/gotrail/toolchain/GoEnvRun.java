package dev.gotrail.toolchain;

import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One {@code go env -json} run and what it means: the parsed map, or why there is none. */
record GoEnvRun(String label, CommandResult result, Map<String, String> json, NoToolchain.Reason reason, String problem) {

    static GoEnvRun run(ToolchainInspector.Launcher launcher, Path binary, Map<String, String> env, String label) {
        CommandResult r = launcher.launch(List.of(binary.toString(), "env", "-json"), env);
        if (!r.started()) {
            return new GoEnvRun(label, r, null, NoToolchain.Reason.NOT_EXECUTABLE, r.startError());
        }
        if (r.timedOut()) {
            return new GoEnvRun(label, r, null, NoToolchain.Reason.TIMED_OUT, "killed after " + r.elapsed().toMillis() + " ms");
        }
        if (r.exitCode() != 0) {
            return new GoEnvRun(label, r, null, NoToolchain.Reason.FAILED, r.describe());
        }
        try {
            return new GoEnvRun(label, r, GoEnvJson.parse(r.stdout()), null, null);
        } catch (GoEnvJson.ParseException e) {
            return new GoEnvRun(label, r, null, NoToolchain.Reason.INVALID_OUTPUT, e.getMessage());
        }
    }

    boolean ok() {
        return json != null;
    }

    String describe() {
        if (ok()) {
            return label + " -> GOROOT=" + json.getOrDefault("GOROOT", "") + " GOVERSION=" + json.getOrDefault("GOVERSION", "");
        }
        return label + " -> " + (reason == NoToolchain.Reason.FAILED ? result.describe() : reason + ": " + problem);
    }

    /** The finding explaining why go did not answer, with a fix. */
    Finding failure(Path binary, String gorootEnv, ToolchainInspector inspector, GoSettings settings) {
        String command = binary + " env -json";
        return switch (reason) {
            case NOT_EXECUTABLE -> new Finding(FindingId.GO_NOT_EXECUTABLE, Finding.Severity.ERROR,
                    binary + " could not be started: " + problem,
                    "check that it is a go binary for this machine (file " + binary + ") and executable; a script needs a valid #! line");
            case TIMED_OUT -> new Finding(FindingId.GO_TIMED_OUT, Finding.Severity.ERROR,
                    command + " did not finish within its timeout of " + inspector.timeout().toMillis() + " ms and was killed with its "
                            + "process tree after " + result.elapsed().toMillis() + " ms",
                    "run '" + command + "' by hand to see where it hangs (a wrapper script waiting for input, a network "
                            + "filesystem, a GOTOOLCHAIN download); if the machine is merely slow raise gotrail.timeout");
            case INVALID_OUTPUT -> new Finding(FindingId.GO_ENV_INVALID_OUTPUT, Finding.Severity.ERROR,
                    command + " did not print a JSON object (" + problem + "); output starts with: '"
                            + abbreviate(result.stdout()) + "'",
                    "make sure " + binary + " is the real go command and not a wrapper that prints to stdout; run '"
                            + command + "' by hand");
            default -> failedFinding(binary, gorootEnv, inspector, settings);
        };
    }

    private Finding failedFinding(Path binary, String gorootEnv, ToolchainInspector inspector, GoSettings settings) {
        String stderr = result.stderr();
        String firstLine = GoErrorLine.of(stderr);
        if (stderr.contains("binary is trimmed")) {
            Path original = TrimmedBinaries.originalOf(binary, inspector.environment());
            String origin = original == null ? "" : "; it is a byte-for-byte copy of " + original;
            Path root = original == null ? null : ToolchainInspector.ancestor(PathLookup.real(original), 2);
            String fix = original == null
                    ? "do not copy a trimmed go binary: symlink it (ln -sf <GOROOT>/bin/go " + binary
                            + ") or put <GOROOT>/bin on PATH; or set GOROOT=<its GOROOT> for it"
                    : "do not copy the go binary: symlink it instead (ln -sf " + original + " " + binary
                            + ") or put " + original.getParent() + " on PATH; or set GOROOT=" + root + " for it";
            return new Finding(FindingId.TRIMMED_BINARY_COPIED, Finding.Severity.ERROR,
                    binary + " is a trimmed go binary (built with -trimpath, as Debian's go 1.21 and later) that was "
                            + "copied away from its GOROOT, so it cannot find its GOROOT; go says: " + firstLine + origin, fix);
        }
        if (stderr.contains("cannot find GOROOT directory")) {
            String where = gorootEnv != null ? "$GOROOT=" + gorootEnv : "the GOROOT it looks for";
            return new Finding(FindingId.GOROOT_MISSING, Finding.Severity.ERROR,
                    where + " does not exist; go says: " + firstLine,
                    gorootEnv != null
                            ? "unset GOROOT (remove the export GOROOT=… line from ~/.bashrc, ~/.profile or /etc/profile.d/*.sh) or point it at an existing Go tree"
                            : "reinstall Go or set GOROOT to an existing Go tree");
        }
        if (firstLine.contains("unsupported GOOS/GOARCH pair")) {
            // env_unset.txt: unsetting only one of the pair still leaves an unsupported pair; go env -u takes both
            GoSetting os = settings.get("GOOS");
            GoSetting arch = settings.get("GOARCH");
            java.util.List<GoSetting> set = java.util.stream.Stream.of(os, arch).filter(x -> x.source() != GoSetting.Source.DEFAULT).toList();
            if (!set.isEmpty()) {
                boolean inFile = set.stream().allMatch(x -> x.source() == GoSetting.Source.GOENV_FILE);
                String names = String.join(" ", set.stream().map(GoSetting::name).toList());
                return new Finding(FindingId.GO_SETTING_INVALID, Finding.Severity.ERROR,
                        String.join(" and ", set.stream().map(GoSetting::describe).toList())
                                + ": go refuses the pair, so every go command fails; go says: " + firstLine,
                        inFile ? "go env -u " + names + " (both at once: with only one unset the pair is still unsupported; or delete"
                                + " their lines from " + set.get(0).file() + ")"
                                : String.join("; ", set.stream().map(SettingFix::remove).toList()));
            }
        }
        // a setting go names in its refusal (GOPATH entry is relative, parsing $GOFLAGS, unknown GOEXPERIMENT, …):
        // say where it came from
        for (String name : java.util.List.of("GOPATH", "GOFLAGS", "GOTOOLCHAIN", "GOENV", "GOEXPERIMENT")) {
            GoSetting s = settings.get(name);
            if (firstLine.contains(name) && s.source() != GoSetting.Source.DEFAULT) {
                return new Finding(FindingId.GO_SETTING_INVALID, Finding.Severity.ERROR,
                        s.describe() + ": go refuses it, so every go command fails; go says: " + firstLine,
                        SettingFix.remove(s));
            }
        }
        return new Finding(FindingId.GO_ENV_FAILED, Finding.Severity.ERROR,
                result.describe() + (stderr.lines().count() > 1 ? " (stderr: " + abbreviate(stderr) + ")" : ""),
                "run '" + binary + " env -json' by hand and fix what it reports; check that " + binary + " is a real go command");
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
