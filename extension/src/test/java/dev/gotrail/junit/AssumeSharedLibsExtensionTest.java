package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.testsupport.RealTools;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * {@link AssumeSharedLibs} through the real Jupiter engine (EngineTestKit, parallel execution on).
 * The analysed binaries are system files that are only read, never executed.
 */
class AssumeSharedLibsExtensionTest {

    private static Events run(Class<?> testClass, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameters(config)
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    private static Events run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    static class Resolves {
        @Test
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6", versions = "GLIBC_2.2.5")
        void injected(LinkMap map) {
            assertThat(map.binary()).isEqualTo("/usr/bin/ls");
            assertThat(map.find("libc.so.6").orElseThrow().reason()).isEqualTo(LoadReason.LD_SO_CACHE);
        }

        @Test
        @AssumeSharedLibs(binary = "/usr/bin/ls")
        void allDependencies(LinkMap map) {
            assertThat(map.isComplete()).isTrue();
        }
    }

    @Test
    void injectsTheLinkMapWhenTheAssumptionHolds() {
        run(Resolves.class).assertStatistics(s -> s.started(2).succeeded(2));
    }

    static class Unmet {
        @Test
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = {"libc.so.6", "libgotrail-absent.so.1"})
        void missingSoname() {
        }

        @Test
        @AssumeSharedLibs(binary = "/usr/bin/ls", versions = "GLIBC_99.0")
        void missingVersion() {
        }

        @Test
        @AssumeSharedLibs(binary = "/nonexistent/gotrail-binary")
        void missingBinary() {
        }

        @Test
        @AssumeSharedLibs(binary = "dist/gotrail-typo-app")
        void missingRelativeBinary() {
        }
    }

    @Test
    void abortsWithTheResolutionEvidence() {
        Events events = run(Unmet.class);
        events.assertStatistics(s -> s.started(4).aborted(4).succeeded(0));
        events.assertThatEvents()
                .haveExactly(1, event(test("missingSoname"), abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.contains("libgotrail-absent.so.1 not found (the binary does not load it at all)")
                                && m.contains("libc.so.6 [ld.so.cache] /lib/x86_64-linux-gnu/libc.so.6")))))
                .haveExactly(1, event(test("missingVersion"), abortedWithReason(
                        message(m -> m.contains("symbol version GLIBC_99.0 is not provided by any loaded object (newest GLIBC provided: GLIBC_2.")
                                && m.contains("Root / provides glibc 2.") && m.contains("libc.so.6, release banner)")))))
                .haveExactly(1, event(test("missingBinary"), abortedWithReason(
                        message(m -> m.contains("/nonexistent/gotrail-binary does not exist. Build it before this test runs")))))
                .haveExactly(1, event(test("missingRelativeBinary"), abortedWithReason(message(m -> m.contains(
                        java.nio.file.Path.of("dist/gotrail-typo-app").toAbsolutePath() + " does not exist (relative to the working directory "
                                + java.nio.file.Path.of("").toAbsolutePath() + ")")))));
    }

    @Test
    void strictModeFailsInsteadOfSkipping() {
        Events events = run(Unmet.class, Map.of("gotrail.strict", "true"));
        events.assertStatistics(s -> s.started(4).failed(4).aborted(0));
        events.assertThatEvents().haveExactly(1, event(test("missingVersion"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.contains("gotrail.strict=true")))));
    }

    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libgotrail-absent.so.1")
    static class OnTheClass {
        @Test
        void first() {
        }

        @Nested
        class Inner {
            @Test
            void inherited() {
            }
        }
    }

    @Test
    void classLevelAnnotationsApplyToEveryTestAndNestedClasses() {
        run(OnTheClass.class).assertStatistics(s -> s.started(2).aborted(2));
    }

    static class TheToolchainsGo {
        @Test
        @AssumeSharedLibs(versions = "GLIBC_2.34")
        void goBinary(LinkMap map) {
            assertThat(map.binary()).endsWith("/go");
            assertThat(map.maxVersion("GLIBC").orElseThrow().toString()).isEqualTo("2.34");
        }
    }

    @Test
    void anEmptyBinaryMeansTheGoBinaryOfTheToolchainUnderTest() {
        String go119 = RealTools.go("1.19").toString();
        run(TheToolchainsGo.class, Map.of("gotrail.go", go119, "gotrail.missing", "fail"))
                .assertStatistics(s -> s.started(1).succeeded(1));
    }
}
