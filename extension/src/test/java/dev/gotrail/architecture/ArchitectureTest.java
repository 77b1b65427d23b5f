package dev.gotrail.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard of docs/internals/architecture.md: gotrail's packages form a one-way pipeline. Each package may
 * depend only on the packages listed below it in {@link #PIPELINE}; nothing forms a cycle; only
 * {@code junit} (the seam to JUnit) and {@code assertj} (AssertJ types only) touch a test framework.
 *
 * <p>The rules run from a Jupiter test with ArchUnit's core rather than through ArchUnit's own
 * JUnit engine, so that they run unchanged on JUnit 5.14 and 6.
 */
class ArchitectureTest {

    /** Bottom first: a package may use those before it, never those after it. */
    static final List<String> PIPELINE = List.of(
            "config", "json", "process", "elf", "buildinfo", "loader", "toolchain", "image", "baseline", "trace", "tracer",
            "evidence", "assertj", "junit");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.gotrail");

    @Test
    void everyPackageIsInThePipeline() {
        assertThat(MAIN.stream().map(c -> c.getPackageName().replaceFirst("^dev\\.gotrail\\.?", ""))
                .filter(p -> !p.isEmpty()).distinct())
                .as("a new package must be given its place in PIPELINE and in docs/internals/architecture.md")
                .allMatch(PIPELINE::contains);
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("dev.gotrail.(*)..").should().beFreeOfCycles());
    }

    @Test
    void dependenciesPointDownThePipeline() {
        for (int i = 0; i < PIPELINE.size(); i++) {
            List<String> above = PIPELINE.subList(i + 1, PIPELINE.size());
            if (above.isEmpty()) {
                continue;
            }
            check(noClasses().that().resideInAPackage("dev.gotrail." + PIPELINE.get(i))
                    .should().dependOnClassesThat(inAnyOf(above))
                    .as(PIPELINE.get(i) + " depends only on the packages below it: " + PIPELINE.subList(0, i)));
        }
    }

    @Test
    void onlyTheJunitSeamTouchesJunit() {
        check(noClasses().that().resideOutsideOfPackage("dev.gotrail.junit")
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.opentest4j..")
                .as("only dev.gotrail.junit uses JUnit types; everything below it is plain Java"));
    }

    @Test
    void onlyAssertionsTouchAssertj() {
        check(noClasses().that().resideOutsideOfPackage("dev.gotrail.assertj")
                .should().dependOnClassesThat().resideInAnyPackage("org.assertj..")
                .as("assertj-core is optional: only dev.gotrail.assertj may use it"));
    }

    @Test
    void theRulesCatchALoop() {
        // A rule that never fails guards nothing: the pipeline rule must flag a real upward edge.
        // junit -> tracer exists, so reading the pipeline upside down must fail.
        EvaluationResult upsideDown = noClasses().that().resideInAPackage("dev.gotrail.junit")
                .should().dependOnClassesThat(inAnyOf(List.of("tracer"))).evaluate(MAIN);
        assertThat(upsideDown.hasViolation()).isTrue();
    }

    private static DescribedPredicate<JavaClass> inAnyOf(List<String> packages) {
        return DescribedPredicate.describe("reside in any of " + packages,
                c -> packages.stream().anyMatch(p -> c.getPackageName().equals("dev.gotrail." + p)
                        || c.getPackageName().startsWith("dev.gotrail." + p + ".")));
    }

    private static void check(ArchRule rule) {
        rule.check(MAIN);
    }
}
