package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs a working Go toolchain; resolves {@link dev.gotrail.toolchain.GoToolchain} and
 * {@link GoCommand} parameters.
 *
 * <p>When no toolchain is found or a requirement is not met the test <em>fails</em> with an
 * explanation naming every source consulted and a fix. {@code gotrail.missing=skip} turns "no
 * toolchain found" into a skip, which {@code gotrail.strict=true} turns back into a failure; a
 * toolchain that is found but wrong always fails.
 *
 * <p>Usable on classes, methods and other annotations; found through {@code @Nested} enclosing
 * classes (the innermost declaration wins); safe under parallel execution.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The extensions named by @ExtendWith are package-private on purpose (JUnit instantiates them reflectively).
@SuppressWarnings("exports")
@Inherited
@ExtendWith(EvidenceExtension.class)
@ExtendWith(GoEvidenceParameter.class)
@ExtendWith(UnprovidedParameters.class)
@ExtendWith(RequiresGorootExtension.class)
public @interface RequiresGoroot {

    /** Expected effective GOROOT, compared by real path; "" accepts any. */
    String value() default "";

    /** Version constraint, e.g. {@code ">=1.21"}, {@code "1.19.x"}, {@code ">=1.21,<1.24"}; "" accepts any. */
    String version() default "";

    /**
     * Fail when the sources of truth disagree: $GOROOT, the user go/env file, {@code go env GOROOT},
     * the GOROOT derived from the real go binary's location, {@code VERSION} vs {@code GOVERSION},
     * GOTOOLDIR.
     */
    boolean consistent() default true;

    /**
     * The go binary to use; "" means the {@code gotrail.go} configuration parameter, else the first
     * go on PATH. Inside {@code @GoImage}: an absolute path inside the image, selected whether or not
     * the image's PATH reaches it ("" = the first go on the image's PATH; {@code gotrail.go} is not used).
     */
    String go() default "";
}
