package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs one {@code go} command under the syscall tracer before the test body and injects its
 * {@link dev.gotrail.trace.GoTrace}. Implies {@link RequiresGoroot} with its defaults when that
 * annotation is absent.
 *
 * <p>No usable tracer ({@code gotrail.tracer=none}, strace missing, ptrace denied): the test fails
 * with the cause and the fix; {@code gotrail.missing=skip} skips it instead, unless
 * {@code gotrail.strict=true} — exactly as {@link GoCommand#trace()} and {@link GoCommand#shim()}.
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
@ExtendWith(TraceGoCommandExtension.class)
public @interface TraceGoCommand {

    /** go arguments, e.g. {@code {"env", "GOROOT"}}. */
    String[] value();

    /** Environment changes as {@code KEY=VALUE}; {@code KEY=} unsets KEY. */
    String[] env() default {};

    /** Working directory; "" means a fresh temporary directory per test. */
    String dir() default "";

    /** ISO-8601 duration after which the command and its whole process tree are killed. */
    String timeout() default "PT2M";

    /** Expected exit code; -1 accepts any. */
    int exitCode() default 0;
}
