package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoStage;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @RequiresGoroot} through JUnit's EngineTestKit with parallel execution on. The test
 * classes the kit runs are the static nested classes below (Surefire does not run them itself).
 */
class RequiresGorootExtensionTest {

    static final String GO119 = "/usr/lib/go-1.19/bin/go";
    static final String GO121 = "/usr/lib/go-1.21/bin/go";
    static final String GO122 = "/usr/lib/go-1.22/bin/go";
    static final String GO123 = "/usr/lib/go-1.23/bin/go";

    @TempDir
    Path tmp;

    @BeforeAll
    static void realToolchainsPresent() {
        RealTools.GO_VERSIONS.forEach(RealTools::go);
    }

    static EngineExecutionResults run(Class<?> testClass, Map<String, String> config) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(testClass));
        config.forEach(kit::configurationParameter);
        return kit.execute();
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    static List<String> failureMessages(Events events) {
        return events.failed().stream().map(RequiresGorootExtensionTest::message).toList();
    }

    static String message(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }

    // ---- version constraints --------------------------------------------------------------

    static class VersionSatisfied {
        @Test
        @RequiresGoroot(go = GO121, version = ">=1.21,<1.24")
        void getsTheToolchainAndACommand(GoToolchain toolchain, GoCommand go) {
            assertThat(toolchain.version().toString()).isEqualTo("go1.21.13");
            assertThat(toolchain.gorootSource()).isEqualTo(GorootSource.EXE_DERIVED);
            GoResult r = go.args("env", "GOROOT").run();
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout().strip()).isEqualTo("/usr/lib/go-1.21");
        }

        @Test
        @RequiresGoroot(go = GO119, version = "1.19.x")
        void wildcard(GoToolchain toolchain) {
            assertThat(toolchain.version().toString()).isEqualTo("go1.19.8");
        }
    }

    @Test
    void satisfiedVersionConstraintsPass() {
        run(VersionSatisfied.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    }

    static class VersionNotSatisfied {
        @Test
        @RequiresGoroot(go = GO119, version = ">=1.21")
        void tooOld() {
        }
    }

    @Test
    void anUnsatisfiedVersionFailsWithTheVersionTheConstraintAndTheSources() {
        Events events = run(VersionNotSatisfied.class).testEvents();

        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessages(events)).singleElement().asString()
                .contains("version go1.19.8 does not satisfy \">=1.21\"", GO119, "Sources consulted:",
                        "go env -json (inherited environment) -> GOROOT=/usr/lib/go-1.19", "Fix:");
    }

    static class VersionFixNamesAnInstalledGo {
        @Test
        @RequiresGoroot(go = GO119, version = ">=1.21")
        void anInstalledGoFits() {
        }

        @Test
        @RequiresGoroot(go = GO119, version = "1.22.x")
        void aLaterInstalledGoFits() {
        }

        @Test
        @RequiresGoroot(go = GO119, version = ">=1.99")
        void noInstalledGoFits() {
        }
    }

    @Test
    void theVersionFixNamesAnInstalledGoThatSatisfiesTheConstraint() {
        Events events = run(VersionFixNamesAnInstalledGo.class).testEvents();

        List<String> messages = failureMessages(events);
        assertThat(messages).hasSize(3);
        // the go it names is one that passes the same constraint (VersionSatisfied runs GO121 under >=1.21)
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("does not satisfy \">=1.21\"",
                "Fix: use " + GO121 + " (go1.21.13, installed on this machine), which does: @RequiresGoroot(go = \"" + GO121
                        + "\") or -Dgotrail.go=" + GO121).doesNotContain("go-X.Y"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("does not satisfy \"1.22.x\"",
                "@RequiresGoroot(go = \"" + GO122 + "\")"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("does not satisfy \">=1.99\"", "go-X.Y",
                "no go gotrail knows of on this machine does"));
    }

    static class InvalidConstraint {
        @Test
        @RequiresGoroot(go = GO121, version = "newest")
        void test() {
        }
    }

    @Test
    void anInvalidConstraintIsAConfigurationErrorNamingTheAttribute() {
        Events events = run(InvalidConstraint.class).testEvents();

        assertThat(failureMessages(events)).singleElement().asString()
                .contains("@RequiresGoroot(version = \"newest\")", "the grammar is TERM[,TERM…]", "e.g. \">=1.21\"");
    }

    // ---- expected GOROOT -----------------------------------------------------------------

    static class ExpectedGoroot {
        @Test
        @RequiresGoroot(go = GO121, value = "/usr/lib/go-1.19")
        void wrongTree() {
        }

        @Test
        @RequiresGoroot(go = GO119, value = "/usr/lib/go-1.19/pkg/..")
        void sameTreeSpelledDifferently() {
        }
    }

    @Test
    void theExpectedGorootIsComparedByRealPath() {
        Events events = run(ExpectedGoroot.class).testEvents();

        events.assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failureMessages(events)).singleElement().asString()
                .contains("effective GOROOT is /usr/lib/go-1.21", "but /usr/lib/go-1.19 is required")
                // derived from go's own location: there is no override to unset, so the fix names none
                .contains("(source EXE_DERIVED").doesNotContain("or unset GOROOT").doesNotContain("or remove GOROOT from");
    }

    // ---- precedence: method over class, innermost @Nested first, attribute over config ---

    @RequiresGoroot(go = GO119)
    static class MethodOverridesClass {
        @Test
        void fromClass(GoToolchain t) {
            assertThat(t.version().toString()).isEqualTo("go1.19.8");
        }

        @Test
        @RequiresGoroot(go = GO123)
        void fromMethod(GoToolchain t) {
            assertThat(t.version().toString()).isEqualTo("go1.23.5");
        }
    }

    @Test
    void aMethodAnnotationOverridesTheClassAnnotation() {
        run(MethodOverridesClass.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @RequiresGoroot(go = GO119)
    static class Outer {
        @Test
        void outer(GoToolchain t) {
            assertThat(t.version().toString()).isEqualTo("go1.19.8");
        }

        @Nested
        @RequiresGoroot(go = GO122)
        class Inner {
            @Test
            void innermostWins(GoToolchain t) {
                assertThat(t.version().toString()).isEqualTo("go1.22.12");
            }

            @Nested
            class Deeper {
                @Test
                void nearestEnclosingWins(GoToolchain t) {
                    assertThat(t.version().toString()).isEqualTo("go1.22.12");
                }
            }
        }

        @Nested
        class WithoutOwn {
            @Test
            void enclosingClassApplies(GoToolchain t) {
                assertThat(t.version().toString()).isEqualTo("go1.19.8");
            }
        }
    }

    @Test
    void nestedClassesFindTheInnermostEnclosingAnnotation() {
        run(Outer.class).testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @RequiresGoroot(go = GO122, version = "1.22.x")
    @interface Go122 {
    }

    @Go122
    static class Composed {
        @Test
        void viaMetaAnnotation(GoToolchain t, GoCommand go) {
            assertThat(t.version().toString()).isEqualTo("go1.22.12");
            assertThat(go.toolchain()).isSameAs(t);
        }
    }

    @Test
    void composedAnnotationsWork() {
        run(Composed.class).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    static class ConfiguredGo {
        @Test
        @RequiresGoroot
        void fromConfiguration(GoToolchain t) {
            assertThat(t.version().toString()).isEqualTo("go1.23.5");
        }

        @Test
        @RequiresGoroot(go = GO121)
        void attributeBeatsConfiguration(GoToolchain t) {
            assertThat(t.version().toString()).isEqualTo("go1.21.13");
        }
    }

    @Test
    void gotrailGoConfiguresTheDefaultAndTheAttributeOverridesIt() {
        run(ConfiguredGo.class, Map.of("gotrail.go", GO123)).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @RequiresGoroot(go = GO121)
    static class ConstructorInjection {
        private final GoToolchain toolchain;

        ConstructorInjection(GoToolchain toolchain) {
            this.toolchain = toolchain;
        }

        @Test
        void test() {
            assertThat(toolchain.version().toString()).isEqualTo("go1.21.13");
        }
    }

    @Test
    void constructorsCanTakeTheToolchain() {
        run(ConstructorInjection.class).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    // ---- no toolchain: fail by default, skip on request; broken always fails -------------

    static class MissingGo {
        @Test
        @RequiresGoroot(go = "/nonexistent/gotrail/bin/go")
        void needsGo() {
        }
    }

    @Test
    void aMissingGoFailsByDefaultNamingEverySourceAndTheSkipOption() {
        Events events = run(MissingGo.class).testEvents();

        events.assertStatistics(s -> s.failed(1));
        assertThat(failureMessages(events)).singleElement().asString()
                .contains("No Go toolchain found", "/nonexistent/gotrail/bin/go does not exist", "Sources consulted:",
                        "PATH=", "Fix:", "set gotrail.missing=skip");
    }

    @Test
    void gotrailMissingSkipAbortsInstead() {
        Events events = run(MissingGo.class, Map.of("gotrail.missing", "skip")).testEvents();

        events.assertStatistics(s -> s.aborted(1).failed(0));
        assertThat(events.aborted().stream().map(RequiresGorootExtensionTest::message)).singleElement().asString()
                .contains("/nonexistent/gotrail/bin/go does not exist", "Skipped because gotrail.missing=skip");
    }

    static class ConfiguredBrokenGo {
        @Test
        @RequiresGoroot
        void needsGo() {
        }
    }

    @Test
    void aGoThatIsFoundButBrokenFailsEvenWithMissingSkip() {
        Path fake = GoStage.script(tmp, "go", "echo 'go: broken on purpose' >&2; exit 2");

        Events events = run(ConfiguredBrokenGo.class, Map.of("gotrail.go", fake.toString(), "gotrail.missing", "skip")).testEvents();

        events.assertStatistics(s -> s.failed(1).aborted(0));
        assertThat(failureMessages(events)).singleElement().asString()
                .contains("The Go toolchain does not work", "go: broken on purpose");
    }

    static class ConfiguredGoWrongVersion {
        @Test
        @RequiresGoroot(version = ">=1.30")
        void needsNewGo() {
        }
    }

    @Test
    void aFoundButWrongVersionFailsEvenWithMissingSkip() {
        Events events = run(ConfiguredGoWrongVersion.class, Map.of("gotrail.go", GO123, "gotrail.missing", "skip")).testEvents();

        events.assertStatistics(s -> s.failed(1).aborted(0));
    }

    // ---- consistency ----------------------------------------------------------------------

    static class Consistency {
        @Test
        @RequiresGoroot
        void consistentByDefault() {
        }

        @Test
        @RequiresGoroot(consistent = false)
        void acceptsInconsistency(GoToolchain t) {
            assertThat(t.isConsistent()).isFalse();
        }
    }

    @Test
    void anInconsistentToolchainFailsUnlessConsistentIsFalse() {
        GoStage stage = new GoStage(tmp);
        Path goroot = stage.assembleGoroot("goroot", "1.21", "1.21", tmp.resolve("gone/src"), "1.21");

        Events events = run(Consistency.class, Map.of("gotrail.go", goroot.resolve("bin/go").toString())).testEvents();

        events.assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(failureMessages(events)).singleElement().asString()
                .contains("inconsistent toolchain", "goroot-without-sources", "dangling symlink",
                        "@RequiresGoroot(consistent = false)");
    }

    // ---- ToolchainResolution for other extensions, evidence in the store -----------------

    record Resolved(GoToolchain toolchain, Optional<GoToolchain> recorded) {
    }

    /** Stands in for @TraceGoCommand / @AssumeSharedLibs: resolves without @RequiresGoroot. */
    static class OtherExtension implements ParameterResolver, AfterEachCallback {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == Resolved.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            GoToolchain t = ToolchainResolution.resolve(c);
            return new Resolved(t, ToolchainResolution.recorded(c));
        }

        @Override
        public void afterEach(ExtensionContext c) {
            if (ToolchainResolution.recorded(c).isEmpty()) {
                throw new AssertionError("no toolchain recorded in the store of " + c.getUniqueId());
            }
        }
    }

    @ExtendWith(OtherExtension.class)
    static class WithoutAnnotation {
        @Test
        void impliedDefaults(Resolved r) {
            assertThat(r.toolchain().version().toString()).isEqualTo("go1.22.12");
            assertThat(r.recorded()).containsSame(r.toolchain());
        }
    }

    @Test
    void otherExtensionsResolveTheToolchainWithImpliedDefaultsAndItIsRecorded() {
        run(WithoutAnnotation.class, Map.of("gotrail.go", GO122)).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @ExtendWith(OtherExtension.class)
    @RequiresGoroot(go = GO119)
    static class WithAnnotation {
        @Test
        void annotationApplies(Resolved r) {
            assertThat(r.toolchain().version().toString()).isEqualTo("go1.19.8");
        }
    }

    @Test
    void otherExtensionsHonourTheAnnotation() {
        run(WithAnnotation.class, Map.of("gotrail.go", GO122)).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    // ---- one discovery for a thousand tests -----------------------------------------------

    @RequiresGoroot
    static class AThousandTests {
        @RepeatedTest(1000)
        void test(GoToolchain toolchain, GoCommand go) {
            assertThat(toolchain.version().isKnown()).isTrue();
            assertThat(go.toolchain()).isSameAs(toolchain);
        }
    }

    @Test
    void aThousandTestsLaunchDiscoveryOnce() {
        // a go only this test uses, so the per-binary counters are not shared with other tests
        Path go = GoStage.symlink(tmp, "go", Path.of(GO121));

        run(AThousandTests.class, Map.of("gotrail.go", go.toString())).testEvents()
                .assertStatistics(s -> s.succeeded(1000).failed(0));

        assertThat(ToolchainDiscovery.discoveryRuns(go)).isEqualTo(1);
        assertThat(ToolchainDiscovery.processLaunches(go)).as("go env -json twice, compile -V=full once").isEqualTo(3);
    }
}
