package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A trace taken with {@code GoCommand.trace()} inside a test is part of that test's evidence. */
class GoCommandTraceEvidenceTest {

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class TracesThenFails {
        @Test
        void tracesGoEnvThenFails(GoCommand go) {
            GoTrace trace = go.args("env", "GOROOT").trace();
            assertThat(trace.stdout()).as("the traced go env output").contains("/nonexistent-goroot");
        }
    }

    @Test
    void theTraceAndItsCommandAreWrittenWithTheFailure(@TempDir Path tmp) throws IOException {
        RealTools.go("1.21");
        RealTools.strace();
        Path evidence = tmp.resolve("evidence");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(TracesThenFails.class))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence.dir", evidence.toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(evidence)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        Path traceLog = files.stream().filter(p -> p.getFileName().toString().startsWith("trace-")).findFirst()
                .orElseThrow(() -> new AssertionError("no trace-N.log among " + files));
        assertThat(Files.readString(traceLog)).contains("execve(\"/usr/lib/go-1.21/bin/go\"");
        Path commands = files.stream().filter(p -> p.getFileName().toString().equals("commands.txt")).findFirst()
                .orElseThrow(() -> new AssertionError("no commands.txt among " + files));
        assertThat(Files.readString(commands)).contains("env GOROOT");
    }
}
