package dev.gotrail.evidence;

import dev.gotrail.junit.EvidenceBundles;
import dev.gotrail.assertj.RealToolchains;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fixture extension: before each test, runs {@code go env GOROOT} (go 1.21) under real strace
 * with {@code -f -v} (environment arrays printed) and two variables in its environment:
 * {@code GOTRAIL_MARKER=<test method name>} and the secret {@code GITHUB_TOKEN} taken from the
 * configuration parameter {@code gotrail.test.token} (and {@code MY_PRIVATE_THING} from
 * {@code gotrail.test.private}, secret only through {@code gotrail.redact}). Records the command, the trace and the
 * toolchain in the test's evidence bundle, as gotrail's own extensions do.
 */
public final class RecordsTracedGoEnv implements BeforeEachCallback {

    public RecordsTracedGoEnv() {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        String marker = context.getRequiredTestMethod().getName();
        String token = context.getConfigurationParameter("gotrail.test.token").orElse("ghp_defaultFixtureToken42");
        String privateThing = context.getConfigurationParameter("gotrail.test.private").orElse("defaultPrivateThing42");
        Path work = Path.of(context.getConfigurationParameter("gotrail.test.workdir").orElseThrow());
        Path logDir = Files.createTempDirectory(Files.createDirectories(work), marker);
        Path log = logDir.resolve("strace.log");
        Path go = RealTools.go("1.21");
        CommandSpec spec = CommandSpec.of(RealTools.strace().toString(), "-f", "-v", "-s", "4096", "-o", log.toString(),
                        go.toString(), "env", "GOROOT")
                .withDir(logDir).withoutEnv("GOROOT")
                .withEnv(Map.of("GOTRAIL_MARKER", marker, "GITHUB_TOKEN", token, "MY_PRIVATE_THING", privateThing,
                        "GOFLAGS", "-tags=" + marker));
        CommandResult result = CommandRunner.run(spec);
        List<String> failed = new ArrayList<>();
        List<String> processes = new ArrayList<>();
        try (var lines = Files.lines(log)) {
            lines.forEach(line -> {
                if (line.contains(" = -1 E")) {
                    failed.add(line.length() > 160 ? line.substring(0, 160) : line);
                }
                if (line.contains("execve(") && line.contains(" = 0")) {
                    processes.add(line.substring(0, Math.min(line.indexOf('['), 120)));
                }
            });
        }
        EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
        bundle.addExpectation("the GOROOT of " + marker + " is /usr/local/go");
        bundle.addCommand(result);
        bundle.addToolchain(RealToolchains.of(go));
        bundle.addTrace(new TraceEvidence("go env GOROOT", spec.command(), result.exitCode(), log,
                List.of("effective GOROOT: " + result.stdout().strip(), "marker " + marker), processes, failed));
        bundle.addNote("recorded by " + marker);
    }
}
