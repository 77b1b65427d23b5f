package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The seam between gotrail's extensions, through EngineTestKit with parallel execution on: one
 * closest-annotation rule for every annotation (method over class over enclosing {@code @Nested}
 * classes, composed annotations included), and evidence pushed by whoever produced it — each piece
 * exactly once, although the evidence extension reads no other extension's store.
 */
class ExtensionSeamTest {

    static final String GO119 = "/usr/lib/go-1.19/bin/go";
    static final String GO121 = "/usr/lib/go-1.21/bin/go";
    static final String GO122 = "/usr/lib/go-1.22/bin/go";

    @TempDir
    Path tmp;

    @BeforeAll
    static void realTools() {
        RealTools.go("1.19");
        RealTools.go("1.21");
        RealTools.go("1.22");
        RealTools.strace();
    }

    EngineExecutionResults run(Class<?> testClass, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("junit.jupiter.execution.parallel.enabled", "true");
        all.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        all.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        all.put(GotrailConfig.EVIDENCE_DIR, tmp.resolve("evidence").toString());
        all.putAll(extra);
        return EngineTestKit.engine("junit-jupiter").configurationParameters(all).selectors(selectClass(testClass)).execute();
    }

    static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(ExtensionSeamTest::describe).toList();
    }

    static String describe(Event e) {
        return e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?");
    }

    // ---- evidence: each kind exactly once --------------------------------------------------

    /**
     * Every producer at once: the toolchain (@RequiresGoroot, also needed by @TraceGoCommand and
     * the injected GoCommand), the link map (@AssumeSharedLibs), the trace of @TraceGoCommand, a
     * GoCommand.trace() and a call through the shim.
     */
    @RequiresGoroot(go = GO121)
    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
    static class EveryProducer {
        @RepeatedTest(4)
        @TraceGoCommand({"env", "GOROOT"})
        void all(GoTrace trace, GoToolchain toolchain, GoCommand go, LinkMap map) {
            assertThat(trace.exitCode()).isZero();
            assertThat(go.args("env", "GOVERSION").trace().stdout().strip()).isEqualTo("go1.21.13");
            CommandResult viaShim = CommandRunner.run(CommandSpec.of(go.shim().resolve("go").toString(), "version"));
            assertThat(viaShim.exitCode()).as(viaShim.stderr()).isZero();
            assertThat(go.traces()).hasSize(1);
            assertThat(map.find("libc.so.6")).isPresent();
            assertThat(toolchain.version().toString()).isEqualTo("go1.21.13");
        }
    }

    @Test
    void evidenceOfEachKindArrivesExactlyOnce() throws IOException {
        EngineExecutionResults results = run(EveryProducer.class, Map.of(GotrailConfig.EVIDENCE, "always"));

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(4));
        List<Path> dirs = evidenceDirs();
        assertThat(dirs).hasSize(4);
        for (Path dir : dirs) {
            String summary = Files.readString(dir.resolve("summary.txt"));
            assertThat(count(summary, "(?m)^=== toolchain ===$")).as("toolchains in %s", dir).isEqualTo(1);
            assertThat(count(summary, "(?m)^=== trace [0-9]+: ")).as("traces in %s", dir).isEqualTo(3);
            assertThat(summary).contains("=== trace 1: go env GOROOT ===", "=== trace 2: go env GOVERSION ===",
                    "=== trace 3: go version ===");
            assertThat(count(Files.readString(dir.resolve("commands.txt")), "(?m)^=== command [0-9]+ ===$"))
                    .as("traced commands in %s (shim calls have no command result)", dir).isEqualTo(2);
            // linkmap.txt: one blank-line-separated section per link map, each starting with the binary
            assertThat(Files.readString(dir.resolve("linkmap.txt")).strip().split("\n\n"))
                    .as("link maps in %s", dir).singleElement().asString().startsWith("/usr/bin/ls\n");
            assertThat(count(summary, "(?m)^@RequiresGoroot\\(")).as("expectations in %s", dir).isEqualTo(1);
            try (Stream<Path> logs = Files.list(dir)) {
                // each trace once: its raw log and its JSON shape (GoTrace.toJsonMap)
                assertThat(logs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("trace-")).sorted())
                        .containsExactly("trace-1.json", "trace-1.log", "trace-2.json", "trace-2.log", "trace-3.json", "trace-3.log");
            }
        }
    }

    private List<Path> evidenceDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(tmp.resolve("evidence"))) {
            return dirs.sorted().toList();
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    // ---- closest annotation: @Nested inherits, composed annotations, method beats class ----

    @RequiresGoroot(go = GO119)
    @TraceGoCommand({"env", "GOVERSION"})
    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
    static class Enclosing {
        @Nested
        class Inner {
            @Test
            void inheritsEveryAnnotation(GoTrace trace, GoToolchain toolchain, LinkMap map) {
                assertThat(toolchain.version().toString()).isEqualTo("go1.19.8");
                assertThat(trace.stdout().strip()).isEqualTo("go1.19.8");
                assertThat(map.binary()).isEqualTo("/usr/bin/ls");
            }

            @Nested
            @RequiresGoroot(go = GO122)
            @TraceGoCommand({"env", "GOROOT"})
            class Deeper {
                @Test
                void theInnermostDeclarationWins(GoTrace trace, GoToolchain toolchain) {
                    assertThat(toolchain.version().toString()).isEqualTo("go1.22.12");
                    assertThat(trace.command()).endsWith("env", "GOROOT");
                    assertThat(trace.stdout().strip()).isEqualTo("/usr/lib/go-1.22");
                }
            }
        }
    }

    @Test
    void aNestedClassInheritsTheEnclosingClassesAnnotations() {
        EngineExecutionResults results = run(Enclosing.class, Map.of());

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @RequiresGoroot(go = GO122)
    @TraceGoCommand({"env", "GOVERSION"})
    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libgotrail-absent.so.1")
    @interface Go122LsWithoutItsLibrary {
    }

    static class Composed {
        @Test
        @Go122LsWithoutItsLibrary
        void onTheMethod() {
        }

        @Nested
        @Go122LsWithoutItsLibrary
        class OnANestedClass {
            @Test
            void test() {
            }
        }
    }

    @Test
    void aComposedAnnotationCarriesEveryGotrailAnnotation() {
        EngineExecutionResults results = run(Composed.class, Map.of());

        // the @AssumeSharedLibs inside the composed annotation aborts both, naming where it was declared
        results.testEvents().assertStatistics(s -> s.aborted(2).failed(0).succeeded(0));
        assertThat(results.testEvents().aborted().stream().map(ExtensionSeamTest::describe))
                .anySatisfy(m -> assertThat(m).contains("@AssumeSharedLibs on " + Composed.class.getName() + "#onTheMethod",
                        "libgotrail-absent.so.1 not found"))
                .anySatisfy(m -> assertThat(m).contains("@AssumeSharedLibs on " + Composed.OnANestedClass.class.getName(),
                        "libgotrail-absent.so.1 not found"));
    }

    static class ComposedPasses {
        @Retention(RetentionPolicy.RUNTIME)
        @Target({ElementType.TYPE, ElementType.METHOD})
        @RequiresGoroot(go = GO122)
        @TraceGoCommand({"env", "GOVERSION"})
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
        @interface Go122Ls {
        }

        @Test
        @Go122Ls
        void injected(GoTrace trace, GoToolchain toolchain, LinkMap map) {
            assertThat(toolchain.version().toString()).isEqualTo("go1.22.12");
            assertThat(trace.stdout().strip()).isEqualTo("go1.22.12");
            assertThat(map.binary()).isEqualTo("/usr/bin/ls");
        }
    }

    @Test
    void aComposedAnnotationProvidesEveryParameter() {
        EngineExecutionResults results = run(ComposedPasses.class, Map.of());

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @RequiresGoroot(go = GO119)
    @TraceGoCommand({"env", "GOROOT"})
    @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libgotrail-absent.so.1")
    static class MethodBeatsClass {
        @Test
        @RequiresGoroot(go = GO122)
        @TraceGoCommand({"env", "GOVERSION"})
        @AssumeSharedLibs(binary = "/usr/bin/ls", value = "libc.so.6")
        void methodDeclarations(GoTrace trace, GoToolchain toolchain, LinkMap map) {
            assertThat(toolchain.version().toString()).isEqualTo("go1.22.12");
            assertThat(trace.stdout().strip()).isEqualTo("go1.22.12");
            assertThat(map.find("libc.so.6")).isPresent();
        }

        @Test
        void classDeclarations() {
        }
    }

    @Test
    void aMethodDeclarationBeatsTheClassDeclaration() {
        EngineExecutionResults results = run(MethodBeatsClass.class, Map.of());

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1).aborted(1));
        assertThat(results.testEvents().aborted().stream().map(ExtensionSeamTest::describe)).singleElement().asString()
                .startsWith("classDeclarations()").contains("@AssumeSharedLibs on " + MethodBeatsClass.class.getName() + " not met");
    }

    // ---- a parameter without the annotation that provides it --------------------------------

    @RequiresGoroot(go = GO121)
    static class Unprovided {
        @Test
        void trace(GoTrace trace) {
        }

        @Test
        void linkMap(LinkMap map) {
        }
    }

    @AssumeSharedLibs(binary = "/usr/bin/ls")
    static class UnprovidedCommand {
        @Test
        void command(GoCommand go) {
        }

        @Test
        void toolchain(GoToolchain toolchain) {
        }
    }

    @Test
    void aParameterWithoutItsAnnotationFailsNamingThatAnnotation() {
        List<String> failures = new java.util.ArrayList<>(failures(run(Unprovided.class, Map.of())));
        failures.addAll(failures(run(UnprovidedCommand.class, Map.of())));

        assertThat(failures).hasSize(4)
                .anySatisfy(f -> assertThat(f).startsWith("trace(GoTrace)").contains("ParameterResolutionException",
                        "GoTrace parameter", "is provided by @TraceGoCommand, which is not present", "GoCommand.trace()"))
                .anySatisfy(f -> assertThat(f).startsWith("linkMap(LinkMap)")
                        .contains("LinkMap parameter", "is provided by @AssumeSharedLibs, which is not present"))
                .anySatisfy(f -> assertThat(f).startsWith("command(GoCommand)")
                        .contains("GoCommand parameter", "is provided by @RequiresGoroot or @TraceGoCommand"))
                .anySatisfy(f -> assertThat(f).startsWith("toolchain(GoToolchain)")
                        .contains("GoToolchain parameter", "is provided by @RequiresGoroot or @TraceGoCommand"))
                .noneSatisfy(f -> assertThat(f).contains("No ParameterResolver registered"));
    }
}
