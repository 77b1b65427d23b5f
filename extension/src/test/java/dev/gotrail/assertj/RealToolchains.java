package dev.gotrail.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GoVersion;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.tracer.CommandResult;
import dev.gotrail.tracer.CommandRunner;
import dev.gotrail.tracer.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link GoToolchain} facts from a real go binary for the assertion tests: runs
 * {@code go env} with the given environment and records a version finding when GOROOT's VERSION
 * file disagrees with the binary's GOVERSION (the stale-GOROOT case). Deliberately small: the
 * assertions are under test here, not toolchain discovery.
 */
public final class RealToolchains {

    private static final List<String> KEYS = List.of("GOROOT", "GOVERSION", "GOTOOLDIR", "GOENV", "GOTOOLCHAIN");

    private RealToolchains() {
    }

    public static GoToolchain of(Path go) throws IOException {
        return of(go, Map.of());
    }

    public static GoToolchain of(Path go, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(go.toString());
        command.add("env");
        command.addAll(KEYS);
        CommandSpec spec = CommandSpec.of(command).withoutEnv("GOROOT").withEnv(env);
        CommandResult result = CommandRunner.run(spec);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        List<String> values = result.stdout().lines().toList();
        Map<String, String> goEnv = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
            goEnv.put(KEYS.get(i), i < values.size() ? values.get(i) : "");
        }
        Path goroot = Path.of(goEnv.get("GOROOT"));
        GoVersion version = GoVersion.parse(goEnv.get("GOVERSION"));
        List<Finding> findings = new ArrayList<>();
        Path versionFile = goroot.resolve("VERSION");
        if (Files.isRegularFile(versionFile)) {
            String fileVersion = Files.readAllLines(versionFile).get(0).strip();
            if (!fileVersion.equals(version.toString())) {
                findings.add(new Finding("goroot-version-mismatch", Finding.Severity.ERROR,
                        go + " is " + version + " but " + versionFile + " says " + fileVersion,
                        "unset GOROOT or point it at the GOROOT of " + go));
            }
        }
        GorootSource source = env.containsKey("GOROOT") && !env.get("GOROOT").isEmpty() ? GorootSource.ENV : GorootSource.EXE_DERIVED;
        return new GoToolchain(go, go.toRealPath(), goroot, source, version, goEnv, List.of(go), findings);
    }
}
