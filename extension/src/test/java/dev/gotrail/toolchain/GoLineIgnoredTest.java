package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A go older than 1.21 does not treat the go.mod {@code go} line as a minimum toolchain: Debian's
 * go 1.19 builds a {@code go 1.23} module with itself, and only a failing build says "note: module
 * requires Go 1.23". A new user ran the doctor there and got "healthy" with no word about it.
 */
class GoLineIgnoredTest {

    @TempDir
    Path tmp;

    private static final String RANGE_OVER_INT = "package main\n\nfunc main() {\n\tfor i := range 3 {\n\t\t_ = i\n\t}\n}\n";

    @Test
    void go119WithANewerGoLineWarnsAndTheFixBuilds() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.19").getParent());
        Path dir = lab.module("m", "go 1.23\n");
        lab.write("m/main.go", RANGE_OVER_INT); // range over an int: Go 1.22

        CommandResult build = lab.go(dir, "build", "-o", "/dev/null", ".");
        assertThat(build.exitCode()).as(build.describe()).isNotZero();
        assertThat(build.stderr()).contains("note: module requires Go 1.23");

        GoToolchain t = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", lab.environment(), dir, null))
                .toolchain().orElseThrow();
        List<Finding> ignored = t.findings().stream().filter(f -> f.id() == FindingId.MODULE_GO_LINE_IGNORED).toList();
        assertThat(ignored).as(t.findings().toString()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.message()).contains("'go 1.23' in " + dir.resolve("go.mod") + " (line 3)", "older than Go 1.21",
                    "note: module requires Go 1.23");
            assertThat(f.fix()).contains("export PATH=/usr/lib/go-1.23/bin:$PATH", "go mod edit -go=1.19");
        });

        // the fix: a go >= 1.23 first on PATH
        GoLab fixed = new GoLab(tmp.resolve("fixed")).pathFirst(RealTools.go("1.23").getParent());
        CommandResult again = fixed.go(dir, "build", "-o", "/dev/null", ".");
        assertThat(again.exitCode()).as(again.describe()).isZero();
    }

    @Test
    void aGoLineTheGoMeetsOrANewerGoGivesNoSuchFinding() {
        for (String[] c : List.of(new String[] {"1.19", "go 1.19\n"}, new String[] {"1.21", "go 1.21\n"})) {
            GoLab lab = new GoLab(tmp.resolve(c[0])).pathFirst(RealTools.go(c[0]).getParent());
            Path dir = lab.module("m", c[1]);
            GoToolchain t = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", lab.environment(), dir, null))
                    .toolchain().orElseThrow();
            assertThat(t.findings()).extracting(Finding::id).doesNotContain(FindingId.MODULE_GO_LINE_IGNORED);
        }
    }
}
