package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces the {@code go} commands that unmodified code under test runs by bare name —
 * {@code new ProcessBuilder("go", "version")}, {@code sh -c "make release"} — through the stable
 * shim directory {@code gotrail.shim.dir} (default {@code target/gotrail-shim}, relative to the
 * test JVM's working directory). Java looks a bare "go" up on the test JVM's own PATH, fixed when
 * the JVM started, so the build tool must put that directory first on it: Surefire/Failsafe
 * {@code <environmentVariables><PATH>${project.build.directory}/gotrail-shim${path.separator}${env.PATH}</PATH>}
 * or Gradle {@code test { environment "PATH", "$buildDir/gotrail-shim:" + System.getenv("PATH") }}.
 * The extension writes the {@code go} script into the directory before the first test body runs;
 * the directory need not exist when the JVM starts. Each call runs the next {@code go} on PATH
 * under the tracer.
 *
 * <p>Inject {@link GoCallsOnPath} to assert on the calls; they are also part of the test's
 * evidence. Attribution (docs/trace-go-command.md, "Tracing a bare go"): a call belongs to this
 * JVM when the JVM is among its ancestor processes, and to the test whose run (before-each to
 * after the test method) encloses its start. When several tests of this JVM were running at that
 * moment (parallel execution), the call is <em>undecided</em>: it is listed, with the names of
 * all candidates, in {@link GoCallsOnPath#undecided()} and in the evidence of every candidate —
 * never dropped.
 *
 * <p>Fails the test with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}
 * naming the set-up when a bare "go" on this JVM's PATH is not the shim. No usable tracer: the
 * policy of {@link GoCommand#trace()} ({@code gotrail.missing}, {@code gotrail.strict}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The extensions named by @ExtendWith are package-private on purpose (JUnit instantiates them reflectively).
@SuppressWarnings("exports")
@Inherited
@ExtendWith(EvidenceExtension.class)
@ExtendWith(GoEvidenceParameter.class)
@ExtendWith(TraceGoOnPathExtension.class)
public @interface TraceGoOnPath {
}
