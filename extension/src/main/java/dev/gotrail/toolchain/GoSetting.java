package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One go setting (GOTOOLCHAIN, GOROOT, GOPATH, GOFLAGS, GOENV, or a go.mod/go.work {@code go} or
 * {@code toolchain} line) with the place its value came from, in cmd/go's precedence: the process
 * environment (a non-empty variable), then the user's go/env file ({@code go env GOENV}), then the
 * toolchain's own {@code $GOROOT/go.env}, then go's built-in default (cmd/go's
 * {@code cfg.Getenv}: an empty environment variable counts as unset).
 *
 * @param name   the setting ({@code GOTOOLCHAIN}) or, for a module line, {@code go} or {@code toolchain}
 * @param value  its value as go reads it ({@code go1.22}); empty for a built-in default
 * @param source where the value came from
 * @param file   the file that holds it (go/env file, {@code $GOROOT/go.env}, go.mod, go.work), or null
 * @param line   its 1-based line in {@code file}, or 0 when there is no file
 */
public record GoSetting(String name, String value, Source source, Path file, int line) {

    /** Where a value came from. */
    public enum Source {
        /** The environment go was started with. */
        ENVIRONMENT,
        /** The user's go/env file, written by {@code go env -w}. */
        GOENV_FILE,
        /** The toolchain's own {@code $GOROOT/go.env} (Go 1.21+: {@code GOTOOLCHAIN=auto}, {@code GOPROXY}). */
        GOROOT_GO_ENV,
        /** A {@code go} or {@code toolchain} line of a go.mod file. */
        GO_MOD,
        /** A {@code go} or {@code toolchain} line of a go.work file. */
        GO_WORK,
        /** Not set anywhere: go's built-in default. */
        DEFAULT
    }

    public GoSetting {
        Objects.requireNonNull(name, "name");
        value = value == null ? "" : value;
        Objects.requireNonNull(source, "source");
    }

    /**
     * Where the value came from, for a message: {@code the environment}, {@code the go/env file
     * /home/u/.config/go/env (line 1)}, {@code /usr/lib/go-1.21/go.env (line 14)},
     * {@code /src/m/go.mod (line 3)}.
     */
    public String origin() {
        String at = file == null ? "" : file + (line > 0 ? " (line " + line + ")" : "");
        return switch (source) {
            case ENVIRONMENT -> "the environment";
            case GOENV_FILE -> "the go/env file " + at;
            case GOROOT_GO_ENV -> "the toolchain's own " + at;
            case GO_MOD, GO_WORK -> at;
            case DEFAULT -> "go's built-in default";
        };
    }

    /** {@code GOTOOLCHAIN=go1.22 from the go/env file /h/.config/go/env (line 1)}; module lines read {@code go 1.23.5 in /m/go.mod (line 3)}. */
    public String describe() {
        if (source == Source.GO_MOD || source == Source.GO_WORK) {
            return "'" + name + " " + value + "' in " + origin();
        }
        return name + "=" + value + " from " + origin();
    }

    /** {@code {"name", "value", "source", "file", "line"}}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        m.put("source", source.name());
        m.put("file", file == null ? null : file.toString());
        m.put("line", line);
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
