package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit adapter of {@link GotrailConfig}: values come from JUnit's configuration parameters
 * (junit-platform.properties, system properties, the launcher) and an invalid one fails the test
 * with an {@link ExtensionConfigurationException}, as Jupiter does for its own parameters.
 */
final class JupiterConfig {

    private JupiterConfig() {
    }

    static GotrailConfig from(ExtensionContext context) {
        return GotrailConfig.of(context::getConfigurationParameter, ExtensionConfigurationException::new);
    }
}
