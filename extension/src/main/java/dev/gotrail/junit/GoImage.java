package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test's Go world is a container image instead of this machine (docs/go-image.md).
 * Inside a {@code @GoImage} test:
 * <ul>
 *   <li>{@link RequiresGoroot} checks the image's toolchain: the go on the image's PATH (the config's
 *       {@code Env}), its GOROOT, version and consistency by cmd/go's rules applied to the image's
 *       files; {@code value} is a path inside the image;</li>
 *   <li>{@link TraceGoCommand} and an injected {@link GoCommand} ({@code run()}, {@code trace()}) run
 *       that go inside the image's unpacked root, under a sandbox without a daemon (bubblewrap, or
 *       chroot as root; {@code gotrail.sandbox}), with the image's environment, working directory and
 *       user; strace traces from outside; paths in results and evidence are paths inside the image;</li>
 *   <li>{@link AssumeSharedLibs} resolves in the image (default binary: the image go's real binary);</li>
 *   <li>an {@link dev.gotrail.image.Image} parameter is the opened image.</li>
 * </ul>
 * Static answers need nothing but the image. When no sandbox is usable, running go inside the image
 * aborts the test with the cause and the fix ({@code gotrail.strict=true}: fails).
 *
 * <p>A missing or unreadable image, or a platform the image lacks, is an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that says how to fix it.
 * Usable on classes, methods and other annotations; found through {@code @Nested} enclosing classes
 * (the innermost declaration wins); safe under parallel execution.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The extensions named by @ExtendWith are package-private on purpose (JUnit instantiates them reflectively).
@SuppressWarnings("exports")
@Inherited
@ExtendWith(EvidenceExtension.class)
@ExtendWith(GoImageExtension.class)
public @interface GoImage {

    /**
     * The image: a {@code docker save}/{@code podman save} archive, an OCI image layout (directory
     * or tar; {@code LAYOUT:REF} names one image of several), or an extracted root directory.
     * A relative path is resolved against the working directory. {@code ${NAME}} and
     * {@code ${NAME:-default}} are replaced by the JUnit configuration parameter (or system
     * property) {@code NAME}, else the environment variable {@code NAME}, else the default, e.g.
     * {@code "${CI_IMAGES:-build/images}/golang.docker.tar"}.
     */
    String value();

    /** {@code OS/ARCH[/VARIANT]}; "" = the image's only platform, else {@code linux/<this machine's arch>}. */
    String platform() default "";
}
