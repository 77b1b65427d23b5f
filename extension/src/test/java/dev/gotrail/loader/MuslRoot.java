package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.MissingTool;
import dev.gotrail.testsupport.MissingToolSignal;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real musl root made from Debian's packages, as Alpine images are laid out: musl's
 * {@code libc.so} (package {@code musl}) as {@code /lib/ld-musl-x86_64.so.1}, {@code busybox}
 * (package {@code busybox-static}) as {@code /bin/busybox} and {@code /bin/sh}; programs and
 * libraries built by {@code musl-gcc} (package {@code musl-tools}) into it. The truth is taken
 * in the root with {@code chroot} (root only): musl's own ldd ({@code ld-musl-x86_64.so.1 --list})
 * and whether the program starts, run in a private mount namespace with {@code /proc} mounted
 * (musl reads {@code /proc/self/exe} for the program's $ORIGIN, as in a container).
 */
final class MuslRoot {

    static final String LOADER = "/lib/ld-musl-x86_64.so.1";

    private final Path root;
    private final Path work;
    private final Path muslGcc;
    private final Path unshare;
    private final Path chroot;
    private int counter;

    private MuslRoot(Path root, Path work, Path muslGcc, Path unshare, Path chroot) {
        this.root = root;
        this.work = work;
        this.muslGcc = muslGcc;
        this.unshare = unshare;
        this.chroot = chroot;
    }

    /** A fresh root under {@code dir}; aborts (strict: fails) when a package or root privileges are missing. */
    static MuslRoot create(Path dir) throws IOException {
        Path muslGcc = RealTools.onPath("musl-gcc", "musl-tools");
        Path busybox = RealTools.onPath("busybox", "busybox-static");
        Path unshare = RealTools.onPath("unshare", "util-linux");
        Path chroot = RealTools.onPath("chroot", "coreutils");
        Path libc = Path.of(LOADER);
        if (!Files.isRegularFile(libc)) {
            throw MissingToolSignal.raise(List.of(new MissingTool("musl", "apt-get install musl", LOADER + " does not exist")),
                    RealTools.strict());
        }
        if (!ElfFile.read(busybox.toRealPath()).isStatic()) {
            throw MissingToolSignal.raise(List.of(new MissingTool("busybox-static", "apt-get install busybox-static",
                    busybox + " is not statically linked (the busybox package, not busybox-static)")), RealTools.strict());
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw MissingToolSignal.raise(List.of(new MissingTool("root privileges", "",
                    "chroot into a musl root needs root (CI runs as root)")), RealTools.strict());
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        Path work = Files.createDirectories(dir.resolve("work"));
        for (String d : List.of("lib", "bin", "proc", "etc", "usr/lib", "usr/local/lib", "app", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(libc.toRealPath(), root.resolve("lib/ld-musl-x86_64.so.1"));
        Files.copy(busybox.toRealPath(), root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        return new MuslRoot(root, work, muslGcc, unshare, chroot);
    }

    Path root() {
        return root;
    }

    Path host(String inRoot) {
        return root.resolve(inRoot.replaceFirst("^/+", ""));
    }

    /** A musl shared library at {@code inRoot} defining {@code int SYMBOL(void)}, extra musl-gcc arguments after. */
    Path lib(String inRoot, String symbol, String... extra) throws IOException {
        Path src = work.resolve("lib" + (++counter) + ".c");
        Files.writeString(src, "int " + symbol + "(void) { return " + counter + "; }\n");
        return build(inRoot, src, List.of("-shared", "-fPIC"), extra);
    }

    /** A musl program at {@code inRoot} printing "started" (extra: -L, -l, -Wl,... arguments). */
    Path program(String inRoot, String... extra) throws IOException {
        Path src = work.resolve("main" + (++counter) + ".c");
        Files.writeString(src, "#include <stdio.h>\nint main(void) { puts(\"started\"); return 0; }\n");
        return build(inRoot, src, List.of("-Wl,--no-as-needed"), extra);
    }

    private Path build(String inRoot, Path src, List<String> first, String... extra) throws IOException {
        Path out = host(inRoot);
        Files.createDirectories(out.getParent());
        List<String> cmd = new ArrayList<>(List.of(muslGcc.toString(), "-o", out.toString()));
        cmd.addAll(first);
        cmd.add(src.toString());
        cmd.addAll(List.of(extra));
        Fixtures.run(cmd);
        return out;
    }

    void write(String inRoot, String text) throws IOException {
        Path p = host(inRoot);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Runs {@code command} in the root with exactly {@code env} (plus a PATH), /proc mounted in a private namespace. */
    CommandResult chroot(Map<String, String> env, String... command) {
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "--fork", "--pid", "--mount-proc=" + root.resolve("proc"),
                chroot.toString(), root.toString()));
        // The loader environment is set inside the root by busybox's env (static: no loader reads
        // it), so that the host's glibc-linked unshare and chroot never see LD_PRELOAD and friends.
        Map<String, String> exact = new LinkedHashMap<>(env);
        exact.putIfAbsent("PATH", "/bin:/usr/bin");
        cmd.addAll(List.of("/bin/busybox", "env", "-i"));
        exact.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of(command));
        return CommandRunner.run(CommandSpec.of(cmd).withExactEnvironment(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")));
    }

    /** What musl itself does with {@code program}: its ldd lines, its errors, and whether the program starts. */
    record Truth(String interpreterLine, TreeSetLines lines, TreeSetLines missing, int listExit, int runExit, String runOutput) {
    }

    /** Sorted "name => path" lines (or missing names), compared as sets. */
    static final class TreeSetLines extends TreeSet<String> {
        private static final long serialVersionUID = 1L;
    }

    private static final Pattern LIST_LINE = Pattern.compile("^\\t(\\S+) => (\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern INTERP_LINE = Pattern.compile("^\\t(\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern ERROR = Pattern.compile("^Error loading shared library (\\S+): .* \\(needed by (\\S+)\\)$");

    Truth truth(String program, Map<String, String> env) {
        CommandResult list = chroot(env, LOADER, "--list", program);
        String interp = null;
        TreeSetLines lines = new TreeSetLines();
        for (String l : list.stdout().split("\n")) {
            Matcher m = LIST_LINE.matcher(l);
            if (m.matches()) {
                lines.add(m.group(1) + " => " + m.group(2));
            } else if ((m = INTERP_LINE.matcher(l)).matches()) {
                interp = m.group(1);
            }
        }
        TreeSetLines missing = new TreeSetLines();
        for (String l : list.stderr().split("\n")) {
            Matcher m = ERROR.matcher(l);
            if (m.matches()) missing.add(m.group(1));
        }
        CommandResult run = chroot(env, program);
        return new Truth(interp, lines, missing, list.exitCode(), run.exitCode(), run.stdout() + run.stderr());
    }

    /** gotrail's answer in musl ldd's shape: each new object and each musl-builtin class once. */
    static TreeSetLines lines(LinkMap map) {
        TreeSetLines out = new TreeSetLines();
        for (LoadedObject o : map.libraries()) {
            if (o.reason() != LoadReason.INTERPRETER) out.add(o.requestedAs() + " => " + o.path());
        }
        java.util.Set<String> classes = new java.util.HashSet<>();
        for (Dependency d : map.dependencies()) {
            if (d.reason() == LoadReason.MUSL_BUILTIN && d.name().startsWith("lib")
                    && classes.add(d.name().substring(3, d.name().indexOf('.', 3) + 1))) {
                out.add(d.name() + " => " + d.path());
            }
        }
        return out;
    }

    static TreeSetLines missing(LinkMap map) {
        TreeSetLines out = new TreeSetLines();
        map.missing().stream().filter(m -> !m.interpreterMissing()).forEach(m -> out.add(m.soname()));
        return out;
    }

    /** Asserts that gotrail's map is what musl did: the same lines, the same missing names, and it starts iff complete. */
    static void assertSame(LinkMap map, Truth truth) {
        assertThat(map.loaderKind()).isEqualTo(LoaderKind.MUSL);
        assertThat(lines(map)).as("gotrail vs musl's ldd\n%s\n%s", map.tree(), truth).isEqualTo(truth.lines());
        assertThat(missing(map)).as("missing: gotrail vs musl's errors\n%s", map.tree()).isEqualTo(truth.missing());
        assertThat(truth.interpreterLine()).isEqualTo(map.interpreter().orElseThrow());
        assertThat(truth.runExit() == 0).as("starts (exit %s: %s) iff complete\n%s", truth.runExit(), truth.runOutput(), map.tree())
                .isEqualTo(map.isComplete());
        assertThat(truth.listExit() == 0).as("musl's ldd exit").isEqualTo(map.isComplete());
    }
}
