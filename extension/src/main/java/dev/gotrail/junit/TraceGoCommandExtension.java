package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.Redactor;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.TracerProblem;
import dev.gotrail.tracer.TracerUnavailableException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Implements {@link TraceGoCommand}: right before the test body (after {@code @BeforeEach}
 * methods, so they can prepare the {@code dir}) it resolves the toolchain under test through
 * {@link ToolchainResolution} (so {@code @RequiresGoroot} applies, with its defaults when absent),
 * runs the go command under the tracer, checks the exit code and keeps the {@link GoTrace} in the
 * test's store for {@link GoTrace} parameters. Without {@code @RequiresGoroot} it also resolves
 * {@link GoToolchain} and {@link GoCommand} parameters. State lives in the test's store only, so
 * parallel execution is safe.
 */
final class TraceGoCommandExtension implements BeforeTestExecutionCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TraceGoCommandExtension.class);
    private static final String TRACE_KEY = "trace";

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        run(context);
    }

    /**
     * Runs the command and stores its trace under {@link #TRACE_KEY} (the evidence extension reads
     * it there) <em>before</em> checking timeout and exit code, so a failing test keeps the evidence.
     */
    private static void run(ExtensionContext context) {
        Declared declared = declared(context).orElseThrow(() -> new ExtensionConfigurationException(
                "TraceGoCommandExtension is registered but no @TraceGoCommand is found on " + context.getDisplayName()
                        + "; annotate the test or its class with @TraceGoCommand"));
        TraceGoCommand a = declared.annotation();
        Duration timeout = GotrailConfig.parseDuration("@TraceGoCommand(timeout) on " + declared.on(), a.timeout(), ExtensionConfigurationException::new);
        GoToolchain toolchain = ToolchainResolution.resolve(context);
        GoCommand go = ToolchainResolution.goCommand(context, toolchain)
                .args(a.value()).timeout(timeout);
        for (String entry : a.env()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@TraceGoCommand(env) on " + declared.on() + " has '" + entry
                        + "'; write KEY=VALUE to set a variable or KEY= to unset it");
            }
            String key = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            go = value.isEmpty() ? go.unsetEnv(key) : go.env(key, value);
        }
        go = go.dir(directory(context, a, declared));
        TracedCommand.Outcome outcome;
        try {
            outcome = go.tracing.trace(go);
        } catch (TracerUnavailableException e) {
            throw unavailable(context, e.problem(), go);
        }
        GoTrace trace = outcome.trace();
        context.getStore(NAMESPACE).put(TRACE_KEY, trace);
        if (outcome.timedOut()) {
            throw new AssertionFailedError(TraceTimeout.message(outcome, timeout));
        }
        if (a.exitCode() != -1 && trace.exitCode() != a.exitCode()) {
            // the message quotes stderr: redacted like the evidence (docs/evidence.md, "Redaction")
            throw new AssertionFailedError(Redactor.defaults().withSecretValuesFrom(outcome.result().environment()).redactPrinted(
                    String.join(" ", trace.command()) + " exited with " + trace.exitCode()
                    + " but @TraceGoCommand(exitCode = " + a.exitCode() + ") on " + declared.on() + " expects "
                    + a.exitCode() + " (-1 accepts any)" + tail("stderr", trace.stderr()) + "\nRaw trace: " + trace.rawLog()),
                    a.exitCode(), trace.exitCode());
        }
    }

    private static Path directory(ExtensionContext context, TraceGoCommand a, Declared declared) {
        if (a.dir().isBlank()) {
            return GoTracing.forTest(context).newDirectory("work");
        }
        Path dir = Path.of(a.dir().strip()).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new ExtensionConfigurationException("@TraceGoCommand(dir = \"" + a.dir() + "\") on " + declared.on()
                    + ": " + dir + " is not a directory; create it (e.g. in @BeforeEach) or leave dir empty for a fresh temp dir");
        }
        return dir;
    }

    /** Tracing switched off or impossible: abort for gotrail.tracer=none and gotrail.missing=skip, else fail. */
    private static RuntimeException unavailable(ExtensionContext context, TracerProblem problem, GoCommand go) {
        String message = "@TraceGoCommand cannot trace '" + go + "': " + problem.explain();
        if (problem.cause() == TracerProblem.Cause.DISABLED) {
            return new TestAbortedException(message);
        }
        if (JupiterConfig.from(context).missing() == GotrailConfig.Missing.SKIP) {
            return new TestAbortedException(message + "\nSkipped because gotrail.missing=skip.");
        }
        throw new AssertionFailedError(message);
    }

    private static String tail(String label, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "";
        }
        java.util.List<String> lines = t.lines().toList();
        StringBuilder sb = new StringBuilder("\n").append(label).append(":");
        lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(l -> sb.append("\n  ").append(l));
        return sb.toString();
    }

    private record Declared(TraceGoCommand annotation, String on) {
    }

    /** The innermost @TraceGoCommand: the method, then its class, then enclosing @Nested classes outwards. */
    private static Optional<Declared> declared(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getElement();
            if (element.isEmpty()) {
                continue;
            }
            Optional<TraceGoCommand> found = AnnotationSupport.findAnnotation(element.get(), TraceGoCommand.class);
            if (found.isPresent()) {
                return Optional.of(new Declared(found.get(), ToolchainResolution.describe(element.get())));
            }
        }
        return Optional.empty();
    }

    private static boolean requiresGorootPresent(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().filter(e -> AnnotationSupport.isAnnotated(e, RequiresGoroot.class)).isPresent()) {
                return true;
            }
        }
        return false;
    }


    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == GoTrace.class) {
            return true;
        }
        // With @RequiresGoroot present its own extension resolves these; two resolvers would clash.
        return (type == GoToolchain.class || type == GoCommand.class) && !requiresGorootPresent(extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == GoTrace.class) {
            if (extensionContext.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("a GoTrace is injected into test methods only (it is the trace of "
                        + "the @TraceGoCommand run right before the test body); use GoCommand.trace() elsewhere");
            }
            GoTrace trace = extensionContext.getStore(NAMESPACE).get(TRACE_KEY, GoTrace.class);
            if (trace == null) {
                throw new ParameterResolutionException("no @TraceGoCommand trace for " + extensionContext.getDisplayName()
                        + "; the command runs right before the test body, so a GoTrace can only be a test method parameter");
            }
            return trace;
        }
        GoToolchain toolchain = ToolchainResolution.resolve(extensionContext);
        return type == GoToolchain.class ? toolchain : ToolchainResolution.goCommand(extensionContext, toolchain);
    }
}
