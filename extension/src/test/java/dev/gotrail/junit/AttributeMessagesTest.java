package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.evidence.TestKitOnly;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.trace.GoTrace;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * An invalid annotation attribute fails with a message that points at the attribute and where it
 * is declared, and never sends the reader to junit-platform.properties or -D properties, which do
 * not set attributes (issue 10 item 6). Parallel execution on.
 */
class AttributeMessagesTest {

    @TestKitOnly
    static class Fixtures {
        @Test
        @TraceGoCommand(value = {"version"}, timeout = "4s")
        void timeout(GoTrace trace) {
        }

        @Test
        @AssumeSharedLibs(binary = "/usr/lib/go-1.19/bin/go", versions = "2.34")
        void bareVersionNumber(LinkMap map) {
        }

        @Test
        @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go", version = "1.22+")
        void versionGrammar() {
        }
    }

    @Test
    void eachMessageNamesTheAttributeAndWhereItIsDeclared() {
        RealTools.go("1.21");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Fixtures.class))
                .configurationParameter("gotrail.testkit", "true")
                .configurationParameter("gotrail.evidence", "never")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .execute();
        results.testEvents().assertStatistics(s -> s.started(3).failed(3));
        List<Throwable> failures = results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow()).toList();

        assertThat(failures).allSatisfy(t -> assertThat(t).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(Fixtures.class.getName())
                .hasMessageNotContaining("junit-platform.properties")
                .hasMessageNotContaining("-Dgotrail"));
        assertThat(failures).extracting(Throwable::getMessage)
                .anySatisfy(m -> assertThat(m).contains("@TraceGoCommand(timeout)", "'4s'", "fix the attribute @TraceGoCommand(timeout)"))
                .anySatisfy(m -> assertThat(m).contains("@AssumeSharedLibs(versions = \"2.34\")", "\"GLIBC_2.34\""))
                .anySatisfy(m -> assertThat(m).contains("@RequiresGoroot(version = \"1.22+\")"));
    }
}
