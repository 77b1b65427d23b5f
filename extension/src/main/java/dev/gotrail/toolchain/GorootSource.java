package dev.gotrail.toolchain;

/** Where the effective GOROOT came from, in the order cmd/go consults its sources. */
public enum GorootSource {
    /** The {@code GOROOT} environment variable. */
    ENV,
    /** {@code GOROOT=} in the user's go/env file ({@code $GOENV}, else {@code os.UserConfigDir()/go/env}). */
    CONFIG_FILE,
    /** Derived from the go executable's location: {@code ../..} (or {@code ../../..}) holding {@code pkg/tool}. */
    EXE_DERIVED,
    /** Nothing matched; the GOROOT baked into the binary at build time ({@code runtime.GOROOT()} default). */
    BUILTIN_FALLBACK,
    /** A GOTOOLCHAIN switch ran a toolchain from the module cache ({@code golang.org/toolchain@…}). */
    TOOLCHAIN_SWITCH,
    /** gccgo's {@code go}: GOROOT is the gcc installation prefix (usually {@code /usr}). */
    GCCGO
}
