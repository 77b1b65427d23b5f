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
        String goenv = env.get("GOENV");
        Path file;
        String why;
        if (goenv != null && !goenv.isEmpty()) {
            if (goenv.equals("off")) {
                return new ConfigFile(null, "GOENV=off", false, null, null);
            }
            file = Path.of(goenv);
            why = "$GOENV";
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            String home = env.get("HOME");
            boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
            if (mac && home != null && !home.isEmpty()) {
                // os.UserConfigDir on macOS: ~/Library/Application Support (XDG is not consulted)
                file = Path.of(home, "Library", "Application Support", "go", "env");
                why = "$HOME/Library/Application Support/go/env";
            } else if (xdg != null && xdg.startsWith("/")) {
                file = Path.of(xdg, "go", "env");
                why = "$XDG_CONFIG_HOME/go/env";
            } else if (home != null && !home.isEmpty()) {
                file = Path.of(home, ".config", "go", "env");
                why = "$HOME/.config/go/env";
            } else {
                return new ConfigFile(null, "neither GOENV, XDG_CONFIG_HOME nor HOME is set", false, null, null);
            }
        }
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
