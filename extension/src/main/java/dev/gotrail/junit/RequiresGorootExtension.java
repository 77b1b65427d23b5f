package dev.gotrail.junit;

import dev.gotrail.toolchain.GoToolchain;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link RequiresGoroot}: before each test it resolves and checks the toolchain (so a
 * test without parameters still fails or skips as required), and it resolves {@link GoToolchain}
 * and {@link GoCommand} parameters of tests, lifecycle methods and constructors. All state lives in
 * the discovery cache (thread-safe) and the test's store, so parallel execution is safe.
 */
final class RequiresGorootExtension implements BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeEach(ExtensionContext context) {
        ToolchainResolution.resolve(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == GoToolchain.class || type == GoCommand.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        GoToolchain toolchain = ToolchainResolution.resolve(extensionContext);
        if (type == GoToolchain.class) {
            return toolchain;
        }
        if (type == GoCommand.class) {
            return ToolchainResolution.goCommand(extensionContext, toolchain);
        }
        throw new ParameterResolutionException("RequiresGorootExtension cannot resolve " + type.getName());
    }
}
