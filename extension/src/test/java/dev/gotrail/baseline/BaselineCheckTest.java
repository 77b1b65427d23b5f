package dev.gotrail.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.assertj.Gcc;
import dev.gotrail.testsupport.GoBinaries;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot policy of {@link Baseline#check} on real objects: a real Go toolchain (go 1.19,
 * dynamically linked, so its link map is real), a gcc-built ELF and a Go binary built by the
 * tests; round trip, drift with a diff naming the fact, update, CI refusal, pending candidates,
 * missing baselines, ignores and the file's exact shape.
 */
class BaselineCheckTest {

    private static final String POINTER_119 = "/targets/~1usr~1lib~1go-1.19~1bin~1go";

    @TempDir
    Path tmp;

    private Path file;
    private BaselineSettings local;
    private BaselineSettings ci;

    @BeforeEach
    void settings() {
        file = tmp.resolve("baselines/facts.json");
        local = new BaselineSettings(BaselineSettings.Mode.VERIFY, false, tmp.resolve("evidence/baselines"));
        ci = local.withCi(true);
    }

    private static BaselineTarget go119() throws IOException {
        GoToolchain go = ToolchainDiscovery.discover(DiscoveryRequest.of(RealTools.go("1.19").toString())).toolchain().orElseThrow();
        return BaselineTarget.toolchain(go);
    }

