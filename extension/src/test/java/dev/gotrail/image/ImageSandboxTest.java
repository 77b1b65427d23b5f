package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.config.GotrailConfig.SandboxChoice;
import dev.gotrail.json.JsonReader;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.process.EnvDelta;
import dev.gotrail.testsupport.ImageTools;
import dev.gotrail.testsupport.MissingTool;
import dev.gotrail.testsupport.MissingToolSignal;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.TestImages;
import dev.gotrail.trace.FileAccess;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.tracer.StraceTracer;
import dev.gotrail.tracer.TracedCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageSandbox} against the truth: go's own answers chrooted into the same unpacked root
 * ({@link ImageTools#chroot}) equal what go says inside bubblewrap and inside the chroot launcher;
 * strace outside the sandbox sees image paths; the shared root is never written.
 */
class ImageSandboxTest {

    static Image golang;
    static List<String> rootListing;

    @BeforeAll
    static void open() throws IOException {
        RealTools.onPath("bwrap", "bubblewrap");
        golang = Image.open(TestImages.require(TestImages.GOLANG_DOCKER_ARCHIVE));
        rootListing = topLevel(golang.root());
    }

    private static List<String> topLevel(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Both sandboxes as root (bubblewrap, then the chroot launcher), else bubblewrap: each must be usable here. */
    private static List<SandboxProbe> sandboxes() {
        List<SandboxChoice> choices = ImageSandbox.isRoot() ? List.of(SandboxChoice.BUBBLEWRAP, SandboxChoice.CHROOT)
                : List.of(SandboxChoice.BUBBLEWRAP);
        List<SandboxProbe> probes = choices.stream().map(ImageSandbox::probe).toList();
        assertThat(probes).allSatisfy(p -> assertThat(p.usable()).as(p.describe()).isTrue());
        return probes;
    }

    /**
     * A small image made by podman: this machine's sh, id and touch with their libraries, the given
     * passwd (and group, unless null) files, /proc, /dev, /tmp and {@code dirs}, and the config {@code changes}.
     */
    private static Image smallImage(Path work, String passwd, String group, List<String> dirs, String... changes) throws IOException {
        Path root = work.resolve("root");
        for (String program : List.of("/bin/sh", "/usr/bin/id", "/usr/bin/touch")) {
            ImageTools.copyProgram(root, Path.of(program));
        }
        ImageTools.writeFile(root, "/etc/passwd", passwd);
        if (group != null) {
            ImageTools.writeFile(root, "/etc/group", group);
        }
        List<String> all = new java.util.ArrayList<>(List.of("proc", "dev", "tmp"));
        all.addAll(dirs);
        for (String dir : all) {
            Files.createDirectories(root.resolve(dir));
        }
        return Image.opener().cache(work.resolve("cache")).open(ImageTools.podmanImage(root, work, "docker-archive", "", changes));
    }

    /** go env -json chrooted into the unpacked root with the image's environment: the truth. */
    private static Map<String, Object> truth() throws JsonReader.JsonSyntaxException {
        Map<String, String> env = new LinkedHashMap<>(golang.config().containerEnv());
        env.putIfAbsent("HOME", "/root");
        CommandResult r = ImageTools.chroot(golang.root(), env, "/usr/local/go/bin/go", "env", "-json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JsonReader.parseObject(r.stdout(), "go env -json");
    }

    private static Map<String, Object> goEnvIn(ImageSandbox sandbox) throws JsonReader.JsonSyntaxException {
        CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/usr/local/go/bin/go", "env", "-json")));
        assertThat(r.exitCode()).as(r.describe() + "\n" + r.stderr()).isZero();
        return JsonReader.parseObject(r.stdout(), "go env -json in the sandbox");
    }

    @Test
    void bubblewrapRunsTheImagesGoWithTheImagesEnvironmentAsChrootDoes(@TempDir Path writable) throws Exception {
        SandboxProbe probe = ImageSandbox.probe(SandboxChoice.BUBBLEWRAP);
        assertThat(probe.usable()).as(probe.describe()).isTrue();
        ImageSandbox sandbox = ImageSandbox.of(golang, probe, writable);

        Map<String, Object> inside = goEnvIn(sandbox);
        Map<String, Object> truth = truth();

        for (String key : List.of("GOROOT", "GOVERSION", "GOPATH", "GOTOOLCHAIN", "GOCACHE", "GOENV", "GOMODCACHE")) {
            assertThat(inside.get(key)).as(key).isEqualTo(truth.get(key));
        }
        assertThat(inside.get("GOROOT")).isEqualTo("/usr/local/go");
        assertThat((String) inside.get("GOVERSION")).startsWith("go1.23");
        assertThat(topLevel(golang.root())).isEqualTo(rootListing);
    }

    @Test
    void theChrootLauncherGivesTheSameAnswersAndNeverMountsIntoTheSharedRoot(@TempDir Path writable, @TempDir Path work)
            throws Exception {
        if (!ImageSandbox.isRoot()) {
            throw MissingToolSignal.raise(List.of(new MissingTool("root privileges", "", "the chroot launcher needs root")),
                    RealTools.strict());
        }
        SandboxProbe probe = ImageSandbox.probe(SandboxChoice.CHROOT);
        assertThat(probe.kind()).as(probe.describe()).isEqualTo(SandboxProbe.Kind.CHROOT);
        ImageSandbox sandbox = ImageSandbox.of(golang, probe, writable);

        assertThat(goEnvIn(sandbox).get("GOROOT")).isEqualTo(truth().get("GOROOT"));
        // a host directory bound at its own path, writable; HOME is the writable home
        CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/bin/sh", "-c", "pwd; echo made > here; echo $HOME; "
                + "touch $HOME/was-here").withDir(work)));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(work.toString(), "/root");
        assertThat(work.resolve("here")).hasContent("made");
        assertThat(sandbox.hostHome().resolve("was-here")).exists();
        // nothing of the mounts reached the shared root or this machine's mount table
        assertThat(topLevel(golang.root())).isEqualTo(rootListing);
        assertThat(golang.root().resolve(work.toString().substring(1))).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("gotrail-sandbox");
    }

    @Test
    void bubblewrapBindsTheWorkingDirectoryAtItsOwnPathAndKeepsTheRootReadOnly(@TempDir Path writable, @TempDir Path work) {
        ImageSandbox sandbox = ImageSandbox.of(golang, ImageSandbox.probe(SandboxChoice.BUBBLEWRAP), writable);

        CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/bin/sh", "-c",
                "pwd; echo made > here; id -u; touch /usr/local/go/x 2>&1 || echo read-only; touch /tmp/t && echo tmp-ok")
                .withDir(work)));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains(work.toString(), "0\n", "Read-only file system", "read-only", "tmp-ok");
        assertThat(work.resolve("here")).hasContent("made");
        assertThat(golang.root().resolve("usr/local/go/x")).doesNotExist();
    }

    @Test
    void environmentChangesApplyToTheImagesEnvironmentNotThisJvms(@TempDir Path writable) {
        ImageSandbox sandbox = ImageSandbox.of(golang, ImageSandbox.probe(SandboxChoice.BUBBLEWRAP), writable);

        Map<String, String> env = sandbox.environment(EnvDelta.parse("CGO_ENABLED=0", "GOTOOLCHAIN="));

        assertThat(env).containsEntry("PATH", golang.config().envMap().get("PATH")).containsEntry("HOME", "/root")
                .containsEntry("CGO_ENABLED", "0").doesNotContainKey("GOTOOLCHAIN").doesNotContainKey("JAVA_HOME");
        CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/usr/bin/env").withEnv("CGO_ENABLED", "0")));
        assertThat(r.stdout().lines().toList()).contains("CGO_ENABLED=0", "GOPATH=/go", "HOME=/root")
                .noneMatch(l -> l.startsWith("JAVA_HOME=") || l.startsWith("MAVEN"));
    }

    @Test
    void straceOutsideSeesImagePathsAndNotTheLaunchersSetup(@TempDir Path writable, @TempDir Path logs) {
        StraceTracer strace = new StraceTracer(RealTools.strace().toString());
        ImageSandbox sandbox = ImageSandbox.of(golang, ImageSandbox.probe(SandboxChoice.AUTO), writable);
        CommandSpec inside = CommandSpec.of("/usr/local/go/bin/go", "env", "GOROOT");

        TracedCommand.Outcome o = TracedCommand.runLaunched(strace, inside, Path.of("/go"),
                sandbox.environment(inside.env()), sandbox.wrap(inside), logs.resolve("go.log"));
        GoTrace trace = o.trace();

        assertThat(trace.stdout().strip()).isEqualTo("/usr/local/go");
        assertThat(trace.command()).containsExactly("/usr/local/go/bin/go", "env", "GOROOT");
        assertThat(o.result().command()).isEqualTo(trace.command());
        assertThat(o.result().dir()).isEqualTo(Path.of("/go"));
        assertThat(trace.effectiveGoroot().path()).isEqualTo("/usr/local/go");
        assertThat(trace.execs().get(0).path()).isEqualTo("/usr/local/go/bin/go");
        assertThat(trace.opened()).extracting(FileAccess::path).contains("/usr/local/go/go.env");
        // the launcher's own calls (bwrap exec'd on this machine, its libraries, its mounts) are gone
        assertThat(trace.execs()).noneMatch(e -> e.path().endsWith("/bwrap"));
        assertThat(trace.opened()).extracting(FileAccess::path).noneMatch(p -> p.contains(golang.root().toString()));
        assertThat(trace.rootProcesses()).hasSize(1);
        // the raw log holds them: the narrowing is real
        assertThat(trace.rawLog()).content().contains("bwrap");
    }

    @Test
    void goInstallWritesTheImagesGopathWhichIsACopyKeptOutsideTheSharedRoot(@TempDir Path work) throws IOException {
        Path module = Files.createDirectories(work.resolve("module"));
        Files.writeString(module.resolve("go.mod"), "module example.com/tiny\n\ngo 1.23\n");
        Files.writeString(module.resolve("main.go"), "package main\n\nfunc main() {}\n");
        for (SandboxProbe probe : sandboxes()) {
            SandboxProbe.Kind kind = probe.kind();
            ImageSandbox sandbox = ImageSandbox.of(golang, probe, work.resolve("writable-" + kind));
            ImageSandbox.GopathBind gopath = sandbox.writableGopath().orElseThrow();
            assertThat(gopath.inside()).isEqualTo("/go");
            // what the image has there is there (the official layout: bin and src)
            assertThat(gopath.host().resolve("bin")).isDirectory();
            assertThat(gopath.host().resolve("src")).isDirectory();

            CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/bin/sh", "-c",
                    "go install . && ls /go/bin && go env GOMODCACHE && mkdir -p \"$(go env GOMODCACHE)\" && echo cache-ok")
                    .withDir(module).withEnv("CGO_ENABLED", "0")));

            assertThat(r.stdout().lines().toList()).as(kind + ": " + r.stderr()).containsExactly("tiny", "/go/pkg/mod", "cache-ok");
            assertThat(gopath.host().resolve("bin/tiny")).as(kind.toString()).isRegularFile();
            assertThat(golang.root().resolve("go/bin/tiny")).as("the shared root is never written").doesNotExist();
            assertThat(golang.root().resolve("go/pkg")).doesNotExist();
            dev.gotrail.testsupport.GoLab.chmodWritable(gopath.host()); // so that @TempDir can delete what go made read-only
        }
        assertThat(topLevel(golang.root())).isEqualTo(rootListing);
    }

    @Test
    void aCallersLauncherRunsInTheCallersDirectoryWithItsArgumentsAndOnlyThePassedVariables(@TempDir Path work) throws IOException {
        // a directory name and arguments a shell would mangle if any of them were pasted into a script
        Path dir = Files.createDirectories(work.resolve("it's a $dir"));
        for (SandboxProbe probe : sandboxes()) {
            SandboxProbe.Kind kind = probe.kind();
            ImageSandbox sandbox = ImageSandbox.of(golang, probe, work.resolve("writable-" + kind));
            List<String> launcher = sandbox.callerLauncher(List.of("/bin/sh", "-c",
                    "pwd; echo \"$GOOS|$GOFLAGS|${HOSTVAR-unset}|$FROM_COMMAND\"; printf '<%s>' \"$@\"; echo; touch here", "sh"),
                    EnvDelta.none().set("FROM_COMMAND", "yes").set("GOOS", "linux"), List.of("GOOS", "GOFLAGS"));
            List<String> line = new java.util.ArrayList<>(launcher);
            line.addAll(List.of("a b", "c'd", "$HOME"));
            CommandResult r = CommandRunner.run(CommandSpec.of(line).withDir(dir).withEnv("GOOS", "plan9").withEnv("HOSTVAR", "x")
                    .withoutEnv("GOFLAGS"));

            assertThat(r.stdout().lines().toList()).as(kind + ": " + r.stderr())
                    .containsExactly(dir.toString(), "plan9||unset|yes", "<a b><c'd><$HOME>");
            assertThat(dir.resolve("here")).as(kind + ": the caller's directory is bound read-write").exists();
            Files.delete(dir.resolve("here"));

            CommandResult atRoot = CommandRunner.run(CommandSpec.of(launcher).withDir(Path.of("/")));
            assertThat(atRoot.exitCode()).isEqualTo(125);
            assertThat(atRoot.stderr()).contains("cannot run in /");
        }
        assertThatThrownBy(() -> ImageSandbox.of(golang, ImageSandbox.probe(SandboxChoice.BUBBLEWRAP), work.resolve("w"))
                .callerLauncher(List.of("/bin/true"), EnvDelta.none(), List.of("GO OS")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GO OS");
    }

    @Test
    void aNumericUserWithoutPasswdEntryHasHomeSlashWhichIsNotCoveredByAHostDirectory(@TempDir Path work) throws IOException {
        // USER 65532 in a distroless-style image: no passwd entry, so HOME=/ (as Docker sets it); binding a
        // writable host directory there would hide the whole image
        Image image = smallImage(work, "root:x:0:0:root:/root:/bin/sh\n", null, List.of(), "USER 65532", "ENV PATH=/usr/bin:/bin");
        assertThat(ImageUser.of(image).home()).isEqualTo("/");

        for (SandboxProbe probe : sandboxes()) {
            SandboxProbe.Kind kind = probe.kind();
            ImageSandbox sandbox = ImageSandbox.of(image, probe, work.resolve("writable-" + kind));
            CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/bin/sh", "-c",
                    "id -u; echo $HOME; test -x /usr/bin/id && echo image-visible; touch /x 2>/dev/null || echo root-not-writable;"
                            + " touch /tmp/t && echo tmp-writable")));
            assertThat(r.stdout().lines().toList()).as(kind + ": " + r.stderr())
                    .containsExactly("65532", "/", "image-visible", "root-not-writable", "tmp-writable");
        }
    }

    @Test
    void theImagesUserRunsWithItsPasswdHomeWritableInBothSandboxes(@TempDir Path work) throws IOException {
        Image image = smallImage(work, "root:x:0:0:root:/root:/bin/sh\ngotrail:x:1234:4321::/home/gotrail:/bin/sh\n",
                "root:x:0:\nbuilders:x:4321:\n", List.of("root", "home/gotrail"), "USER gotrail", "WORKDIR /home/gotrail",
                "ENV PATH=/usr/bin:/bin");
        assertThat(ImageUser.of(image)).isEqualTo(new ImageUser(1234, 4321, "gotrail", "/home/gotrail"));

        for (SandboxProbe probe : sandboxes()) {
            SandboxProbe.Kind kind = probe.kind();
            ImageSandbox sandbox = ImageSandbox.of(image, probe, work.resolve("writable-" + kind));
            CommandResult r = CommandRunner.run(sandbox.wrap(CommandSpec.of("/bin/sh", "-c",
                    "id -u; id -g; echo $HOME; pwd; touch $HOME/ok && echo home-writable; touch /tmp/t && echo tmp-writable")));
            assertThat(r.stdout().lines().toList()).as(kind + ": " + r.stderr())
                    .containsExactly("1234", "4321", "/home/gotrail", "/home/gotrail", "home-writable", "tmp-writable");
            assertThat(sandbox.hostHome().resolve("ok")).exists();
            // traced from outside through the user and pid namespaces: only the image's program is left
            CommandSpec id = CommandSpec.of("/usr/bin/id", "-u");
            TracedCommand.Outcome o = TracedCommand.runLaunched(new StraceTracer(RealTools.strace().toString()), id,
                    Path.of("/home/gotrail"), sandbox.environment(id.env()), sandbox.wrap(id), work.resolve(kind + ".log"));
            assertThat(o.trace().stdout().strip()).isEqualTo("1234");
            assertThat(o.trace().execs()).extracting(e -> e.path()).containsExactly("/usr/bin/id");
            assertThat(o.trace().rootProcesses()).hasSize(1);
            assertThat(o.trace().opened()).extracting(FileAccess::path).contains("/lib/x86_64-linux-gnu/libc.so.6")
                    .noneMatch(p -> p.startsWith(work.toString()));
        }
    }

    @Test
    void theProbeSaysCauseAndFixWhenNoSandboxIsUsable() {
        SandboxProbe none = ImageSandbox.probe(SandboxChoice.AUTO, new ImageSandbox.Host("/nonexistent", false));

        assertThat(none.usable()).isFalse();
        assertThat(none.cause()).contains("bubblewrap is not installed", "chroot needs root");
        assertThat(none.fix()).contains("apt-get install bubblewrap", "run as root");
        assertThat(ImageSandbox.probe(SandboxChoice.NONE).describe()).contains("gotrail.sandbox=none");
        assertThatThrownBy(() -> ImageSandbox.of(golang, none, Path.of(System.getProperty("java.io.tmpdir"), "unused"))
                .wrap(CommandSpec.of("go"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install bubblewrap");
    }
}
