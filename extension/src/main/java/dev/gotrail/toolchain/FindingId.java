package dev.gotrail.toolchain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stable ids of {@link Finding}s, the only place they are minted: toolchain discovery's and
 * the doctor's. Each has a string spelling ({@link #id()}, e.g. {@code go-symlink}) that the
 * doctor prints in brackets, the JSON carries and docs/troubleshooting.md indexes (a test checks
 * that the docs list every one).
 */
public enum FindingId {

    /** {@code $GOROOT} points at a tree holding another Go version than the binary. */
    GOROOT_ENV_OTHER_VERSION("goroot-env-other-version", true),
    /** {@code $GOROOT} overrides the GOROOT the binary would find itself (same version). */
    GOROOT_ENV_OVERRIDES("goroot-env-overrides", true),
    /** {@code $GOROOT} is set to what go would find anyway. */
    GOROOT_ENV_REDUNDANT("goroot-env-redundant", false),
    /** {@code $GOROOT} names a directory that does not exist. */
    GOROOT_MISSING("goroot-missing", false),
    /** {@code GOROOT=} is set in the user go/env file ({@code go env -w GOROOT=…}). */
    GOROOT_CONFIG_FILE("goroot-config-file", true),
    /** The go/env file's GOROOT holds another Go version than the binary. */
    GOROOT_CONFIG_OTHER_VERSION("goroot-config-other-version", true),
    /** Another go earlier on PATH shadows later ones. */
    GO_SHADOWED("go-shadowed", false),
    /** The go under test is not the one a shell would run. */
    GO_NOT_FIRST_ON_PATH("go-not-first-on-path", false),
    /** The go on PATH is a symlink (Debian's /usr/bin/go, alternatives). */
    GO_SYMLINK("go-symlink", false),
    /** A trimmed go binary (Debian 1.21+) was copied away from its GOROOT. */
    TRIMMED_BINARY_COPIED("trimmed-binary-copied", false),
    /** The GOROOT has no {@code src/runtime} (missing or dangling {@code src}). */
    GOROOT_WITHOUT_SOURCES("goroot-without-sources", true),
    /** The GOROOT has no {@code pkg/tool/<os_arch>} (no compiler, linker). */
    GOROOT_WITHOUT_TOOLS("goroot-without-tools", true),
    /** GOVERSION disagrees with the GOROOT's VERSION file or its compiler. */
    VERSION_MISMATCH("version-mismatch", true),
    /** GOTOOLDIR lies outside GOROOT. */
    GOTOOLDIR_OUTSIDE_GOROOT("gotooldir-outside-goroot", true),
    /** GOTOOLCHAIN made the invoked go run another toolchain. */
    TOOLCHAIN_SWITCH("toolchain-switch", true),
    /** GOTOOLCHAIN asked for a toolchain that could not be run (not on PATH, download failed). */
    TOOLCHAIN_SWITCH_FAILED("toolchain-switch-failed", true),
    /** GOTOOLCHAIN (environment or go/env file) holds a value go rejects, e.g. the language version {@code go1.22}. */
    GOTOOLCHAIN_INVALID("gotoolchain-invalid", true),
    /** The {@code goX.Y.Z} command go switched to is another version and refuses ("invoked to provide"). */
    TOOLCHAIN_SWITCH_LOOP("toolchain-switch-loop", true),
    /** A go.mod/go.work needs a newer go and GOTOOLCHAIN forbids switching: every build fails. */
    MODULE_NEEDS_NEWER_GO("module-needs-newer-go", false),
    /**
     * A go.mod/go.work {@code go} line asks for a newer Go than the invoked go, which predates
     * toolchain selection (Go 1.21): it builds with itself and only notes the line when a build fails.
     */
    MODULE_GO_LINE_IGNORED("module-go-line-ignored", false),
    /** A go.mod/go.work {@code toolchain} line go rejects: a language version ({@code go1.22}) or no toolchain name at all. */
    TOOLCHAIN_LINE_INVALID("toolchain-line-invalid", true),
    /** A module used by go.work needs a newer go than go.work's go line: every build in the workspace fails. */
    WORKSPACE_GO_TOO_OLD("workspace-go-too-old", false),
    /** A required module needs a newer go than the main module selects: builds fail, go does not switch for it. */
    DEPENDENCY_NEEDS_NEWER_GO("dependency-needs-newer-go", false),
    /** A go setting (GOPATH, GOFLAGS, …) holds a value go refuses; the finding names where it came from. */
    GO_SETTING_INVALID("go-setting-invalid", false),
    /** go cannot load the module of the working directory for another reason (quoted). */
    MODULE_LOAD_FAILED("module-load-failed", false),
    /** gccgo's go: GOROOT is the gcc prefix, GOVERSION is unknown. */
    GCCGO("gccgo", false),
    /** cmd/go's GOROOT is not the one the documented lookup order predicts. */
    GOROOT_SOURCE_UNEXPECTED("goroot-source-unexpected", false),
    /** No go on PATH (and none named). */
    GO_NOT_ON_PATH("go-not-on-path", false),
    /** The named go does not exist. */
    GO_NOT_FOUND("go-not-found", false),
    /** The named go exists but cannot be executed. */
    GO_NOT_EXECUTABLE("go-not-executable", false),
    /** {@code go env -json} exited non-zero. */
    GO_ENV_FAILED("go-env-failed", false),
    /** {@code go env -json} printed something that is not JSON. */
    GO_ENV_INVALID_OUTPUT("go-env-invalid-output", false),
    /** go did not finish within the timeout and was killed with its process tree. */
    GO_TIMED_OUT("go-timed-out", false),
    /** Go is installed at a well-known location that PATH does not reach. */
    INSTALLED_NOT_ON_PATH("installed-not-on-path", false),
    /** The doctor: no syscall tracer can run here (not installed, ptrace forbidden, switched off). */
    TRACER_UNAVAILABLE("tracer-unavailable", false),
    /** The doctor: a trace of {@code go env GOROOT} shows go using another GOROOT than {@code go env} reports. */
    TRACE_GOROOT_MISMATCH("trace-goroot-mismatch", false),
    /** The doctor: a shared library the go binary needs is not found by the loader. */
    GO_BINARY_MISSING_LIBRARY("go-binary-missing-library", false),
    /** The doctor: the go binary needs a symbol version (e.g. {@code GLIBC_2.34}) this system's libraries lack. */
    GO_BINARY_VERSION_PROBLEM("go-binary-version-problem", false);