    private BaselineTarget hello(String... flags) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hello"));
        return BaselineTarget.elf(Gcc.build(dir, "hello", Gcc.HELLO, flags)).as("hello");
    }

    @Test
    void recordThenVerifyMatches() throws IOException {
        List<BaselineTarget> targets = List.of(go119(), hello(), BaselineTarget.elf(GoBinaries.byName("1.23/release").file()).as("release"));
        Baseline.record(file, targets, List.of());

        BaselineResult result = Baseline.check(file, targets, List.of(), ci);

        assertThat(result.status()).isEqualTo(BaselineResult.Status.MATCHED);
        assertThat(result.passed()).isTrue();
        assertThat(result.changes()).isEmpty();
        String text = Files.readString(file);
        assertThat(text).startsWith("{\n  \"format\": \"gotrail-baseline/1\",\n  \"ignore\": [],\n  \"targets\": {\n    \"/usr/lib/go-1.19/bin/go\": {")
                .endsWith("}\n")
                .contains("\"version\": \"go1.19", "\"gorootSource\": \"EXE_DERIVED\"", "\"GLIBC\": \"2.", "\"reason\": \"LD_SO_CACHE\"",
                        "\"path\": \"cmd/go\"", "\"CGO_ENABLED\": \"0\"", "\"-trimpath\": \"true\"")
                // volatile facts are never recorded
                .doesNotContain("vcs.revision", "vcs.time", "GOCACHE", tmp.toString());
        // deterministic: recording the same facts again (targets in another order) gives the same bytes
        Baseline.record(file, List.of(targets.get(2), targets.get(1), targets.get(0)), List.of());
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void aChangedFactFailsWithADiffNamingItAndWritesTheCandidate() throws IOException {
        List<BaselineTarget> targets = List.of(go119());
        Baseline.record(file, targets, List.of());
        String recorded = Files.readString(file);
        String glibc = recorded.replaceAll("(?s).*?\"GLIBC\": \"([0-9.]+)\".*", "$1");
        Files.writeString(file, recorded.replace("\"GLIBC\": \"" + glibc + "\"", "\"GLIBC\": \"2.17\"")
                .replace("\"gorootSource\": \"EXE_DERIVED\"", "\"gorootSource\": \"ENV\""));

        BaselineResult result = Baseline.check(file, targets, List.of(), local);

        assertThat(result.status()).isEqualTo(BaselineResult.Status.DRIFTED);
        assertThat(result.changes()).extracting(BaselineChange::toString).containsExactly(
                "~ " + POINTER_119 + "/toolchain/gorootSource: \"ENV\" -> \"EXE_DERIVED\"",
                "~ " + POINTER_119 + "/elf/maxVersions/GLIBC: \"2.17\" -> \"" + glibc + "\"");
        assertThat(result.message()).contains("2 facts drifted", POINTER_119 + "/elf/maxVersions/GLIBC");
        Path candidate = tmp.resolve("evidence/baselines").resolve(Baseline.candidatePath(Path.of("x"), file).getFileName());
        assertThat(result.candidate()).isPresent();
        assertThat(result.candidate().get().getFileName()).isEqualTo(candidate.getFileName());
        assertThat(Files.readString(result.candidate().get())).isEqualTo(recorded);
        assertThat(result.candidate().get().resolveSibling("facts.json.diff")).content().contains("maxVersions/GLIBC");
        // verify never touches the reviewed file
        assertThat(Files.readString(file)).contains("\"GLIBC\": \"2.17\"");

        // once the facts match again, the stale candidate is removed
        Files.writeString(file, recorded);
        assertThat(Baseline.check(file, targets, List.of(), local).status()).isEqualTo(BaselineResult.Status.MATCHED);
        assertThat(result.candidate().get()).doesNotExist();
    }

    @Test
    void aRealDriftInALinkMapIsAnAddedLibrary() throws IOException {
        Baseline.record(file, List.of(hello()), List.of());
        // the same program, now also linked against libm (-Wl,--no-as-needed keeps the unused DT_NEEDED)
        BaselineResult result = Baseline.check(file, List.of(hello("-Wl,--no-as-needed", "-lm")), List.of(), local);

        assertThat(result.status()).isEqualTo(BaselineResult.Status.DRIFTED);
        assertThat(result.changes()).extracting(BaselineChange::toString)
                .anySatisfy(c -> assertThat(c).startsWith("+ /targets/hello/elf/linkMap/libm.so.6: {\"path\":"))
                .anySatisfy(c -> assertThat(c).isEqualTo("~ /targets/hello/elf/needed/0: \"libc.so.6\" -> \"libm.so.6\""));
    }

    @Test
    void updateRewritesLocallyAndIsRefusedInCi() throws IOException {
        Baseline.record(file, List.of(hello()), List.of("/targets/*/elf/pie"));
        String recorded = Files.readString(file);
        Files.writeString(file, recorded.replace("\"static\": false", "\"static\": true"));
        String tampered = Files.readString(file);

        BaselineResult refused = Baseline.check(file, List.of(hello()), List.of(), ci.withMode(BaselineSettings.Mode.UPDATE));
        assertThat(refused.status()).isEqualTo(BaselineResult.Status.UPDATE_REFUSED);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.message()).contains("gotrail.baseline=update is refused because the environment variable CI is set",
                "~ /targets/hello/elf/static: true -> false");
        assertThat(Files.readString(file)).isEqualTo(tampered);
        assertThat(refused.candidate()).isPresent();

        BaselineResult updated = Baseline.check(file, List.of(hello()), List.of(), local.withMode(BaselineSettings.Mode.UPDATE));
        assertThat(updated.status()).isEqualTo(BaselineResult.Status.UPDATED);
        assertThat(updated.passed()).isTrue();
        assertThat(Files.readString(file)).isEqualTo(recorded).contains("\"/targets/*/elf/pie\"").doesNotContain("\"pie\":");
    }

    @Test
    void aMissingBaselineIsCreatedLocallyAndFailsInCi() throws IOException {
        BaselineResult inCi = Baseline.check(file, List.of(hello()), List.of(), ci);
        assertThat(inCi.status()).isEqualTo(BaselineResult.Status.MISSING);
        assertThat(inCi.passed()).isFalse();
        assertThat(file).doesNotExist();
        assertThat(inCi.message()).contains("does not exist, and CI is set", inCi.candidate().orElseThrow().toString());
        String candidate = Files.readString(inCi.candidate().orElseThrow());

        BaselineResult locally = Baseline.check(file, List.of(hello()), List.of(), local);
        assertThat(locally.status()).isEqualTo(BaselineResult.Status.CREATED);
        assertThat(locally.passed()).isTrue();
        assertThat(file).content().isEqualTo(candidate);
        assertThat(inCi.candidate().orElseThrow()).doesNotExist();
    }

    @Test
    void ignoredFactsAreNeitherRecordedNorCompared() throws IOException {
        Baseline.record(file, List.of(go119()), List.of("/targets/*/buildInfo"));
        assertThat(Files.readString(file)).doesNotContain("\"buildInfo\"", "cmd/go").contains("\"linkMap\"");
        // a drift under a pattern declared in code is not reported either
        Files.writeString(file, Files.readString(file).replace("\"findings\": []", "\"findings\": [\"go-shadowed\"]"));
        assertThat(Baseline.check(file, List.of(go119()), List.of(), local).changes()).extracting(BaselineChange::path)
                .containsExactly(POINTER_119 + "/toolchain/findings/0");
        assertThat(Baseline.check(file, List.of(go119()), List.of("/targets/*/toolchain/findings"), local).status())
                .isEqualTo(BaselineResult.Status.MATCHED);
    }

    @Test
    void pathsUnderTheTempDirectoryAreNormalised() throws IOException {
        Path app = Gcc.build(Files.createDirectories(tmp.resolve("build")), "app", Gcc.HELLO, "-Wl,-rpath," + tmp.resolve("build/lib"), "-Wl,--enable-new-dtags");
        Baseline.record(file, List.of(BaselineTarget.elf(app)), List.of());
        String text = Files.readString(file);
        assertThat(text).contains("\"$TMPDIR/build/app\": {", "\"runpath\": \"$TMPDIR/build/lib\"").doesNotContain(tmp.toString());
    }

    @Test
    void aBrokenBaselineNamesTheFileLineAndColumn() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\n  \"format\": \"gotrail-baseline/1\",\n  \"targets\": {,}\n}\n");
        assertThatThrownBy(() -> Baseline.check(file, List.of(), List.of(), local))
                .isInstanceOf(BaselineFormatException.class)
                .hasMessageContaining(file + ":3:");
        Files.writeString(file, "{\"format\": \"something-else\", \"targets\": {}}");
        assertThatThrownBy(() -> Baseline.read(file)).isInstanceOf(BaselineFormatException.class)
                .hasMessageContaining("\"format\" is \"something-else\"");
    }

    @Test
    void findingsAboutTheRunnersPathAreNotRecordedForAToolchainOfThisMachine() throws IOException {
        // go 1.23 named while go 1.19 comes first on PATH: a fact of this shell, not of the toolchain
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("PATH", RealTools.go("1.19").getParent() + ":" + RealTools.go("1.23").getParent() + ":/usr/bin:/bin");
        GoToolchain go = ToolchainDiscovery.discoverUncached(new DiscoveryRequest(RealTools.go("1.23").toString(), env, tmp, null))
                .toolchain().orElseThrow();
        assertThat(go.findings()).extracting(f -> f.id().toString()).contains("go-not-first-on-path");

        Object findings = ((java.util.Map<?, ?>) BaselineTarget.toolchain(go).sections().get("toolchain")).get("findings");

        assertThat(((List<?>) findings).stream().map(String::valueOf).toList())
                .doesNotContain("go-not-first-on-path", "go-shadowed", "go-not-on-path", "installed-not-on-path");
    }

    @Test
    void aWholeTargetAddedOrRemovedIsNamedWithItsSectionsNotPrintedWhole() {
        BaselineChange added = new BaselineChange(BaselineChange.Kind.ADDED, "/targets/app",
                null, java.util.Map.of("elf", java.util.Map.of("machine", "X86_64")));
        BaselineChange removed = new BaselineChange(BaselineChange.Kind.REMOVED, "/targets/app/elf", java.util.Map.of("machine", "X86_64"), null);

        assertThat(added).hasToString("+ /targets/app: a target with elf");
        assertThat(removed).hasToString("- /targets/app/elf: {\"machine\":\"X86_64\"}");
    }

    @Test
    void targetsAreRecognisedByWhatTheyAre() throws IOException {
        assertThat(BaselineTarget.of(RealTools.goroot("1.23")).sections()).containsOnlyKeys("toolchain", "elf", "buildInfo");
        assertThat(BaselineTarget.of(Path.of("/bin/ls")).sections()).containsOnlyKeys("elf");
        assertThat(BaselineTarget.of(GoBinaries.byName("1.23/release").file()).sections()).containsOnlyKeys("elf", "buildInfo");
        Path script = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\n");
        assertThatThrownBy(() -> BaselineTarget.of(script)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither an ELF file nor a Go binary");
        assertThatThrownBy(() -> Baseline.document(List.of(hello(), hello()), List.of()))
                .hasMessageContaining("two targets are named hello");
    }
}
