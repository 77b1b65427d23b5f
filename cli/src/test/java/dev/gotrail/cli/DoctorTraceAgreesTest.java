package dev.gotrail.cli;

import static dev.gotrail.cli.DoctorRuns.api;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.GorootScenarios;
import dev.gotrail.toolchain.FindingId;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 4, the doctor's side: in every scenario of {@link GorootScenarios} (cmd/go's GOROOT
 * and GOTOOLCHAIN cases with real toolchains) the doctor's traced {@code go env GOROOT}, run in the
 * scenario's directory, shows the GOROOT and the source discovery reports: {@code trace-goroot-mismatch}
 * never fires, and {@code gorootFromTrace} equals {@code goroot} (path and source).
 */
class DoctorTraceAgreesTest {

    @TempDir
    Path tmp;

    static Stream<GorootScenarios.Scenario> scenarios() {
        return GorootScenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theDoctorsTraceAgreesWithDiscovery(GorootScenarios.Scenario scenario) {
        GoLab lab = new GoLab(tmp.resolve("lab"));
        GorootScenarios.Staged staged = scenario.stage().apply(lab);

        Doctor.Result r = api(lab, staged.dir(), staged.go() == null ? null : staged.go().toString());
        String report = scenario + "\n" + r.text();
        assertThat(r.findings()).as(report).noneMatch(f -> f.id() == FindingId.TRACE_GOROOT_MISMATCH);
        @SuppressWarnings("unchecked")
        Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
        @SuppressWarnings("unchecked")
        Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
        assertThat(traced).as(report).isNotNull();
        assertThat(traced.get("source")).as(report).isEqualTo(goroot.get("source"));
        assertThat(real(String.valueOf(traced.get("path")))).as(report).isEqualTo(real(String.valueOf(goroot.get("effective"))));
    }

    private static Path real(String p) {
        try {
            return Path.of(p).toRealPath();
        } catch (java.io.IOException e) {
            return Path.of(p).toAbsolutePath().normalize();
        }
    }
}
