package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.image.Image;
import dev.gotrail.image.ImageFormatException;
import dev.gotrail.image.ImageSandbox;
import dev.gotrail.image.SandboxProbe;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link GoImage}: opens the image (once per path and platform for the whole run: the
 * {@link Image} is kept in the root context's store, in this class's own namespace, read by no one
 * else; opening again would only cost the cache lookup), names it in each test's evidence and
 * resolves {@link Image} parameters. The other gotrail extensions ask {@link #image} whether their
 * test runs against an image. Thread-safe: the store computes each image once.
 */
final class GoImageExtension implements BeforeEachCallback, ParameterResolver {

    /** This class's own store namespace: opened images by path and platform, in the root context. */
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GoImageExtension.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

    /** An opened image and where its {@code @GoImage} was declared. */
    record ImageUnderTest(Image image, String declaredOn) {
        /** For messages and evidence: {@code image SOURCE (DIGEST, PLATFORM)}. */
        String describe() {
            return "image " + image.source() + (image.digest().isEmpty() ? " (an extracted root, " + image.platform() + ")"
                    : " (" + image.digest() + ", " + image.platform() + ")");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        image(context).ifPresent(i -> EvidenceBundles.bundleFor(context).addNote("@GoImage on " + i.declaredOn() + ": "
                + i.describe()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Image.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return image(extensionContext).orElseThrow(() -> new ExtensionConfigurationException(
                "no @GoImage found for " + extensionContext.getDisplayName())).image();
    }

    /**
     * The image of the closest {@link GoImage}, opened; empty when the test has none.
     *
     * @throws ExtensionConfigurationException when the image cannot be opened, naming the fix
     */
    static Optional<ImageUnderTest> image(ExtensionContext context) {
        Optional<ClosestAnnotation.Found<GoImage>> found = ClosestAnnotation.find(context, GoImage.class);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        GoImage a = found.get().annotation();
        String where = found.get().where();
        Path path = Path.of(expand(context, a.value(), where)).toAbsolutePath().normalize();
        String platform = a.platform().strip();
        String key = path + "|" + platform;
        Image image = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> open(path, platform, a, where),
                Image.class);
        return Optional.of(new ImageUnderTest(image, where));
    }

    private static Image open(Path path, String platform, GoImage a, String where) {
        String declared = "@GoImage(\"" + a.value() + "\"" + (a.platform().isBlank() ? "" : ", platform = \"" + a.platform() + "\"")
                + ") on " + where;
        try {
            return Image.open(path, platform);
        } catch (NoSuchFileException e) {
            throw new ExtensionConfigurationException(declared + ": " + path + " does not exist. Fix: point @GoImage at a "
                    + "docker save/podman save archive, an OCI layout (directory or tar) or an extracted root, e.g. "
                    + "'podman save -o " + path.getFileName() + " IMAGE' (a relative path is resolved against "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (dev.gotrail.image.NoSuchPlatformException e) {
            throw new ExtensionConfigurationException(declared + ": " + e.getMessage() + ". Fix: name one of them in"
                    + " @GoImage(platform = \"" + e.offered().get(0) + "\")", e);
        } catch (ImageFormatException e) {
            throw new ExtensionConfigurationException(declared + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(declared + ": " + e.getMessage()
                    + ". Fix: write the platform as OS/ARCH[/VARIANT], e.g. linux/amd64", e);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(declared + ": the image cannot be read: " + e
                    + ". Fix: check the file's permissions and gotrail.image.cache (where images are unpacked)", e);
        }
    }

    /** {@code ${NAME}} / {@code ${NAME:-default}}: configuration parameter (or system property), environment, default. */
    static String expand(ExtensionContext context, String value, String where) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Optional<String> v = context.getConfigurationParameter(name).or(() -> Optional.ofNullable(System.getenv(name)))
                    .filter(s -> !s.isEmpty());
            if (v.isEmpty() && m.group(2) == null) {
                throw new ExtensionConfigurationException("@GoImage(\"" + value + "\") on " + where + ": ${" + name
                        + "} is neither a configuration parameter nor an environment variable. Fix: set it (-D" + name
                        + "=... or export " + name + "=...) or give a default: ${" + name + ":-/path}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v.orElse(m.group(2))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The sandbox for running go in {@code image} per {@code gotrail.sandbox} (the probe is run once
     * per JVM and choice), with the image's per-JVM writable home.
     */
    static ImageSandbox sandbox(ExtensionContext context, ImageUnderTest image) {
        GotrailConfig config = JupiterConfig.from(context);
        SandboxProbe probe = ImageSandbox.probe(config.sandbox());
        try {
            return ImageSandbox.of(image.image(), probe);
        } catch (IllegalArgumentException e) {
            throw new org.opentest4j.AssertionFailedError(image.describe() + ": " + e.getMessage(), e);
        }
    }
}
