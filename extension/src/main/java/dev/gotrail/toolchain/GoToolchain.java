package dev.gotrail.toolchain;

import dev.gotrail.buildinfo.GoBuildInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The facts about one Go toolchain as discovered without a tracer: the binary as invoked and its
 * real path, the effective GOROOT and where it came from, the version, {@code go env -json}, every
 * {@code go} on PATH and the findings (problems with a fix).
 *
 * @param goBinary         the go binary as invoked (may be a symlink, e.g. {@code /usr/bin/go})
 * @param realGoBinary     {@code goBinary} with every symlink resolved
 * @param goroot           the effective GOROOT ({@code go env GOROOT}), real path where it exists
 * @param gorootSource     which of cmd/go's sources decided {@code goroot}
 * @param version          GOVERSION of the toolchain that really ran (after any GOTOOLCHAIN switch)
 * @param goEnv            {@code go env -json} with the inherited environment
 * @param candidatesOnPath every {@code go} on PATH in PATH order, like {@code which -a go}
 * @param findings         problems and notable facts, each with a fix
 * @param details          the raw facts per source of truth ({@link ToolchainDetails#none()} when built by hand)
 */
public record GoToolchain(
        Path goBinary,
        Path realGoBinary,
        Path goroot,
        GorootSource gorootSource,
        GoVersion version,
        Map<String, String> goEnv,
        List<Path> candidatesOnPath,
        List<Finding> findings,
        ToolchainDetails details) {

    public GoToolchain {
        Objects.requireNonNull(goBinary, "goBinary");
        Objects.requireNonNull(realGoBinary, "realGoBinary");
        Objects.requireNonNull(goroot, "goroot");
        Objects.requireNonNull(gorootSource, "gorootSource");
        Objects.requireNonNull(version, "version");
        goEnv = Map.copyOf(goEnv);
        candidatesOnPath = List.copyOf(candidatesOnPath);
        findings = List.copyOf(findings);
        details = details == null ? ToolchainDetails.none() : details;
    }

    /** A toolchain without discovery details (tests, tools that know the facts already). */
    public GoToolchain(Path goBinary, Path realGoBinary, Path goroot, GorootSource gorootSource, GoVersion version,
            Map<String, String> goEnv, List<Path> candidatesOnPath, List<Finding> findings) {
        this(goBinary, realGoBinary, goroot, gorootSource, version, goEnv, candidatesOnPath, findings,
                ToolchainDetails.none());
    }

    /** The findings that are warnings or errors. */
    public List<Finding> problems() {
        return findings.stream().filter(Finding::isProblem).toList();
    }

    /**
     * The problems that mean the sources of truth disagree ($GOROOT, the go/env file,
     * {@code go env GOROOT}, the exe-derived GOROOT, VERSION vs GOVERSION, GOTOOLDIR, a toolchain
     * switch); see {@link FindingId#isConsistency()}. A go shadowed on PATH is a problem but not an
     * inconsistency of this toolchain.
     */
    public List<Finding> inconsistencies() {
        return findings.stream().filter(f -> f.isProblem() && f.id().isConsistency()).toList();
    }

    /** True when no finding says the sources of truth disagree (see {@link #inconsistencies()}). */
    public boolean isConsistent() {
        return inconsistencies().isEmpty();
    }

    /** The finding with this id, if any. */
    public Optional<Finding> finding(FindingId id) {
        return findings.stream().filter(f -> f.id() == id).findFirst();
    }

    /**
     * The finding with this id (its stable spelling, e.g. {@code go-shadowed}), if any.
     *
     * @throws IllegalArgumentException when no {@link FindingId} is spelled {@code id} (a typo)
     */
    public Optional<Finding> finding(String id) {
        return finding(FindingId.of(id));
    }

    /** The GOTOOLCHAIN switch, when the invoked go ran another toolchain. */
    public Optional<ToolchainSwitch> toolchainSwitch() {
        return Optional.ofNullable(details.toolchainSwitch());
    }

    /**
     * The toolchain's one JSON shape, used alike by {@code gotrail doctor --json} (its top-level
     * keys), the evidence's {@code toolchain.json} and {@code gotrail image}: {@code go} {path,
     * realPath, onPath}, {@code goroot} {effective, source, goEnv, envVar}, {@code version},
     * {@code findings} [{id, severity, message, fix}] (docs/doctor.md JSON keys), then {@code directory} (where go
     * ran: its go.mod/go.work choose the toolchain), {@code settings} [{name, value, source, file, line}]
     * (GOTOOLCHAIN, GOROOT, GOPATH, GOFLAGS, GOENV and the module's go/toolchain lines, each with
     * where it came from), {@code consulted}
     * (every source of truth and what it said) and {@code goEnv} ({@code go env -json}, sorted by
     * name). An ordered map of maps, lists, strings and nulls, for any JSON writer; nothing is
     * redacted here (the evidence redacts its copy).
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> go = new LinkedHashMap<>();
        go.put("path", goBinary.toString());
        go.put("realPath", realGoBinary.toString());
        go.put("onPath", candidatesOnPath.stream().map(Path::toString).toList());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("effective", goroot.toString());
        root.put("source", gorootSource.name());
        root.put("goEnv", goEnv.get("GOROOT"));
        root.put("envVar", details.gorootEnvVar());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("go", go);
        m.put("goroot", root);
        m.put("version", version.toString());
        m.put("findings", findings.stream().map(Finding::toJsonMap).toList());
        m.put("directory", details.workDir() == null ? null : details.workDir().toString());
        m.put("settings", details.settings().stream().map(GoSetting::toJsonMap).toList());
        m.put("consulted", details.consulted());
        m.put("goEnv", new TreeMap<>(goEnv));
        return m;
    }

    /** {@code GOTOOLDIR} from {@code go env}, where the compiler and linker live. */
    public Path toolDir() {
        String dir = goEnv.get("GOTOOLDIR");
        return dir == null || dir.isEmpty() ? goroot.resolve("pkg").resolve("tool") : Path.of(dir);
    }

    /**
     * The Go build information of {@link #realGoBinary()}, read from the file without running it
     * (what {@code go version -m} prints for it): which Go built this {@code go}, with which
     * settings. Empty when the binary carries none (gccgo's {@code go}). Read on each call.
     *
     * @throws UncheckedIOException when the binary cannot be read or is corrupt
     *                              ({@link dev.gotrail.buildinfo.GoBinaryFormatException} as cause)
     */
    public Optional<GoBuildInfo> buildInfo() {
        try {
            return GoBuildInfo.read(realGoBinary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
