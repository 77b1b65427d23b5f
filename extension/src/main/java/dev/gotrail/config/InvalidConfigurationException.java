package dev.gotrail.config;

/**
 * An invalid gotrail configuration value outside JUnit (the CLI, tools); the message names the key,
 * the value, the valid choices and where to fix it. Inside JUnit the same message arrives as an
 * {@code ExtensionConfigurationException}.
 */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
