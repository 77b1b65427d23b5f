package dev.gotrail.junit;

import static dev.gotrail.junit.TraceGoCommandTest.execute;
import static dev.gotrail.junit.TraceGoCommandTest.failures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@code GoCommand.trace()}, {@code shim()} and {@code traces()} inside real tests (EngineTestKit, parallel). */
class GoCommandTraceTest {

    static final String HELLO = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n";

    static class Examples {
        @TempDir
        Path dir;

        @Test
        @RequiresGoroot
        void traceBuildsAndShowsTheToolsOfTheRealGoroot(GoCommand go) throws IOException {
            Files.writeString(dir.resolve("go.mod"), "module hello\n\ngo 1.21\n");
            Files.writeString(dir.resolve("main.go"), HELLO);

            GoTrace trace = go.args("build", "-o", "hello", ".").dir(dir).env("CGO_ENABLED", "0")
                    .env("GOFLAGS", null).timeout(Duration.ofMinutes(2)).trace();

            assertThat(trace.exitCode()).as(trace.stderr()).isZero();
            assertThat(dir.resolve("hello")).isExecutable();
            String tools = RealTools.goroot("1.21").toRealPath() + "/pkg/tool/";
            assertThat(trace.execs()).anyMatch(e -> e.path().startsWith(tools) && e.path().endsWith("/link"));
            assertThat(trace.execs()).allMatch(e -> !e.env().contains("CGO_ENABLED=1"));
            assertThat(trace.execs().get(0).env()).contains("CGO_ENABLED=0");
        }

        @Test
        @TraceGoCommand({"version"})
        void theInjectedCommandTracesToo(GoCommand go, GoTrace fromAnnotation) {
            GoTrace second = go.args("env", "GOVERSION").trace();

            assertThat(second.stdout().strip()).isEqualTo("go1.21.13");
            assertThat(second.rawLog()).isNotEqualTo(fromAnnotation.rawLog()).exists();
        }

        @Test
        @RequiresGoroot
        void theShimTracesEveryCallMadeThroughIt(GoCommand go) throws Exception {
            Path shim = go.shim();

            // "Code under test" that shells out to go, finding it on PATH.
            String script = "go version; go env GOROOT; go no-such-command 2>/dev/null; echo exit=$?";
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("PATH", shim + ":" + System.getenv("PATH"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();

            // The shim is transparent: output and exit codes pass through.
            assertThat(out.lines()).as("through %s; traced calls: %s", Files.readString(shim.resolve("go")),
                    go.traces().stream().map(t -> t.command() + " -> " + t.execs().stream().map(e -> e.path()).toList()).toList())
                    .containsExactly("go version go1.21.13 linux/amd64",
                    RealTools.goroot("1.21").toString(), "exit=2");
            List<GoTrace> traces = go.traces();
            String real = go.toolchain().goBinary().toString();
            assertThat(traces).extracting(GoTrace::command).containsExactly(
                    List.of(real, "version"), List.of(real, "env", "GOROOT"), List.of(real, "no-such-command"));
            assertThat(traces).extracting(GoTrace::exitCode).containsExactly(0, 0, 2);
            assertThat(traces.get(1).execs().get(0).path()).isEqualTo(real);
            assertThat(traces.get(1).effectiveGoroot().path()).isEqualTo(RealTools.goroot("1.21").toRealPath().toString());
            assertThat(go.args("build").traces()).as("derived commands share the shim").hasSize(3);
            assertThat(go.args("build").shim()).isEqualTo(shim);
        }

        @Test
        @RequiresGoroot
        void noShimNoTraces(GoCommand go) {
            assertThat(go.traces()).isEmpty();
        }
    }

    @Test
    void traceAndShimInsideTests() {
        EngineExecutionResults results = execute(Examples.class);

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4));
    }
}
