package dev.gotrail.image;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.EnvDelta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs a command inside an image's unpacked root without a container daemon ({@code @GoImage};
 * docs/go-image.md): {@link #wrap} turns the command as it would run in the image
 * into the launcher command that runs it there. The command sees:
 * <ul>
 *   <li>the image's root, <b>read-only</b> (it is the shared cache entry of {@link Image#root()});</li>
 *   <li>{@code /proc} (Debian's go finds its GOROOT through {@code /proc/self/exe}), {@code /dev},
 *       and a fresh, empty, writable tmpfs at {@code /tmp};</li>
 *   <li>the image user's home (from the image's {@code /etc/passwd}, {@link ImageUser}) writable:
 *       a host directory kept <b>per image and JVM</b> ({@link #homeFor}), so a second
 *       {@code go build} reuses the build cache ({@code GOCACHE} lives under it) while no state
 *       survives the JVM; cmd/go's cache is safe for concurrent go processes;</li>
 *   <li>the image's {@code GOPATH} directory writable, the same way: a per-image, per-JVM host copy
 *       of it ({@link #writableGopath}), so {@code go install} and module downloads work as in
 *       the official golang images;</li>
 *   <li>the host directory given as the command's working directory bound read-write at the
 *       <b>same absolute path</b>, like {@code docker run -v $PWD:$PWD -w $PWD}, and every directory
 *       given to {@link #withBinds}; no working directory means the image's {@code WorkingDir}
 *       (read-only like the rest of the root);</li>
 *   <li>exactly the image config's {@code Env} (PATH defaulted as Docker does), {@code HOME} from
 *       passwd unless the Env sets it, then the command's own environment changes
 *       ({@link CommandSpec#env()} is applied to the image's environment, not this JVM's);</li>
 *   <li>the image's {@code User}: its uid and gid (bubblewrap {@code --unshare-user --uid --gid};
 *       chroot: {@code unshare --setuid --setgid}).</li>
 * </ul>
 * Two launchers exist ({@link SandboxProbe.Kind}): bubblewrap, and, as root, {@code unshare --mount}
 * with an overlay mount of the root (so mount points never touch the shared cache; nothing is mounted
 * in this machine's namespace) and {@code unshare --root} (a chroot). The launcher's own calls
 * appear in a trace before it execs the command; {@code GoTrace.launched} drops them.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageSandbox {

    private static final Map<String, Path> HOMES = new ConcurrentHashMap<>();
    private static final Map<Path, Boolean> GOPATH_COPIES = new ConcurrentHashMap<>();
    private static final Map<GotrailConfig.SandboxChoice, SandboxProbe> PROBES = new ConcurrentHashMap<>();

    private final Image image;
    private final SandboxProbe probe;
    private final ImageUser user;
    private final Path writable;
    private final List<Path> binds;

    private ImageSandbox(Image image, SandboxProbe probe, ImageUser user, Path writable, List<Path> binds) {
        this.image = image;
        this.probe = probe;
        this.user = user;
        this.writable = writable;
        this.binds = List.copyOf(binds);
    }

    /**
     * The sandbox for {@code image} with the launcher {@code probe} found, its writable home the one
     * kept for this image in this JVM ({@link #homeFor}).
     *
     * @throws IllegalArgumentException when the image's {@code User} is not in its passwd/group files
     */
    public static ImageSandbox of(Image image, SandboxProbe probe) {
        return of(image, probe, homeFor(image));
    }

    /**
     * The sandbox for {@code image}, its writable files under {@code writableDir} ({@code home/} is
     * bound at the user's home; {@code scratch/} is the chroot launcher's mount point).
     */
    public static ImageSandbox of(Image image, SandboxProbe probe, Path writableDir) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(probe, "probe");
        try {
            Files.createDirectories(writableDir.resolve("home"));
            Files.createDirectories(writableDir.resolve("scratch"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox's writable directories under " + writableDir, e);
        }
        return new ImageSandbox(image, probe, ImageUser.of(image), writableDir.toAbsolutePath(), List.of());
    }

    /**
     * The host directory kept for {@code image} in this JVM (one per image digest, else per root):
     * created on first use under {@code java.io.tmpdir}, deleted when the JVM exits.
     */
    public static Path homeFor(Image image) {
        String key = image.digest().isEmpty() ? image.root().toString() : image.digest();
        return HOMES.computeIfAbsent(key, k -> {
            try {
                String tag = image.digest().isEmpty() ? "root" : image.digest().replace("sha256:", "").substring(0, 12);
                Path dir = Files.createTempDirectory("gotrail-image-" + tag + "-");
                Cleanup.deleteOnExit(dir);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a writable home for image " + image.source(), e);
            }
        });
    }

    /** This sandbox plus host directories bound read-write at their own absolute paths. */
    public ImageSandbox withBinds(Path... dirs) {
        List<Path> all = new ArrayList<>(binds);
        for (Path d : dirs) {
            all.add(checkedBind(d));
        }
        return new ImageSandbox(image, probe, user, writable, all);
    }

    public Image image() {
        return image;
    }

    public SandboxProbe probe() {
        return probe;
    }

    /** The user the command runs as. */
    public ImageUser user() {
        return user;
    }

    /** The home directory inside the image: the Env's HOME, else the user's passwd entry. */
    public String home() {
        return image.config().envMap().getOrDefault("HOME", user.home());
    }

    /**
     * Whether the home gets its writable host directory: not when the home is {@code /} (a uid
     * without a passwd entry: Docker sets {@code HOME=/}, and a directory bound there would hide the
     * whole image; the image user then has no writable home, as under Docker), nor, under
     * bubblewrap, when the image lacks the directory (bubblewrap cannot make a mount point in the
     * read-only root; the chroot launcher's overlay can).
     */
    boolean bindsHome() {
        Path h = Path.of(home()).normalize();
        if (h.getNameCount() == 0) {
            return false;
        }
        return probe.kind() != SandboxProbe.Kind.BUBBLEWRAP || Files.isDirectory(image.root().resolve(h.toString().substring(1)));
    }

    /** The host directory bound (writable) at {@link #home()} (when {@link #bindsHome()}). */
    public Path hostHome() {
        return writable.resolve("home");
    }

    /**
     * The image's GOPATH made writable, if it needs to be: the first entry of the config's
     * {@code GOPATH} when it is an absolute path to a directory of the image outside {@link #home()}
     * (the official golang images: {@code ENV GOPATH /go}, a world-writable directory that
     * {@code go install} and the module cache write to). Like the home it is a host directory kept
     * per image and JVM, bound at that path; it starts as a copy of the image's directory
     * ({@code cp -a}, made once, then renamed into place, so concurrent first uses agree), so what
     * the image put there (a warm module cache, tools in {@code /go/bin}) is there too. Empty when the
     * image sets no GOPATH (go's default, {@code $HOME/go}, is in the home already), or when a
     * component of the path is a symbolic link (it would lead out of the image's root).
     *
     * @throws UncheckedIOException when the copy cannot be made
     */
    public Optional<GopathBind> writableGopath() {
        String gopath = image.config().envMap().getOrDefault("GOPATH", "");
        String first = gopath.split(":", -1)[0];
        if (!first.startsWith("/") || first.equals("/") || (bindsHome() && isUnder(first, home()))) {
            return Optional.empty();
        }
        Path inRoot = image.root();
        for (Path part : Path.of(first).normalize()) {
            inRoot = inRoot.resolve(part.toString());
            if (Files.isSymbolicLink(inRoot)) {
                return Optional.empty();
            }
        }
        if (!Files.isDirectory(inRoot, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path host = writable.resolve("gopath");
        Path from = inRoot;
        // one copy per directory in this JVM: parallel tests share the per-image writable directory, and a
        // second rename could replace a copy (an empty one: rename(2) allows it) that a running go has bound
        GOPATH_COPIES.computeIfAbsent(host, h -> {
            if (!Files.isDirectory(h)) {
                copyOnce(from, h);
            }
            return Boolean.TRUE;
        });
        return Optional.of(new GopathBind(host, Path.of(first).normalize().toString()));
    }

    /**
     * A host directory bound writable at {@code inside}.
     *
     * @param host   the directory of this machine
     * @param inside the path inside the image
     */
    public record GopathBind(Path host, String inside) {
    }

    private static boolean isUnder(String path, String dir) {
        Path p = Path.of(path).normalize();
        return p.startsWith(Path.of(dir).normalize());
    }

    /** {@code cp -a from/. } into a fresh sibling of {@code to}, renamed to {@code to}; a lost race keeps the winner's. */
    private static void copyOnce(Path from, Path to) {
        try {
            Path staging = Files.createTempDirectory(to.getParent(), to.getFileName() + ".copy-");
            CommandResult r = CommandRunner.run(CommandSpec.of("cp", "-a", "--", from + "/.", staging.toString())
                    .withTimeout(Duration.ofMinutes(10)));
            if (r.exitCode() != 0) {
                ImageCache.deleteTree(staging);
                throw new UncheckedIOException(new IOException("cannot copy the image's GOPATH " + from + " to " + to + ": "
                        + r.describe() + " " + r.stderr().strip()));
            }
            try {
                Files.move(staging, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(to)) {
                    throw raced;
                }
                ImageCache.deleteTree(staging); // another thread or process made it first
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the image's GOPATH writable at " + to, e);
        }
    }

    /** The environment a command sees inside: the image's ({@link #home()} added) with {@code changes} applied. */
    public Map<String, String> environment(EnvDelta changes) {
        Map<String, String> env = new LinkedHashMap<>(image.config().containerEnv());
        env.putIfAbsent("HOME", home());
        return changes.apply(env);
    }

    /** The working directory inside: the command's (a bound host directory) or the image's WorkingDir. */
    public String workingDir(CommandSpec inside) {
        return inside.dir() == null ? image.config().effectiveWorkingDir() : inside.dir().toAbsolutePath().toString();
    }

    /**
     * The launcher command that runs {@code inside} in the image: {@code inside.command()} is the
     * program as the image names it ({@code /usr/local/go/bin/go}, or a bare name looked up on the
     * image's PATH by the launcher), {@code inside.dir()} a host directory bound at the same path
     * (null: the image's WorkingDir), {@code inside.env()} changes to the image's environment.
     * Timeout kept; the launcher itself runs with this JVM's environment.
     *
     * @throws IllegalStateException    when no sandbox is usable ({@link SandboxProbe#describe()} says why)
     * @throws IllegalArgumentException when the working directory cannot be bound (not a directory, or {@code /})
     */
    public CommandSpec wrap(CommandSpec inside) {
        if (!probe.usable()) {
            throw new IllegalStateException(probe.describe());
        }
        List<Path> mounts = new ArrayList<>(binds);
        if (inside.dir() != null) {
            Path d = checkedBind(inside.dir());
            if (!mounts.contains(d)) mounts.add(d);
        }
        Map<String, String> env = environment(inside.env());
        String wd = workingDir(inside);
        List<String> line = probe.kind() == SandboxProbe.Kind.BUBBLEWRAP
                ? bubblewrap(mounts, env, wd, inside.command()) : chroot(mounts, env, wd, inside.command());
        return new CommandSpec(line, null, EnvDelta.none(), inside.timeout());
    }

    private List<String> bubblewrap(List<Path> mounts, Map<String, String> env, String wd, List<String> command) {
        List<String> l = new ArrayList<>(List.of(probe.executable(), "--die-with-parent"));
        if (!user.isRoot() || !isRoot()) {
            // another uid needs a user namespace; without root, /proc needs a pid namespace of our own
            l.addAll(List.of("--unshare-user", "--unshare-pid", "--uid", String.valueOf(user.uid()), "--gid",
                    String.valueOf(user.gid())));
        }
        l.addAll(List.of("--ro-bind", image.root().toString(), "/", "--proc", "/proc", "--dev", "/dev", "--perms", "1777",
                "--tmpfs", "/tmp"));
        if (bindsHome()) {
            l.addAll(List.of("--bind", hostHome().toString(), home()));
        }
        writableGopath().ifPresent(g -> l.addAll(List.of("--bind", g.host().toString(), g.inside())));
        for (Path m : mounts) {
            l.addAll(List.of("--bind", m.toString(), m.toString()));
        }
        l.addAll(List.of("--chdir", wd, "--clearenv"));
        env.forEach((k, v) -> l.addAll(List.of("--setenv", k, v)));
        l.add("--");
        l.addAll(command);
        return l;
    }

    /**
     * {@code unshare --mount --propagation private --fork sh -c SCRIPT}: in the private namespace a
     * tmpfs on {@code scratch/} holds an overlay (lower: the image root, never written) on which
     * proc, /dev, a tmpfs /tmp, the home and the binds are mounted; then
     * {@code env -i ENV unshare --root --wd [--setuid --setgid] -- COMMAND} enters it.
     */
    private List<String> chroot(List<Path> mounts, Map<String, String> env, String wd, List<String> command) {
        List<String> mountExprs = mounts.stream().map(p -> q(p.toString())).toList();
        return List.of(probe.executable(), "--mount", "--propagation", "private", "--fork", "--", "/bin/sh", "-c",
                chrootScript(mountExprs, env, "", q(wd), command, ""));
    }

    /**
     * The chroot launcher's script. Paths come as shell words ({@code mountExprs}, {@code wdExpr}:
     * quoted literals, or {@code "$dir"} for a caller's directory); {@code envExtra} is appended to
     * the {@code env -i} words and {@code argsExpr} to the command.
     */
    private String chrootScript(List<String> mountExprs, Map<String, String> env, String envExtra, String wdExpr,
            List<String> command, String argsExpr) {
        String s = writable.resolve("scratch").toString();
        String m = s + "/root";
        StringBuilder sh = new StringBuilder("set -e\n");
        sh.append("mount -t tmpfs gotrail-sandbox ").append(q(s)).append('\n');
        sh.append("mkdir ").append(q(s + "/upper")).append(' ').append(q(s + "/work")).append(' ').append(q(m)).append('\n');
        sh.append("mount -t overlay overlay -o ").append(q("lowerdir=" + image.root() + ",upperdir=" + s + "/upper,workdir=" + s
                + "/work")).append(' ').append(q(m)).append('\n');
        sh.append("mkdir -p ").append(q(m + "/proc")).append(' ').append(q(m + "/dev")).append(' ').append(q(m + "/tmp"))
                .append('\n');
        sh.append("mount -t proc proc ").append(q(m + "/proc")).append('\n');
        sh.append("mount --rbind /dev ").append(q(m + "/dev")).append('\n');
        sh.append("mount -t tmpfs -o mode=1777 tmpfs ").append(q(m + "/tmp")).append('\n');
        if (bindsHome()) {
            sh.append("mkdir -p ").append(q(m + home())).append(" && mount --bind ").append(q(hostHome().toString())).append(' ')
                    .append(q(m + home())).append('\n');
        }
        writableGopath().ifPresent(g -> sh.append("mount --bind ").append(q(g.host().toString())).append(' ')
                .append(q(m + g.inside())).append('\n'));
        if (!user.isRoot() && bindsHome()) {
            // no user namespace here: the image user must own its (gotrail-made) home to write it
            sh.append("chown ").append(user.uid()).append(':').append(user.gid()).append(' ').append(q(m + home())).append('\n');
        }
        for (String p : mountExprs) {
            sh.append("mkdir -p ").append(q(m)).append(p).append(" && mount --bind ").append(p).append(' ')
                    .append(q(m)).append(p).append('\n');
        }
        sh.append("exec env -i");
        env.forEach((k, v) -> sh.append(' ').append(q(k + "=" + v)));
        sh.append(envExtra);
        sh.append(' ').append(q(probe.executable())).append(' ').append(q("--root=" + m)).append(" --wd=").append(wdExpr);
        if (!user.isRoot()) {
            sh.append(" --setgid ").append(user.gid()).append(" --setuid ").append(user.uid());
        }
        sh.append(" --");
        command.forEach(c -> sh.append(' ').append(q(c)));
        sh.append(argsExpr).append('\n');
        return sh.toString();
    }

    /**
     * A launcher for a caller other than this JVM (a {@code go} shim that code under test runs):
     * {@code /bin/sh -c SCRIPT gotrail-sandbox}, to which the caller's arguments are appended. Run
     * from any directory of this machine, it runs {@code command} followed by those arguments in the
     * image, in the caller's current directory bound at the same path, with the image's
     * environment, {@code changes} applied, then the caller's own values of the variables named in
     * {@code passed} (those the caller has set; like {@code docker run -e NAME}). A caller in
     * {@code /}, {@code /proc} or {@code /dev} gets exit status 125 and a message on stderr, as
     * {@code docker run} does for its own failures.
     *
     * @throws IllegalStateException when no sandbox is usable ({@link SandboxProbe#describe()} says why)
     * @throws IllegalArgumentException when a name in {@code passed} is not a shell variable name
     */
    public List<String> callerLauncher(List<String> command, EnvDelta changes, Collection<String> passed) {
        if (!probe.usable()) {
            throw new IllegalStateException(probe.describe());
        }
        for (String n : passed) {
            if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a variable name: " + n);
            }
        }
        Map<String, String> env = environment(changes);
        StringBuilder sh = new StringBuilder("dir=$(pwd -P) || exit 125\n");
        sh.append("case $dir in /|/proc|/proc/*|/dev|/dev/*)\n")
                .append("  echo \"gotrail: go inside image \"").append(q(image.source().toString())) // no expansion in it
                .append("\" cannot run in $dir (it would hide the image's own $dir); run it from a directory of its own\" >&2\n")
                .append("  exit 125;;\nesac\n");
        if (probe.kind() == SandboxProbe.Kind.BUBBLEWRAP) {
            List<String> words = bubblewrap(binds, env, "/", command);
            int dashes = words.size() - command.size() - 1;
            int chdir = words.indexOf("--chdir");
            sh.append("exec");
            for (int i = 0; i < words.size(); i++) {
                if (i == chdir) {
                    sh.append(" --bind \"$dir\" \"$dir\" --chdir \"$dir\"");
                    i++; // the placeholder directory
                    continue;
                }
                if (i == dashes) {
                    passed.forEach(n -> sh.append(" ${").append(n).append("+--setenv} ${").append(n).append('+').append(n)
                            .append("} ${").append(n).append("+\"$").append(n).append("\"}"));
                }
                sh.append(' ').append(q(words.get(i)));
            }
            sh.append(" \"$@\"\n");
        } else {
            List<String> mountExprs = new ArrayList<>(binds.stream().map(p -> q(p.toString())).toList());
            mountExprs.add("\"$dir\"");
            StringBuilder envExtra = new StringBuilder();
            passed.forEach(n -> envExtra.append(" ${").append(n).append("+\"").append(n).append("=$").append(n).append("\"}"));
            String inner = "dir=$1\nshift\n" + chrootScript(mountExprs, env, envExtra.toString(), "\"$dir\"", command, " \"$@\"");
            sh.append("exec ").append(q(probe.executable())).append(" --mount --propagation private --fork -- /bin/sh -c ")
                    .append(q(inner)).append(" gotrail-sandbox \"$dir\" \"$@\"\n");
        }
        return List.of("/bin/sh", "-c", sh.toString(), "gotrail-sandbox");
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Path checkedBind(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException(abs + " is not a directory of this machine; a command inside an image runs in a "
                    + "host directory bound at the same path (or, without one, in the image's WorkingDir)");
        }
        if (abs.getNameCount() == 0 || abs.startsWith("/proc") || abs.startsWith("/dev")) {
            throw new IllegalArgumentException(abs + " cannot be bound into an image (it would hide the image's own "
                    + abs + "); use a directory of its own, e.g. a @TempDir");
        }
        return abs;
    }

    // --- the probe ---

    /** What the probe needs of this machine: the PATH it searches and whether this process is root. A seam for tests. */
    record Host(String path, boolean root) {
        static Host current() {
            return new Host(Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"), isRoot());
        }
    }

    /**
     * Whether go can run inside images here, per {@code gotrail.sandbox}: {@code auto} tries
     * bubblewrap, then (as root) chroot; each candidate is tried once with a real run. Cached per
     * choice for the JVM.
     */
    public static SandboxProbe probe(GotrailConfig.SandboxChoice choice) {
        return PROBES.computeIfAbsent(choice, c -> probe(c, Host.current()));
    }

    static SandboxProbe probe(GotrailConfig.SandboxChoice choice, Host host) {
        return switch (choice) {
            case NONE -> new SandboxProbe(SandboxProbe.Kind.NONE, "", "gotrail.sandbox=none",
                    "remove gotrail.sandbox or set it to auto, bubblewrap or chroot");
            case BUBBLEWRAP -> bubblewrapProbe(host);
            case CHROOT -> chrootProbe(host);
            case AUTO -> {
                SandboxProbe b = bubblewrapProbe(host);
                if (b.usable()) yield b;
                SandboxProbe c = chrootProbe(host);
                if (c.usable()) yield c;
                yield new SandboxProbe(SandboxProbe.Kind.NONE, "", b.cause() + "; and " + c.cause(),
                        b.fix() + "; or run as root (gotrail then uses chroot in a private mount namespace)");
            }
        };
    }

    private static SandboxProbe bubblewrapProbe(Host host) {
        Optional<Path> bwrap = onPath(host.path(), "bwrap");
        if (bwrap.isEmpty()) {
            return new SandboxProbe(SandboxProbe.Kind.NONE, "", "bubblewrap is not installed (no bwrap on PATH " + host.path() + ")",
                    "install bubblewrap: apt-get install bubblewrap (Debian/Ubuntu), dnf install bubblewrap (Fedora/RHEL), "
                            + "apk add bubblewrap (Alpine)");
        }
        List<String> trial = new ArrayList<>(List.of(bwrap.get().toString(), "--die-with-parent"));
        if (!host.root()) trial.addAll(List.of("--unshare-user", "--unshare-pid"));
        trial.addAll(List.of("--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--", "/bin/true"));
        CommandResult r = CommandRunner.run(CommandSpec.of(trial).withTimeout(Duration.ofSeconds(30)));
        if (r.succeeded()) {
            return new SandboxProbe(SandboxProbe.Kind.BUBBLEWRAP, bwrap.get().toString(), "", "");
        }
        return new SandboxProbe(SandboxProbe.Kind.NONE, bwrap.get().toString(), "bubblewrap (" + bwrap.get()
                + ") cannot create its namespaces: " + firstLine(r),
                "enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 on Debian/Ubuntu kernels, "
                        + "user.max_user_namespaces > 0, on Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0); "
                        + "in a container, run it with --security-opt seccomp=unconfined --security-opt apparmor=unconfined "
                        + "or --privileged");
    }

    private static SandboxProbe chrootProbe(Host host) {
        String fix = "run as root (the chroot fallback needs root), or install bubblewrap (apt-get install bubblewrap)";
        if (!host.root()) {
            return new SandboxProbe(SandboxProbe.Kind.NONE, "", "chroot needs root and this process is not root", fix);
        }
        Optional<Path> unshare = onPath(host.path(), "unshare");
        if (unshare.isEmpty() || onPath(host.path(), "mount").isEmpty()) {
            return new SandboxProbe(SandboxProbe.Kind.NONE, "", "chroot needs unshare and mount (util-linux) on PATH " + host.path(),
                    "install util-linux and mount, or install bubblewrap (apt-get install bubblewrap)");
        }
        try {
            if (!Files.readString(Path.of("/proc/filesystems"), StandardCharsets.UTF_8).contains("overlay")) {
                return new SandboxProbe(SandboxProbe.Kind.NONE, "", "chroot needs overlayfs (to keep the shared image root "
                        + "untouched) and /proc/filesystems does not list it", "modprobe overlay, or install bubblewrap");
            }
        } catch (IOException e) {
            // no /proc/filesystems: let the trial run decide
        }
        CommandResult r = CommandRunner.run(CommandSpec.of(unshare.get().toString(), "--mount", "--propagation", "private",
                "--fork", "--", "/bin/true").withTimeout(Duration.ofSeconds(30)));
        if (!r.succeeded()) {
            return new SandboxProbe(SandboxProbe.Kind.NONE, unshare.get().toString(), "unshare --mount fails: " + firstLine(r),
                    "in a container, run it with --privileged (or CAP_SYS_ADMIN), or install bubblewrap");
        }
        return new SandboxProbe(SandboxProbe.Kind.CHROOT, unshare.get().toString(), "", "");
    }

    private static String firstLine(CommandResult r) {
        if (!r.started()) return r.startError();
        String err = r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return err.isEmpty() ? "exit code " + r.exitCode() : err.strip();
    }

    private static Optional<Path> onPath(String path, String name) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True when this process's effective uid is 0 (from {@code /proc/self/status}). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            // no procfs: not Linux, no sandbox either way
        }
        return false;
    }

    @Override
    public String toString() {
        return probe.describe() + " for " + image;
    }

    /** The per-JVM homes, deleted by one shutdown hook. */
    private static final class Cleanup {
        private static final java.util.Set<Path> DIRS = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> DIRS.forEach(Cleanup::deleteTree), "gotrail-image-home-cleanup"));
        }

        static void deleteOnExit(Path dir) {
            DIRS.add(dir);
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> walk = Files.walk(dir)) {
                // the Go module cache makes its directories read-only: open them up before deleting inside
                walk.filter(d -> Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(d -> d.toFile().setWritable(true, true));
            } catch (IOException | RuntimeException e) {
                // best effort at exit
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // best effort at exit: a temporary directory left behind is harmless
                    }
                });
            } catch (IOException | RuntimeException e) {
                // best effort at exit
            }
        }
    }
}
