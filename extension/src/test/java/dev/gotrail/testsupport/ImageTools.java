package dev.gotrail.testsupport;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real container images for tests, made by the real tools and nothing by hand: root directories
 * from this machine's files (programs copied with the libraries the real loader lists for them),
 * {@code podman import}/{@code podman save} (docker-archive, oci-archive), {@code skopeo copy} (OCI
 * layouts, gzip or zstd layers) and {@code umoci repack} (a layer with real whiteouts). Podman
 * runs rootful with the vfs storage driver and cgroupfs, in a storage of the test's own
 * ({@code --root}/{@code --runroot} under the work directory), so tests in parallel never share one.
 * A missing tool aborts (fails with {@code -Dgotrail.strict=true}) through {@link RealTools}.
 */
public final class ImageTools {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Pattern LDD_LINE = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private ImageTools() {
    }

    /**
     * The real musl oci-archive ({@link TestImages#MUSL_OCI_ARCHIVE}) unpacked by tar into {@code dir}:
     * an OCI image layout directory whose one layer is the largest file under {@code blobs/sha256}.
     */
    public static Path muslLayout(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run(List.of("tar", "-xf", TestImages.require(TestImages.MUSL_OCI_ARCHIVE).toString(), "-C", dir.toString()));
        return dir;
    }

    public static Path podman() {
        return RealTools.onPath("podman", "podman");
    }

    public static Path skopeo() {
        return RealTools.onPath("skopeo", "skopeo");
    }

    public static Path umoci() {
        return RealTools.onPath("umoci", "umoci");
    }

