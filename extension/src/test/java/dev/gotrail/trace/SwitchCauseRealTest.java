package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.RealTraces;
import dev.gotrail.toolchain.GoSetting;
import dev.gotrail.toolchain.GorootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the trace gets the text of the files that decided a switch ({@link ConsultedFiles}): the
 * {@code read}s in a log that traced them, else the file itself only while it is unchanged since the
 * trace — a file edited afterwards is never taken for what go read. Real go 1.21 switching to a
 * {@code go1.23.5} on PATH because {@code GOTOOLCHAIN=path} in the go/env file and go.mod's
 * {@code go 1.23.5} line asked.
 */
class SwitchCauseRealTest {

    @TempDir
    Path tmp;

    private GoLab lab;
    private Path module;

    private void stage() {
        lab = new GoLab(tmp.resolve("lab")).pathFirst(RealTools.go("1.21").getParent());
        lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        lab.write("home/.config/go/env", "# written by go env -w\nGOTOOLCHAIN=path\n");
        module = lab.module("m", "go 1.23.5\n");
    }

    /** Both files rewritten after the trace, dated a minute later: their text now is not what go read. */
    private void editAfterTheTrace() throws Exception {
        FileTime later = FileTime.from(Instant.now().plusSeconds(60));
        Files.setLastModifiedTime(lab.write("home/.config/go/env", "GOTOOLCHAIN=local\n"), later);
        Files.setLastModifiedTime(lab.write("m/go.mod", "module m\n\ngo 1.21\n"), later);
    }

    private GoTrace trace(List<String> flags) throws Exception {
        java.util.Map<String, String> env = lab.environment();
        for (String inherited : List.of("GOTOOLCHAIN", "GOENV", "GOWORK", "GOFLAGS")) {
            env.putIfAbsent(inherited, ""); // empty is unset to cmd/go; the JVM's own settings must not leak in
        }
        RealTraces.Run run = RealTraces.strace(tmp, flags, List.of(RealTools.go("1.21").toString(), "env", "GOROOT"),
                env, module);
        assertThat(run.result().exitCode()).as(run.result().describe() + run.result().stderr()).isZero();
        editAfterTheTrace();
        return GoTrace.from(List.of("go", "env", "GOROOT"), 0, run.result().stdout(), run.result().stderr(),
                TraceFormat.STRACE, run.log());
    }

    @Test
    void readsInTheTraceGiveWhatGoRead() throws Exception {
        stage();
        // no -e trace=: read is traced, its data printed up to 4096 bytes
        GoTrace trace = trace(List.of("-f", "-s", "4096", "-v"));

        ToolchainSwitchEvidence sw = trace.toolchainSwitch().orElseThrow();
        assertThat(sw.setting()).isEqualTo(new GoSetting("GOTOOLCHAIN", "path", GoSetting.Source.GOENV_FILE,
                lab.goEnvFile(), 2));
        assertThat(sw.moduleLine()).isEqualTo(new GoSetting("go", "1.23.5", GoSetting.Source.GO_MOD,
                module.resolve("go.mod"), 3));
        assertThat(sw.evidence()).anySatisfy(l -> assertThat(l).contains("\"" + lab.goEnvFile() + "\"", "read in the trace"))
                .anySatisfy(l -> assertThat(l).contains("\"" + module.resolve("go.mod") + "\"", "read in the trace"));
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
        assertThat(trace.effectiveGoroot().path()).isEqualTo(RealTraces.realPath(RealTools.goroot("1.23")));
    }

    @Test
    void withoutReadsAFileEditedSinceTheTraceIsNotRead() throws Exception {
        stage();
        GoTrace trace = trace(dev.gotrail.tracer.StraceTracer.FLAGS);

        ToolchainSwitchEvidence sw = trace.toolchainSwitch().orElseThrow();
        // the opens prove which files go consulted; their values are not claimed
        assertThat(sw.setting().value()).isEmpty();
        assertThat(sw.moduleLine().file()).isEqualTo(module.resolve("go.mod"));
        assertThat(sw.moduleLine().value()).isEmpty();
        assertThat(sw.evidence()).anySatisfy(l -> assertThat(l).contains("\"" + lab.goEnvFile() + "\"",
                "its text is not in the trace and the file changed since"));
        assertThat(sw.evidence()).noneSatisfy(l -> assertThat(l).contains("GOTOOLCHAIN=local"));
        assertThat(trace.effectiveGoroot().source()).isEqualTo(GorootSource.TOOLCHAIN_SWITCH);
    }
}
