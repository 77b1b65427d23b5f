package dev.gotrail.junit;

import dev.gotrail.evidence.EvidenceDirectoryName;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link GoEvidence} parameters to the bundle of the context they are resolved in (the
 * test's for test and {@code @BeforeEach} methods, the class's for {@code @BeforeAll}). Registered
 * by every gotrail annotation and by {@link CollectEvidence}; JUnit registers it once per test.
 */
final class GoEvidenceParameter implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == GoEvidence.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return new GoEvidence(EvidenceBundles.bundleFor(extensionContext), JupiterConfig.from(extensionContext).evidenceDir()
                .resolve(EvidenceDirectoryName.of(extensionContext.getUniqueId())).toAbsolutePath());
    }
}
