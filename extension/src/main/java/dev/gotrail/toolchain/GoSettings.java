package dev.gotrail.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolves where a go setting came from, as cmd/go's {@code cfg.Getenv} does: a non-empty
 * environment variable, else the user's go/env file, else {@code $GOROOT/go.env} of the invoked
 * toolchain, else the built-in default. Only the user's environment is consulted, never an
 * environment gotrail built for a comparison run ({@code GOTOOLCHAIN=local}).
 */
final class GoSettings {

    private final Map<String, String> env;
    private final ConfigFile config;
    private final Path gorootGoEnv;

    /**
     * @param env        the environment the user runs go with
     * @param config     the user's go/env file
     * @param localGoroot the invoked toolchain's GOROOT (its {@code go.env} is read), or null
     */
    GoSettings(Map<String, String> env, ConfigFile config, Path localGoroot) {
        this.env = env;
        this.config = config;
        this.gorootGoEnv = localGoroot == null ? null : localGoroot.resolve("go.env");
    }

    /** The setting and its source; {@link GoSetting.Source#DEFAULT} with an empty value when set nowhere. */
    GoSetting get(String name) {
        String fromEnv = env.get(name);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new GoSetting(name, fromEnv, GoSetting.Source.ENVIRONMENT, null, 0);
        }
        if (name.equals("GOENV")) {
            return new GoSetting(name, "", GoSetting.Source.DEFAULT, null, 0); // GOENV can only come from the environment
        }
        if (config.exists() && config.file() != null) {
            GoSetting s = lookup(config.file(), name, GoSetting.Source.GOENV_FILE);
            if (s != null) {
                return s;
            }
        }
        if (gorootGoEnv != null && !name.equals("GOROOT") && Files.isRegularFile(gorootGoEnv)) {
            GoSetting s = lookup(gorootGoEnv, name, GoSetting.Source.GOROOT_GO_ENV);
            if (s != null) {
                return s;
            }
        }
        return new GoSetting(name, "", GoSetting.Source.DEFAULT, null, 0);
    }

    ConfigFile config() {
        return config;
    }

    /** cmd/go's go/env syntax: KEY=VALUE lines, '#' comments, the last line for a key wins. */
    static GoSetting lookup(Path file, String name, GoSetting.Source source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        GoSetting found = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || !line.startsWith(name + "=")) {
                continue;
            }
            String value = line.substring(name.length() + 1).strip();
            found = value.isEmpty() ? null : new GoSetting(name, value, source, file, i + 1);
        }
        return found;
    }
}
