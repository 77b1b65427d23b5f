package dev.gotrail.toolchain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The raw facts behind a {@link GoToolchain}: each source of truth cmd/go consults, what it said
 * and what was checked on disk. Values are null where a source said nothing (no {@code $GOROOT},
 * no go/env file, no {@code VERSION} file).
 *
 * @param workDir            directory discovery ran go in (a go.mod there can trigger a toolchain switch)
 * @param gorootEnvVar       {@code $GOROOT} as inherited, or null when unset or empty
 * @param configFile         the user go/env file consulted ({@code $GOENV}, else {@code os.UserConfigDir()/go/env}), or null
 * @param configFileGoroot   {@code GOROOT=} in that file, or null
 * @param exeDerivedGoroot   the GOROOT cmd/go derives from the executable's location, or null
 * @param localGoroot        {@code go env GOROOT} with {@code GOTOOLCHAIN=local}, or null when that failed
 * @param versionFile        first line of the effective GOROOT's {@code VERSION} file, or null
 * @param compileVersion     the version {@code $GOTOOLDIR/compile -V=full} reports, or null
 * @param hasSrcRuntime      the effective GOROOT holds {@code src/runtime}
 * @param hasPkgTool         the effective GOROOT holds {@code pkg/tool/<GOHOSTOS>_<GOHOSTARCH>}
 * @param localGoEnv         {@code go env -json} with {@code GOTOOLCHAIN=local} (empty when it failed)
 * @param toolchainSwitch    the switch, or null when the local toolchain ran
 * @param consulted          every source consulted, in cmd/go's order, with what it said
 * @param installsNotOnPath  well-known installs PATH does not reach
 * @param knownLocations     the well-known locations looked at (glob-like patterns)
 * @param settings           GOTOOLCHAIN, GOROOT, GOPATH, GOFLAGS, GOENV as the user's go reads them, each with its
 *                           source, then the deciding go.work/go.mod's {@code go} and {@code toolchain} lines
 */
public record ToolchainDetails(
        Path workDir,
        String gorootEnvVar,
        Path configFile,
        String configFileGoroot,
        Path exeDerivedGoroot,
        Path localGoroot,
        String versionFile,
        String compileVersion,
        boolean hasSrcRuntime,
        boolean hasPkgTool,
        Map<String, String> localGoEnv,
        ToolchainSwitch toolchainSwitch,
        List<String> consulted,
        List<InstalledGo> installsNotOnPath,
        List<String> knownLocations,
        List<GoSetting> settings) {

    public ToolchainDetails {
        localGoEnv = localGoEnv == null ? Map.of() : Map.copyOf(localGoEnv);
        consulted = consulted == null ? List.of() : List.copyOf(consulted);
        installsNotOnPath = installsNotOnPath == null ? List.of() : List.copyOf(installsNotOnPath);
        knownLocations = knownLocations == null ? List.of() : List.copyOf(knownLocations);
        settings = settings == null ? List.of() : List.copyOf(settings);
    }

    /** The setting named {@code name} ({@code GOTOOLCHAIN}, or {@code go}/{@code toolchain} for module lines), if known. */
    public java.util.Optional<GoSetting> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Details for a toolchain built by hand (tests, other tools): nothing known beyond the record. */
    public static ToolchainDetails none() {
        return new ToolchainDetails(null, null, null, null, null, null, null, null, false, false,
                Map.of(), null, List.of(), List.of(), List.of(), List.of());
    }
}
