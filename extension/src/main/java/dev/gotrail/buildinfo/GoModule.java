package dev.gotrail.buildinfo;

import java.util.Objects;
import java.util.Optional;

/**
 * A module as recorded in Go build information ({@code runtime/debug.Module}): the main module
 * ({@code mod} line), a dependency ({@code dep} line) or a replacement ({@code =>} line).
 * Versions are as cmd/go wrote them ({@code v1.2.3}; {@code (devel)} for the main module and for a
 * directory replacement); the sum is the go.sum hash ({@code h1:…}) or empty.
 */
public final class GoModule {

    private final String path;
    private final String version;
    private final String sum;
    private final GoModule replace;

    /**
     * @param replace the module that replaced this one ({@code =>}), or null
     */
    public GoModule(String path, String version, String sum, GoModule replace) {
        this.path = Objects.requireNonNull(path, "path");
        this.version = Objects.requireNonNull(version, "version");
        this.sum = Objects.requireNonNull(sum, "sum");
        this.replace = replace;
    }

    /** The module path, e.g. {@code golang.org/x/text}; for a directory replacement, the directory. */
    public String path() {
        return path;
    }

    /** The version, e.g. {@code v0.14.0}, or {@code (devel)} for the main module and a directory replacement. */
    public String version() {
        return version;
    }

    /** The go.sum hash ({@code h1:…}); empty when none was recorded (e.g. when replaced). */
    public String sum() {
        return sum;
    }

    /** The module that replaced this one (a {@code replace} directive), if any. */
    public Optional<GoModule> replacement() {
        return Optional.ofNullable(replace);
    }

    /** The module whose code was built: the replacement when there is one, else this module. */
    public GoModule effective() {
        return replace == null ? this : replace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoModule m && path.equals(m.path) && version.equals(m.version) && sum.equals(m.sum)
                && Objects.equals(replace, m.replace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, version, sum, replace);
    }

    /** {@code path@version}, with {@code => replacement} when replaced. */
    @Override
    public String toString() {
        String self = version.isEmpty() ? path : path + "@" + version;
        return replace == null ? self : self + " => " + replace;
    }
}