    /** Runs a command; a failure throws with its output. */
    public static CommandResult run(List<String> command) {
        CommandResult r = CommandRunner.run(CommandSpec.of(command).withTimeout(Duration.ofMinutes(5)));
        if (!r.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.describe() + "\n" + r.stdout()
                    + "\n" + r.stderr());
        }
        return r;
    }

    /** Copies {@code hostProgram} to the same path under {@code root}, with every library ldd lists for it. */
    public static void copyProgram(Path root, Path hostProgram) {
        copyFile(root, hostProgram, hostProgram.toString());
        copyLibraries(root, hostProgram);
    }

    /** Copies the libraries (and the interpreter) the real loader lists for {@code hostProgram} to their paths under {@code root}. */
    public static void copyLibraries(Path root, Path hostProgram) {
        CommandResult ldd = CommandRunner.run(CommandSpec.of("ldd", hostProgram.toString()));
        for (String line : ldd.stdout().split("\n")) {
            Matcher m = LDD_LINE.matcher(line);
            if (m.find()) {
                Path lib = Path.of(m.group(1));
                copyFile(root, lib, lib.toString());
            }
        }
    }

    /** Copies one file (following symlinks) to {@code pathInRoot}, keeping its mode. */
    public static void copyFile(Path root, Path host, String pathInRoot) {
        try {
            Path dest = root.resolve(pathInRoot.replaceFirst("^/+", ""));
            Files.createDirectories(dest.getParent());
            Files.copy(host, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small Go toolchain under {@code pathInRoot} (e.g. {@code /usr/local/go}) from this
     * machine's {@code hostGoroot}: bin/go, VERSION, go.env and a pkg/tool directory holding the
     * {@code buildid} tool (what cmd/go needs to accept the tree as a GOROOT), plus the libraries
     * ldd lists for bin/go.
     */
    public static void copyGoroot(Path root, Path hostGoroot, String pathInRoot) {
        copyFile(root, hostGoroot.resolve("bin/go"), pathInRoot + "/bin/go");
        copyLibraries(root, hostGoroot.resolve("bin/go"));
        for (String f : List.of("VERSION", "go.env")) {
            if (Files.exists(hostGoroot.resolve(f))) {
                copyFile(root, hostGoroot.resolve(f), pathInRoot + "/" + f);
            }
        }
        copyFile(root, hostGoroot.resolve("pkg/tool/linux_amd64/buildid"), pathInRoot + "/pkg/tool/linux_amd64/buildid");
    }

    /** Writes a text file under the root. */
    public static void writeFile(Path root, String pathInRoot, String content) {
        try {
            Path dest = root.resolve(pathInRoot.replaceFirst("^/+", ""));
            Files.createDirectories(dest.getParent());
            Files.writeString(dest, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The podman command with a storage of its own under {@code work}. */
    public static List<String> podmanCommand(Path work, String... args) {
        List<String> cmd = new ArrayList<>(List.of(podman().toString(), "--root", work.resolve("podman/storage").toString(),
                "--runroot", runroot(work).toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static final Map<Path, Path> RUNROOTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Podman refuses a runroot longer than 50 characters: a short directory under /tmp per work directory. */
    private static Path runroot(Path work) {
        return RUNROOTS.computeIfAbsent(work.toAbsolutePath(), w -> {
            try {
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "gtpod");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * {@code podman import} of {@code rootDir} (tarred by {@code tar}) with {@code --change}
     * lines, then {@code podman save --format FORMAT}; returns the archive.
     *
     * @param format   {@code docker-archive} or {@code oci-archive}
     * @param arch     "" for this machine's, else {@code --arch}
     * @param changes  Dockerfile instructions such as {@code ENV GOROOT=/usr/lib/go}
     */
    public static Path podmanImage(Path rootDir, Path work, String format, String arch, String... changes) {
        String name = "localhost/gotrail-test:" + NAMES.incrementAndGet();
        Path tar = work.resolve("rootfs-" + NAMES.incrementAndGet() + ".tar");
        run(List.of("tar", "-C", rootDir.toString(), "-cf", tar.toString(), "."));
        List<String> args = new ArrayList<>(List.of("import"));
        for (String c : changes) {
            args.add("--change");
            args.add(c);
        }
        if (!arch.isEmpty()) {
            args.add("--arch");
            args.add(arch);
        }
        args.add(tar.toString());
        args.add(name);
        run(podmanCommand(work, args.toArray(String[]::new)));
        Path out = work.resolve("image-" + NAMES.incrementAndGet() + "." + format + ".tar");
        run(podmanCommand(work, "save", "--format", format, "-o", out.toString(), name));
        return out;
    }

    /** {@code skopeo copy oci-archive:ARCHIVE oci:LAYOUT:TAG} with the given layer compression (gzip or zstd). */
    public static Path skopeoToLayout(Path ociArchive, Path layout, String tag, String compression) {
        run(List.of(skopeo().toString(), "copy", "--quiet", "--dest-compress", "--dest-compress-format", compression,
                "oci-archive:" + ociArchive, "oci:" + layout + ":" + tag));
        return layout;
    }

    /**
     * {@code umoci unpack} of LAYOUT:FROM, {@code change} applied to the bundle's rootfs, then
     * {@code umoci repack} as LAYOUT:TO: a real second layer, deletions recorded as whiteouts.
     */
    public static void umociChange(Path layout, String from, String to, Path work, Consumer<Path> change) {
        Path bundle = work.resolve("bundle-" + NAMES.incrementAndGet());
        run(List.of(umoci().toString(), "unpack", "--image", layout + ":" + from, bundle.toString()));
        change.accept(bundle.resolve("rootfs"));
        run(List.of(umoci().toString(), "repack", "--image", layout + ":" + to, bundle.toString()));
    }

    /**
     * Runs {@code command} chrooted into {@code root} with exactly {@code env}, as a container would
     * run it: in its own mount and PID namespace with {@code /proc} mounted (go finds its GOROOT
     * through {@code /proc/self/exe}) when the root has a {@code /proc} directory.
     */
    public static CommandResult chroot(Path root, Map<String, String> env, String... command) {
        Path chroot = Files.isExecutable(Path.of("/usr/sbin/chroot")) ? Path.of("/usr/sbin/chroot") : RealTools.onPath("chroot", "coreutils");
        List<String> cmd = new ArrayList<>();
        if (Files.isDirectory(root.resolve("proc"))) {
            cmd.addAll(List.of(RealTools.onPath("unshare", "util-linux").toString(), "--mount", "--pid", "--fork",
                    "--mount-proc=" + root.resolve("proc")));
        }
        cmd.addAll(List.of(chroot.toString(), root.toString()));
        cmd.addAll(List.of(command));
        return CommandRunner.run(CommandSpec.of(cmd).withExactEnvironment(env).withTimeout(Duration.ofMinutes(2)));
    }
}
