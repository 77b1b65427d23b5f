package dev.gotrail.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real images {@code .ci/build-test-images} builds with Debian's own tools (debootstrap,
 * podman, skopeo, umoci, musl-gcc), found by name under
 * {@code ${GOTRAIL_TEST_IMAGES:-/var/cache/gotrail/test-images}} (the system property
 * {@code gotrail.testImages} overrides both). {@code .ci/run} builds them once per CI run; the
 * script skips whatever is already built, so running it by hand before a test costs seconds the
 * second time.
 *
 * <p>A test asks with {@link #require(String)}: when the set is not complete (the script never ran,
 * or was interrupted: its last act is writing {@code COMPLETE}) or the artifact is missing, the
 * test is aborted — failed with {@code -Dgotrail.strict=true} (CI), where nothing may skip — with a
 * message naming the script. The constants are the artifacts' names, relative to that directory.
 */
public final class TestImages {

    /** The command that builds every artifact. */
    public static final String BUILD = "bash .ci/build-test-images";

    /** Debian 12 root from {@code debootstrap --variant=minbase bookworm} (glibc 2.36), a directory. */
    public static final String BOOKWORM_ROOT = "rootfs/bookworm";
    /** Debian 11 root from {@code debootstrap --variant=minbase bullseye} (glibc 2.31), a directory. */
    public static final String BULLSEYE_ROOT = "rootfs/bullseye";
    /** {@link #BOOKWORM_ROOT} plus Debian's go 1.23 copied to {@code /usr/local/go} and {@code /go}, as the official golang image. */
    public static final String GOLANG_ROOT = "rootfs/golang";
    /** An Alpine-like musl root: musl's libc.so as {@code /lib/ld-musl-x86_64.so.1}, busybox-static, {@code /usr/local/bin/hello-musl}. */
    public static final String MUSL_ROOT = "rootfs/musl";

    /** {@code podman save --format docker-archive} of {@link #BOOKWORM_ROOT} imported by {@code podman import}. */
    public static final String BOOKWORM_DOCKER_ARCHIVE = "archives/bookworm.docker.tar";
    /** {@code podman save --format oci-archive} of the same image. */
    public static final String BOOKWORM_OCI_ARCHIVE = "archives/bookworm.oci.tar";
    /** docker-archive of {@link #BULLSEYE_ROOT}. */
    public static final String BULLSEYE_DOCKER_ARCHIVE = "archives/bullseye.docker.tar";
    /**
     * docker-archive of {@link #GOLANG_ROOT} with the official golang image's config:
     * {@code ENV GOLANG_VERSION}, {@code GOTOOLCHAIN=local}, {@code GOPATH=/go},
     * {@code PATH=/go/bin:/usr/local/go/bin:...}, {@code WORKDIR /go}.
     */
    public static final String GOLANG_DOCKER_ARCHIVE = "archives/golang.docker.tar";
    /** {@link #GOLANG_DOCKER_ARCHIVE} plus a stale {@code ENV GOROOT=/usr/lib/go} (a directory the image does not have). */
    public static final String GOLANG_STALE_GOROOT_DOCKER_ARCHIVE = "archives/golang-stale-goroot.docker.tar";
    /** docker-archive of {@link #MUSL_ROOT}. */
    public static final String MUSL_DOCKER_ARCHIVE = "archives/musl.docker.tar";
    /** oci-archive of {@link #MUSL_ROOT}. */
    public static final String MUSL_OCI_ARCHIVE = "archives/musl.oci.tar";
    /** {@code skopeo copy} of the bookworm image to an OCI image layout (directory), gzip-compressed layers, tag {@code latest}. */
    public static final String BOOKWORM_OCI_LAYOUT_GZIP = "archives/bookworm-oci-gzip";
    /** The same with zstd-compressed layers. */
    public static final String BOOKWORM_OCI_LAYOUT_ZSTD = "archives/bookworm-oci-zstd";
    /**
     * An OCI image layout written by {@code umoci}: the bookworm layer plus a second layer that
     * deletes {@code /etc/issue.net} and {@code /usr/share/doc} (whiteouts), replaces
     * {@code /etc/apt/apt.conf.d} by a directory holding only {@code 99gotrail}, and rewrites
     * {@code /etc/issue}; tag {@code latest}.
     */
    public static final String WHITEOUTS_OCI_LAYOUT = "archives/whiteouts-oci";

    /** Every artifact above, in the order the script builds them. */
    public static final List<String> ALL = List.of(BOOKWORM_ROOT, BULLSEYE_ROOT, GOLANG_ROOT, MUSL_ROOT,
            BOOKWORM_DOCKER_ARCHIVE, BOOKWORM_OCI_ARCHIVE, BULLSEYE_DOCKER_ARCHIVE, GOLANG_DOCKER_ARCHIVE,
            GOLANG_STALE_GOROOT_DOCKER_ARCHIVE, MUSL_DOCKER_ARCHIVE, MUSL_OCI_ARCHIVE, BOOKWORM_OCI_LAYOUT_GZIP,
            BOOKWORM_OCI_LAYOUT_ZSTD, WHITEOUTS_OCI_LAYOUT);

    private TestImages() {
    }

    /** The directory the script builds into: {@code -Dgotrail.testImages}, else {@code $GOTRAIL_TEST_IMAGES}, else the default. */
    public static Path directory() {
        String p = System.getProperty("gotrail.testImages");
        if (p == null || p.isEmpty()) p = System.getenv("GOTRAIL_TEST_IMAGES");
        if (p == null || p.isEmpty()) p = "/var/cache/gotrail/test-images";
        return Path.of(p);
    }

    /**
     * The artifact {@code name} (one of the constants); aborts the test (strict: fails it) when the
     * set is incomplete or the artifact does not exist, naming {@link #BUILD}.
     */
    public static Path require(String name) {
        return require(name, directory(), RealTools.strict());
    }

    /** {@link #require(String)} against {@code directory} and strictness, for tests of this class. */
    public static Path require(String name, Path directory, boolean strict) {
        Path complete = directory.resolve("COMPLETE");
        Path artifact = directory.resolve(name);
        if (!Files.isRegularFile(complete)) {
            throw MissingToolSignal.raise(List.of(new MissingTool("test image " + name, "",
                    directory + " holds no complete set of test images (" + complete + " does not exist; "
                            + ".ci/build-test-images writes it last); build them with: " + BUILD)), strict);
        }
        if (!Files.exists(artifact)) {
            throw MissingToolSignal.raise(List.of(new MissingTool("test image " + name, "",
                    artifact + " does not exist; build it with: " + BUILD)), strict);
        }
        return artifact;
    }
}
