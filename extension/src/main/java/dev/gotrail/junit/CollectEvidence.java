package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test that uses gotrail's library directly — {@code Loader}, {@code ElfFile},
 * {@code GoTrace.from(…)}, its own commands — the evidence of the annotations: inject
 * {@link GoEvidence} and add what the test found; when the test fails the bundle is written under
 * {@code gotrail.evidence.dir/<test>/}, published through JUnit and summarised in a digest on the
 * failure (docs/evidence.md). The other gotrail annotations ({@code @RequiresGoroot},
 * {@code @TraceGoCommand}, {@code @AssumeSharedLibs}, {@code @TraceGoOnPath}) include this: a test
 * carrying one of them needs no {@code @CollectEvidence}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The extensions named by @ExtendWith are package-private on purpose (JUnit instantiates them reflectively).
@SuppressWarnings("exports")
@Inherited
@ExtendWith(EvidenceExtension.class)
@ExtendWith(GoEvidenceParameter.class)
public @interface CollectEvidence {
}
