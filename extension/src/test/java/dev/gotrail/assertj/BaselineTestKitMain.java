package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.baseline.BaselineTarget;
import dev.gotrail.evidence.TestKitOnly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs {@link Fixture} through EngineTestKit in a JVM of its own, so that the parent test decides
 * that JVM's environment (CI) and system properties ({@code gotrail.baseline}, {@code fixture.*}).
 * Prints {@code STATUS message} for each test; exits with the number of failed tests.
 */
public final class BaselineTestKitMain {

    private BaselineTestKitMain() {
    }

    public static void main(String[] args) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Fixture.class))
                .configurationParameter("gotrail.testkit", "true")
                .execute().testEvents();
        tests.finished().stream().forEach(e -> {
            var result = e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow();
            System.out.println(result.getStatus() + " " + result.getThrowable().map(Throwable::getMessage).orElse(""));
        });
        System.exit((int) tests.failed().count());
    }

    /** A user's test: the facts of one ELF file must match a baseline. */
    @TestKitOnly
    public static class Fixture {
        @Test
        void releaseBinaryMatchesItsBaseline() throws Exception {
            assertThat(BaselineTarget.elf(Path.of(System.getProperty("fixture.binary"))).as("app"))
                    .matchesBaseline(System.getProperty("fixture.file"));
        }
    }
}
