package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The user's go/env file as cmd/go finds it: {@code $GOENV} ({@code off} disables it), else
 * {@code os.UserConfigDir()/go/env}, i.e. {@code $XDG_CONFIG_HOME/go/env} when that is an absolute
 * path, else {@code $HOME/.config/go/env}. {@code go env -w KEY=VALUE} writes it; a GOROOT written
 * there survives reinstalling Go and is a classic source of a stale GOROOT.
 */
record ConfigFile(Path file, String why, boolean exists, String goroot, String gotoolchain) {

    static ConfigFile locate(Map<String, String> env) {
        return locate(env, Path.of("").toAbsolutePath());
    }

    /**
     * As cmd/go finds it when started in {@code workDir}: a relative {@code $GOENV} or
     * {@code $XDG_CONFIG_HOME} is taken relative to the working directory (go 1.19-1.23's
     * os.UserConfigDir accepts a relative XDG_CONFIG_HOME; {@code go env GOENV} prints it as is).
     */
    static ConfigFile locate(Map<String, String> env, Path workDir) {
        String goenv = env.get("GOENV");
        Path file;
        String why;
        if (goenv != null && !goenv.isEmpty()) {
            if (goenv.equals("off")) {
                return new ConfigFile(null, "GOENV=off", false, null, null);
            }
            file = workDir.resolve(goenv).normalize();
            why = "$GOENV";
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            String home = env.get("HOME");
            boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
            if (mac && home != null && !home.isEmpty()) {
                // os.UserConfigDir on macOS: ~/Library/Application Support (XDG is not consulted)
                file = Path.of(home, "Library", "Application Support", "go", "env");
                why = "$HOME/Library/Application Support/go/env";
            } else if (xdg != null && !xdg.isEmpty()) {
                file = workDir.resolve(xdg).resolve("go").resolve("env").normalize();
                why = xdg.startsWith("/") ? "$XDG_CONFIG_HOME/go/env" : "$XDG_CONFIG_HOME/go/env, relative to the working directory";
            } else if (home != null && !home.isEmpty()) {
                file = Path.of(home, ".config", "go", "env");
                why = "$HOME/.config/go/env";
            } else {
                return new ConfigFile(null, "neither GOENV, XDG_CONFIG_HOME nor HOME is set", false, null, null);
            }
        }
        return at(file, why);
    }

    /** The go/env file at {@code file} (as {@code go env GOENV} names it), read now. */
    static ConfigFile at(Path file, String why) {
        if (!Files.isRegularFile(file)) {
            return new ConfigFile(file, why, false, null, null);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new ConfigFile(file, why + " (unreadable: " + e.getMessage() + ")", true, null, null);
        }
        return new ConfigFile(file, why, true, value(lines, "GOROOT"), value(lines, "GOTOOLCHAIN"));
    }

    // cmd/go reads KEY=VALUE lines; later lines win; '#' lines are comments.
    static String value(List<String> lines, String key) {
        String value = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || !line.startsWith(key + "=")) {
                continue;
            }
            value = line.substring(key.length() + 1).strip();
        }
        return value == null || value.isEmpty() ? null : value;
    }

    String describe() {
        if (file == null) {
            return "user go/env file -> none (" + why + ")";
        }
        if (!exists) {
            return "user go/env file " + file + " (" + why + ") -> does not exist";
        }
        return "user go/env file " + file + " (" + why + ") -> " + (goroot == null ? "no GOROOT" : "GOROOT=" + goroot);
    }
}
