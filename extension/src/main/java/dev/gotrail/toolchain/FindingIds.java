package dev.gotrail.toolchain;

import java.util.Set;

/**
 * The stable ids of toolchain {@link Finding}s. docs/troubleshooting.md has one section per id
 * with the symptom, the cause and the fix.
 */
public final class FindingIds {

    /** {@code $GOROOT} points at a tree holding another Go version than the binary. */
    public static final String GOROOT_ENV_OTHER_VERSION = "goroot-env-other-version";
    /** {@code $GOROOT} overrides the GOROOT the binary would find itself (same version). */
    public static final String GOROOT_ENV_OVERRIDES = "goroot-env-overrides";
    /** {@code $GOROOT} is set to what go would find anyway. */
    public static final String GOROOT_ENV_REDUNDANT = "goroot-env-redundant";
    /** {@code $GOROOT} names a directory that does not exist. */
    public static final String GOROOT_MISSING = "goroot-missing";
    /** {@code GOROOT=} is set in the user go/env file ({@code go env -w GOROOT=…}). */
    public static final String GOROOT_CONFIG_FILE = "goroot-config-file";
    /** The go/env file's GOROOT holds another Go version than the binary. */
    public static final String GOROOT_CONFIG_OTHER_VERSION = "goroot-config-other-version";
    /** Another go earlier on PATH shadows later ones. */
    public static final String GO_SHADOWED = "go-shadowed";
    /** The go under test is not the one a shell would run. */
    public static final String GO_NOT_FIRST_ON_PATH = "go-not-first-on-path";
    /** The go on PATH is a symlink (Debian's /usr/bin/go, alternatives). */
    public static final String GO_SYMLINK = "go-symlink";
    /** A trimmed go binary (Debian 1.21+) was copied away from its GOROOT. */
    public static final String TRIMMED_BINARY_COPIED = "trimmed-binary-copied";
    /** The GOROOT has no {@code src/runtime} (missing or dangling {@code src}). */
    public static final String GOROOT_WITHOUT_SOURCES = "goroot-without-sources";
    /** The GOROOT has no {@code pkg/tool/<os_arch>} (no compiler, linker). */
    public static final String GOROOT_WITHOUT_TOOLS = "goroot-without-tools";
    /** GOVERSION disagrees with the GOROOT's VERSION file or its compiler. */
    public static final String VERSION_MISMATCH = "version-mismatch";
    /** GOTOOLDIR lies outside GOROOT. */
    public static final String GOTOOLDIR_OUTSIDE_GOROOT = "gotooldir-outside-goroot";
    /** GOTOOLCHAIN made the invoked go run another toolchain. */
    public static final String TOOLCHAIN_SWITCH = "toolchain-switch";
    /** GOTOOLCHAIN asked for a toolchain that could not be run (not on PATH, download failed). */
    public static final String TOOLCHAIN_SWITCH_FAILED = "toolchain-switch-failed";
    /** gccgo's go: GOROOT is the gcc prefix, GOVERSION is unknown. */
    public static final String GCCGO = "gccgo";
    /** cmd/go's GOROOT is not the one the documented lookup order predicts. */
    public static final String GOROOT_SOURCE_UNEXPECTED = "goroot-source-unexpected";
    /** No go on PATH (and none named). */
    public static final String GO_NOT_ON_PATH = "go-not-on-path";
    /** The named go does not exist. */
    public static final String GO_NOT_FOUND = "go-not-found";
    /** The named go exists but cannot be executed. */
    public static final String GO_NOT_EXECUTABLE = "go-not-executable";
    /** {@code go env -json} exited non-zero. */
    public static final String GO_ENV_FAILED = "go-env-failed";
    /** {@code go env -json} printed something that is not JSON. */
    public static final String GO_ENV_INVALID_OUTPUT = "go-env-invalid-output";
    /** go did not finish within the timeout and was killed with its process tree. */
    public static final String GO_TIMED_OUT = "go-timed-out";
    /** Go is installed at a well-known location that PATH does not reach. */
    public static final String INSTALLED_NOT_ON_PATH = "installed-not-on-path";

    /**
     * The ids that mean "the sources of truth disagree" ({@code @RequiresGoroot(consistent = true)}
     * fails on these): $GOROOT, the go/env file, {@code go env GOROOT}, the exe-derived GOROOT,
     * VERSION vs GOVERSION, GOTOOLDIR, and a switch away from the invoked toolchain.
     */
    public static final Set<String> CONSISTENCY = Set.of(
            GOROOT_ENV_OTHER_VERSION, GOROOT_ENV_OVERRIDES, GOROOT_CONFIG_FILE, GOROOT_CONFIG_OTHER_VERSION,
            GOROOT_WITHOUT_SOURCES, GOROOT_WITHOUT_TOOLS, VERSION_MISMATCH, GOTOOLDIR_OUTSIDE_GOROOT,
            TOOLCHAIN_SWITCH, TOOLCHAIN_SWITCH_FAILED);

    private FindingIds() {
    }
}