    private final String id;
    private final boolean consistency;

    FindingId(String id, boolean consistency) {
        this.id = id;
        this.consistency = consistency;
    }

    /** The stable spelling, e.g. {@code goroot-env-other-version}. */
    public String id() {
        return id;
    }

    /**
     * True for the ids that mean "the sources of truth disagree" ({@code @RequiresGoroot(consistent = true)}
     * fails on these): $GOROOT, the go/env file, {@code go env GOROOT}, the exe-derived GOROOT,
     * VERSION vs GOVERSION, GOTOOLDIR, and a switch away from the invoked toolchain.
     */
    public boolean isConsistency() {
        return consistency;
    }

    /** The id spelled {@code id} ({@code "go-symlink"}), if there is one. */
    public static Optional<FindingId> find(String id) {
        for (FindingId f : values()) {
            if (f.id.equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The id spelled {@code id}.
     *
     * @throws IllegalArgumentException naming every known id when there is none (a typo in a test)
     */
    public static FindingId of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown finding id '" + id + "'"
                + suggestion(id) + "; the ids are: "
                + Arrays.stream(values()).map(FindingId::id).collect(Collectors.joining(", "))));
    }

    private static String suggestion(String id) {
        String wanted = String.valueOf(id).toLowerCase(Locale.ROOT).replace('_', '-');
        return find(wanted).map(f -> " (did you mean '" + f.id + "'?)").orElse("");
    }

    /** The stable spelling ({@link #id()}), so that messages show {@code [go-symlink]}. */
    @Override
    public String toString() {
        return id;
    }
}
