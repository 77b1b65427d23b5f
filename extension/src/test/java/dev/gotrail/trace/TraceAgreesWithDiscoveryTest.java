package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.GorootScenarios;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.DiscoveryResult;
import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.toolchain.ToolchainSwitch;
import dev.gotrail.tracer.StraceTracer;
import dev.gotrail.tracer.TracedCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 4: the trace proves every GOROOT source. For every scenario of
 * {@link GorootScenarios} (cmd/go's own GOROOT and GOTOOLCHAIN cases, staged with real toolchains),
 * {@code go env GOROOT} runs under gotrail's own strace flags ({@link StraceTracer}) in the
 * scenario's directory, as the doctor runs it, and the trace's {@link GoTrace#effectiveGoroot()}
 * must say what toolchain discovery says: the path (go's own answer), the source, and evidence lines
 * that show it — for a switch, the {@link ToolchainSwitchEvidence} names the same GOTOOLCHAIN setting
 * and the same go.mod/go.work line as discovery's {@link ToolchainSwitch}. The doctor's
 * {@code trace-goroot-mismatch} check (the trace's path against discovery's) holds in every one.
 */
class TraceAgreesWithDiscoveryTest {

    @TempDir
    Path tmp;

    static Stream<GorootScenarios.Scenario> scenarios() {
        return GorootScenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theTraceSaysWhatDiscoverySays(GorootScenarios.Scenario scenario) throws IOException {
        GoLab lab = new GoLab(tmp.resolve("lab"));
        GorootScenarios.Staged staged = scenario.stage().apply(lab);
        DiscoveryResult result = ToolchainDiscovery.discoverUncached(new DiscoveryRequest(
                staged.go() == null ? "" : staged.go().toString(), lab.environment(), staged.dir(), null));
        GoToolchain t = result.toolchain().orElseThrow(() -> new AssertionError(scenario + ": discovery found no toolchain: " + result));

        // as the doctor does: the discovered binary, in the directory, with the user's environment
        CommandSpec command = CommandSpec.of(t.goBinary().toString(), "env", "GOROOT").withDir(staged.dir())
                .withExactEnvironment(lab.environment()).withTimeout(Duration.ofMinutes(2));
        TracedCommand.Outcome outcome = TracedCommand.run(new StraceTracer(RealTools.strace().toString()), command,
                tmp.resolve("go-env.trace"));
        CommandResult untraced = lab.shell(staged.dir(), "'" + t.goBinary() + "' env GOROOT");
        GoTrace trace = outcome.trace();
        GorootEvidence g = trace.effectiveGoroot();
        String report = scenario + "\ndiscovery: " + t.goroot() + " " + t.gorootSource() + " " + t.toolchainSwitch()
                + "\ntraced go env: " + outcome.result().describe() + " " + outcome.result().stderr()
                + "\ntrace: " + g.toJsonMap() + "\nswitch: " + trace.toolchainSwitch().map(ToolchainSwitchEvidence::toJsonMap);

        assertThat(untraced.exitCode()).as(report).isZero();
        assertThat(outcome.result().exitCode()).as(report).isZero();
        assertThat(outcome.result().stdout()).as(report).isEqualTo(untraced.stdout());
        assertThat(trace.unparsedLines()).as(report).isEmpty();
        Path truth = real(Path.of(untraced.stdout().strip()));
        assertThat(real(t.goroot())).as(report).isEqualTo(truth);
        // the doctor's trace-goroot-mismatch condition, and the source
        assertThat(g.path()).as(report).isNotNull();
        assertThat(real(Path.of(g.path()))).as(report).isEqualTo(truth);
        assertThat(g.source()).as(report).isEqualTo(t.gorootSource());
        assertThat(g.evidence()).as(report).isNotEmpty();

        if (t.gorootSource() == GorootSource.TOOLCHAIN_SWITCH) {
            ToolchainSwitch expected = t.toolchainSwitch().orElseThrow();
            ToolchainSwitchEvidence sw = trace.toolchainSwitch().orElseThrow(() -> new AssertionError(report));
            assertThat(sw.version()).as(report).isEqualTo(expected.to().toString());
            assertThat(g.evidence()).as(report).startsWith(sw.evidence().toArray(String[]::new));
            assertSameSetting(report, "GOTOOLCHAIN", sw.setting(), expected.setting());
            if (expected.moduleLine() == null) {
                assertThat(sw.moduleLine()).as(report).isNull();
            } else {
                assertSameSetting(report, "module line", sw.moduleLine(), expected.moduleLine());
                assertThat(sw.evidence()).as(report).anySatisfy(l -> assertThat(l)
                        .contains("openat(AT_FDCWD, \"" + expected.moduleLine().file() + "\""));
            }
            GoSetting decided = sw.decidedBy();
            if (decided.source() == GoSetting.Source.ENVIRONMENT) {
                assertThat(sw.evidence()).as(report).anySatisfy(l -> assertThat(l).contains("[environment: GOTOOLCHAIN="));
            } else if (decided.file() != null) {
                assertThat(sw.evidence()).as(report).anySatisfy(l -> assertThat(l).contains("\"" + decided.file() + "\""));
            }
        } else {
            assertThat(trace.toolchainSwitch()).as(report).isEmpty();
            String proof = switch (g.source()) {
                case ENV -> "[environment: GOROOT=";
                case CONFIG_FILE -> "GOROOT=" + g.path() + " from the go/env file";
                case EXE_DERIVED -> "readlinkat(AT_FDCWD, \"/proc/self/exe\"";
                case BUILTIN_FALLBACK -> g.path();
                case GCCGO -> "libgo.so";
                case TOOLCHAIN_SWITCH -> throw new AssertionError(report);
            };
            assertThat(g.evidence()).as(report).anySatisfy(l -> assertThat(l).contains(proof));
        }
    }

    private static void assertSameSetting(String report, String what, GoSetting traced, GoSetting discovered) {
        assertThat(traced).as(report + "\n" + what + " in the trace").isNotNull();
        assertThat(discovered).as(report + "\n" + what + " in discovery").isNotNull();
        assertThat(List.of(traced.name(), traced.value(), traced.source(), String.valueOf(traced.file()), traced.line()))
                .as(report + "\n" + what).isEqualTo(List.of(discovered.name(), discovered.value(), discovered.source(),
                        String.valueOf(discovered.file()), discovered.line()));
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
