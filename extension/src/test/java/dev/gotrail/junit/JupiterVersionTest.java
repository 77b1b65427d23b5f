package dev.gotrail.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Guards the CI matrix: the suite must really run on the Jupiter version the build selected
 * (5.14 by default, 6.x with -Pjunit6), otherwise "works on JUnit 6" would be an untested claim.
 */
class JupiterVersionTest {

    @Test
    void runsOnTheJupiterVersionTheBuildSelected() {
        String expected = System.getProperty("gotrail.expected.junit.version");
        String actual = ExtensionContext.class.getPackage().getImplementationVersion();
        assertThat(expected).as("surefire passes the selected junit.version").isNotBlank();
        assertThat(actual).as("Implementation-Version of junit-jupiter-api on the test class path").isEqualTo(expected);
    }
}
