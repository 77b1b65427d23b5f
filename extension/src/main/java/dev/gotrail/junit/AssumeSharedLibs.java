package dev.gotrail.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test assumes that a binary's shared libraries resolve; resolves a
 * {@link dev.gotrail.loader.LinkMap} parameter. When the assumption does not hold the test is
 * aborted (skipped) with the resolution evidence as the reason; {@code gotrail.strict=true}
 * turns the abort into a failure.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The extensions named by @ExtendWith are package-private on purpose (JUnit instantiates them reflectively).
@SuppressWarnings("exports")
@Inherited
@ExtendWith(EvidenceExtension.class)
@ExtendWith(GoEvidenceParameter.class)
@ExtendWith(UnprovidedParameters.class)
@ExtendWith(AssumeSharedLibsExtension.class)
public @interface AssumeSharedLibs {

    /** Sonames that must resolve, e.g. {@code {"libc.so.6", "libpthread.so.0"}}; empty = all dependencies. */
    String[] value() default {};

    /**
     * The ELF file to analyse, a path inside {@link #root()} (inside the image under
     * {@code @GoImage}); "" = the real go binary of the toolchain under test (with a {@code root}:
     * this machine's go, placed at {@code /usr/local/bin/go} in the root).
     */
    String binary() default "";

    /**
     * A file of <em>this machine</em> to analyse as if copied into {@link #root()} (or the
     * {@code @GoImage} image): {@code HOSTFILE} (relative to the working directory), placed at
     * {@code /usr/local/bin/<name>}, or {@code HOSTFILE:/PATH/IN/ROOT}; the same rule as
     * {@code gotrail ldd --place HOSTFILE[:PATH]} and {@link dev.gotrail.image.Image#place}. Its
     * {@code $ORIGIN} is the directory of that path. "" = not used. Needs a {@code root} other than
     * {@code "/"} or a {@code @GoImage}, and excludes {@link #binary()}.
     */
    String place() default "";

    /** Symbol versions that must be provided, e.g. {@code {"GLIBC_2.34"}}. */
    String[] versions() default {};

    /** Filesystem root to resolve in (an extracted image or sysroot). */
    String root() default "/";

    /**
     * For a root without {@code /etc/ld.so.cache}: resolve as if {@code ldconfig -r ROOT} had run
     * ({@link dev.gotrail.loader.Loader#asIfLdconfig()}; libraries found so carry
     * {@code AS_IF_LDCONFIG} and the evidence says so). By default such a root is resolved as it is:
     * glibc then searches only its trusted directories and never reads ld.so.conf.
     */
    boolean asIfLdconfig() default false;
}
