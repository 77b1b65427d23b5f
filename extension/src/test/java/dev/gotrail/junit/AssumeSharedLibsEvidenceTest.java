package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** An unmet {@code @AssumeSharedLibs} failing under strict mode carries the link map that explains it. */
class AssumeSharedLibsEvidenceTest {

    @TestKitOnly
    static class NeedsAGlibcFromTheFuture {
        @Test
        @AssumeSharedLibs(versions = "GLIBC_9.99", binary = "/usr/lib/go-1.19/bin/go")
        void needsGlibc999(LinkMap map) {
            assertThat(map).isNotNull();
        }
    }

    @Test
    void theLinkMapIsWrittenWithTheStrictFailure(@TempDir Path tmp) throws IOException {
        RealTools.go("1.19");
        Path evidence = tmp.resolve("evidence");
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NeedsAGlibcFromTheFuture.class))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.strict", "true")
                .configurationParameter("gotrail.evidence.dir", evidence.toString())
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1).aborted(0));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(evidence)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        Path linkMap = files.stream().filter(p -> p.getFileName().toString().equals("linkmap.txt")).findFirst()
                .orElseThrow(() -> new AssertionError("no linkmap.txt among " + files));
        assertThat(Files.readString(linkMap)).contains("/usr/lib/go-1.19/bin/go").contains("libc.so.6");
    }
}
