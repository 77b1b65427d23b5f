package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.process.EnvDelta;
import dev.gotrail.evidence.Redactor;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.TracedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * Implements {@link TraceGoCommand}: right before the test body (after {@code @BeforeEach}
 * methods, so they can prepare the {@code dir}) it resolves the toolchain under test through
 * {@link ToolchainResolution} (so {@code @RequiresGoroot} applies, with its defaults when absent),
 * runs the go command under the tracer (which pushes the command and its trace into the test's
 * evidence bundle), checks the exit code and keeps the {@link GoTrace} in this extension's own store
 * namespace for {@link GoTrace} parameters. Without {@code @RequiresGoroot} it also resolves
 * {@link GoToolchain} and {@link GoCommand} parameters. No usable tracer: {@link SkipPolicy#missing},
 * exactly as for {@link GoCommand#trace()}. State lives in the test's store only, so parallel
 * execution is safe.
 */
final class TraceGoCommandExtension implements BeforeTestExecutionCallback, ParameterResolver {

    /** This extension's own store namespace: the trace of each test, keyed by the test's unique id. */
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TraceGoCommandExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        run(context);
    }

    /**
     * Runs the command (the tracing pushes its trace into the evidence as soon as it ends) and
     * stores the trace for the parameter before checking timeout and exit code.
     */
    private static void run(ExtensionContext context) {
        ClosestAnnotation.Found<TraceGoCommand> declared = ClosestAnnotation.find(context, TraceGoCommand.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "TraceGoCommandExtension is registered but no @TraceGoCommand is found on " + context.getDisplayName()
                                + "; annotate the test or its class with @TraceGoCommand"));
        TraceGoCommand a = declared.annotation();
        Duration timeout = GotrailConfig.parseDuration("@TraceGoCommand(timeout) on " + declared.where(), a.timeout(), ExtensionConfigurationException::new);
        GoToolchain toolchain = ToolchainResolution.resolve(context);
        GoCommand go = ToolchainResolution.goCommand(context, toolchain)
                .args(a.value()).timeout(timeout);
        try {
            go = go.env(EnvDelta.parse(a.env()));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@TraceGoCommand(env) on " + declared.where() + ": " + e.getMessage(), e);
        }
        go = go.dir(directory(context, a, declared));
        TracedCommand.Outcome outcome = go.tracing.trace(go, "@TraceGoCommand");
        GoTrace trace = outcome.trace();
        context.getStore(NAMESPACE).put(context.getUniqueId(), trace);
        if (outcome.timedOut()) {
            throw new AssertionFailedError(TraceTimeout.message(outcome, timeout));
        }
        if (a.exitCode() != -1 && trace.exitCode() != a.exitCode()) {
            // the message quotes stderr: redacted like the evidence (docs/evidence.md, "Redaction")
            throw new AssertionFailedError(Redactor.defaults().withSecretValuesFrom(outcome.result().environment()).redactPrinted(
                    String.join(" ", trace.command()) + " exited with " + trace.exitCode()
                    + " but @TraceGoCommand(exitCode = " + a.exitCode() + ") on " + declared.where() + " expects "
                    + a.exitCode() + " (-1 accepts any)" + tail("stderr", trace.stderr()) + "\nRaw trace: " + dev.gotrail.evidence.KeptLogs.describe(trace.rawLog())),
                    a.exitCode(), trace.exitCode());
        }
    }

    private static Path directory(ExtensionContext context, TraceGoCommand a, ClosestAnnotation.Found<TraceGoCommand> declared) {
        if (a.dir().isBlank()) {
            return GoTracing.forTest(context).newDirectory("work");
        }
        Path dir = Path.of(a.dir().strip()).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new ExtensionConfigurationException("@TraceGoCommand(dir = \"" + a.dir() + "\") on " + declared.where()
                    + ": " + dir + " is not a directory; create it (e.g. in @BeforeEach) or leave dir empty for a fresh temp dir");
        }
        return dir;
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

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == GoTrace.class) {
            return true;
        }
        // With @RequiresGoroot present its own extension resolves these; two resolvers would clash.
        return (type == GoToolchain.class || type == GoCommand.class)
                && !ClosestAnnotation.isPresent(extensionContext, RequiresGoroot.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == GoTrace.class) {
            if (extensionContext.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("a GoTrace is injected into test methods only (it is the trace of "
                        + "the @TraceGoCommand run right before the test body); use GoCommand.trace() elsewhere");
            }
            GoTrace trace = extensionContext.getStore(NAMESPACE).get(extensionContext.getUniqueId(), GoTrace.class);
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
