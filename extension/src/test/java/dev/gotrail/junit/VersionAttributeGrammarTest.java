package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @RequiresGoroot(version)} spellings from other ecosystems are rejected before any go is
 * looked for, with an {@link ExtensionConfigurationException} that names the attribute, the
 * annotated element and the accepted grammar — never read with another meaning (issue: {@code 1.22+}
 * used to mean {@code 1.22.x}). EngineTestKit with parallel execution on.
 */
class VersionAttributeGrammarTest {

    // One class per spelling: an annotation attribute must be a constant.
    static class PlusSuffix {
        @Test
        @RequiresGoroot(go = "/nonexistent/go", version = "1.22+")
        void test() {
        }
    }

    static class Tilde {
        @Test
        @RequiresGoroot(go = "/nonexistent/go", version = "~1.22")
        void test() {
        }
    }

    static class MissingComma {
        @Test
        @RequiresGoroot(go = "/nonexistent/go", version = ">= 1.21 <1.24")
        void test() {
        }
    }

    static class PlusSuffix123 {
        @Test
        @RequiresGoroot(go = "/nonexistent/go", version = "1.23+")
        void test() {
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PlusSuffix|1.22+|write \">=1.22\"",
            "Tilde|~1.22|write \"1.22.x\"",
            "MissingComma|>= 1.21 <1.24|separate terms with a comma",
            "PlusSuffix123|1.23+|write \">=1.23\""})
    void rejectedWithTheAttributeAndTheGrammar(String className, String spelling, String hint) throws Exception {
        Class<?> testClass = Class.forName(VersionAttributeGrammarTest.class.getName() + "$" + className);
        List<Event> failed = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .selectors(selectClass(testClass)).execute()
                .testEvents().failed().list();

        assertThat(failed).hasSize(1);
        Throwable thrown = failed.get(0).getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(thrown.getMessage())
                .contains("@RequiresGoroot(version = \"" + spelling + "\")", testClass.getSimpleName(), hint,
                        "the grammar is TERM[,TERM…]")
                .doesNotContain("junit-platform.properties")
                .doesNotContain("/nonexistent/go"); // rejected before any go is looked for
    }
}
