package dev.gotrail.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * How a baseline check behaves.
 *
 * @param mode         {@link Mode#VERIFY} (compare; the default) or {@link Mode#UPDATE} (rewrite the file on drift)
 * @param ci           running in CI: {@code update} is refused, a missing baseline fails instead of being created
 * @param candidateDir where a failed check writes the candidate ({@code NAME.new}) and the diff
 *                     ({@code NAME.diff}) for review, mirroring the baseline's path: by default
 *                     {@code <gotrail.evidence.dir>/baselines}, i.e. {@code target/gotrail/baselines}
 */
public record BaselineSettings(Mode mode, boolean ci, Path candidateDir) {

    /** The configuration parameter ({@code verify} or {@code update}). */
    public static final String PARAMETER = "gotrail.baseline";
    /** The environment variable that means "this is CI" (set by GitHub Actions, GitLab CI, Jenkins and most others). */
    public static final String CI_VARIABLE = "CI";

    /** What to do with the baseline file. */
    public enum Mode {
        /** Compare and report drift; never rewrite an existing file. */
        VERIFY,
        /** Rewrite the file with the facts found now (refused in CI). */
        UPDATE
    }

    public BaselineSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(candidateDir, "candidateDir");
    }

    /**
     * The settings of this process: {@code gotrail.baseline} and {@code gotrail.evidence.dir}
     * from the system properties, else from {@code junit-platform.properties} on the class path
     * (the assertion runs outside any JUnit extension, so launcher-only parameters are not seen);
     * {@code CI} from the environment.
     *
     * @throws IllegalArgumentException when {@code gotrail.baseline} is neither {@code verify} nor {@code update}
     */
    public static BaselineSettings fromEnvironment() {
        Properties junit = junitPlatformProperties();
        Function<String, Optional<String>> params = key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(junit.getProperty(key)));
        return of(params, System.getenv());
    }

    /**
     * Settings from configuration parameters ({@code gotrail.baseline}, {@code gotrail.evidence.dir})
     * and an environment (for {@code CI}).
     *
     * @throws IllegalArgumentException when {@code gotrail.baseline} is neither {@code verify} nor {@code update}
     */
    public static BaselineSettings of(Function<String, Optional<String>> parameters, Map<String, String> environment) {
        Mode mode = parameters.apply(PARAMETER).map(String::strip).filter(s -> !s.isEmpty()).map(BaselineSettings::mode)
                .orElse(Mode.VERIFY);
        Path evidence = parameters.apply("gotrail.evidence.dir").map(String::strip).filter(s -> !s.isEmpty())
                .map(Path::of).orElse(Path.of("target", "gotrail"));
        return new BaselineSettings(mode, isCi(environment.get(CI_VARIABLE)), evidence.resolve("baselines"));
    }

    private static Mode mode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "verify" -> Mode.VERIFY;
            case "update" -> Mode.UPDATE;
            default -> throw new IllegalArgumentException(PARAMETER + "=" + value + " is not valid: expected verify or update");
        };
    }

    /** {@code CI} counts as set when it is non-empty and not {@code false} or {@code 0} (a way to switch it off). */
    static boolean isCi(String value) {
        return value != null && !value.isBlank() && !value.strip().equalsIgnoreCase("false") && !value.strip().equals("0");
    }

    private static Properties junitPlatformProperties() {
        Properties p = new Properties();
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(ClassLoader.getSystemClassLoader());
        try (InputStream in = loader.getResourceAsStream("junit-platform.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable properties file leaves the defaults, as JUnit itself does (it logs and goes on)
        }
        return p;
    }

    /** These settings in another mode. */
    public BaselineSettings withMode(Mode newMode) {
        return new BaselineSettings(newMode, ci, candidateDir);
    }

    /** These settings with {@code CI} set or not. */
    public BaselineSettings withCi(boolean newCi) {
        return new BaselineSettings(mode, newCi, candidateDir);
    }

    /** These settings writing candidates under {@code dir}. */
    public BaselineSettings withCandidateDir(Path dir) {
        return new BaselineSettings(mode, ci, dir);
    }
}
