package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** An untraced {@code GoCommand.run()} inside a test is part of that test's evidence: commands.txt. */
class GoCommandRunEvidenceTest {

    @TestKitOnly
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go")
    static class RunsThenFails {
        @Test
        void runsGoEnvThenFails(GoCommand go) {
            GoResult result = go.args("env", "GOMAXPROCS-unset-marker", "GOROOT").run();
            assertThat(result.stdout()).as("the go env output").contains("/nonexistent-goroot");
        }
    }

    @Test
    void theRunCommandIsWrittenWithTheFailure(@TempDir Path tmp) throws IOException {
        RealTools.go("1.21");
        Path evidence = tmp.resolve("evidence");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(RunsThenFails.class))
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
        Path commands = files.stream().filter(p -> p.getFileName().toString().equals("commands.txt")).findFirst()
                .orElseThrow(() -> new AssertionError("no commands.txt among " + files));
        assertThat(Files.readString(commands)).contains("env GOMAXPROCS-unset-marker GOROOT").contains("/usr/lib/go-1.21");
    }
}
