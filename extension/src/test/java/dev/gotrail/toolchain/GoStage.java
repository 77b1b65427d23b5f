package dev.gotrail.toolchain;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages toolchain scenarios in a test's temp directory: PATH directories with symlinked or copied
 * real go binaries, fake GOROOTs, go/env files, and an explicit environment (a private HOME, no
 * inherited GOROOT/GOENV) so the JVM's own environment never leaks into a scenario.
 */
public final class GoStage {

    private final Path root;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> pathDirs = new ArrayList<>();

    public GoStage(Path root) {
        this.root = root;
        Path home = dir("home");
        env.put("HOME", home.toString());
        env.put("GOCACHE", dir("gocache").toString());
        env.put("GOPATH", dir("gopath").toString());
        env.put("GOPROXY", "off"); // no network, ever
        env.put("GOFLAGS", "-modcacherw");
        env.put("PATH", "");
        // go 1.23+ counts into ~/.config/go/telemetry and may start a detached uploader that
        // outlives the command (and races @TempDir cleanup); "off" keeps the home quiet.
        write(home.resolve(".config/go/telemetry/mode"), "off\n");
    }

    public Path root() {
        return root;
    }

    public Path dir(String relative) {
        try {
            return Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a PATH directory (created) and returns it. */
    public Path pathDir(String relative) {
        Path d = dir(relative);
        pathDirs.add(d);
        env.put("PATH", String.join(":", pathDirs.stream().map(Path::toString).toList()));
        return d;
    }

    /** {@code dir/name -> target} (target may be relative). */
    public static Path symlink(Path dir, String name, Path target) {
        try {
            Path link = dir.resolve(name);
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A byte copy of a real go binary. The copy is written by a {@code cp} child process, not by
     * this JVM: a write descriptor open in the JVM is inherited by every process other tests fork
     * meanwhile, and executing the copy then fails with ETXTBSY ("Text file busy").
     */
    public static Path copy(Path source, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Process cp = new ProcessBuilder("/bin/cp", source.toString(), target.toString())
                    .redirectErrorStream(true).start();
            String output = new String(cp.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (cp.waitFor() != 0) {
                throw new IllegalStateException("cp " + source + " " + target + " failed: " + output);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An executable shell script (for the bad-input cases a real go cannot produce). */
    public static Path script(Path dir, String name, String body) {
        try {
            Files.createDirectories(dir);
            // written next to the target, then copied by cp (see copy) so no JVM write descriptor leaks into forks
            Path source = Files.writeString(dir.resolve("." + name + ".src"), "#!/bin/sh\n" + body + "\n");
            Path file = copy(source, dir, name);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GoStage env(String key, String value) {
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return this;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public Path home() {
        return Path.of(env.get("HOME"));
    }

    /**
     * A GOROOT assembled in the temp dir: {@code bin/go} copied from go {@code binaryVersion},
     * {@code pkg} linked to go {@code pkgVersion}'s, {@code src} linked to {@code srcTarget}, and
     * {@code VERSION} copied from go {@code versionFileVersion}.
     */
    public Path assembleGoroot(String name, String binaryVersion, String pkgVersion, Path srcTarget, String versionFileVersion) {
        Path goroot = dir(name);
        copy(RealTools.go(binaryVersion), goroot.resolve("bin"), "go");
        symlink(goroot, "pkg", RealTools.goroot(pkgVersion).resolve("pkg"));
        symlink(goroot, "src", srcTarget);
        try {
            Files.copy(RealTools.goroot(versionFileVersion).resolve("VERSION"), goroot.resolve("VERSION"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return goroot;
    }

    public DiscoveryRequest request(String go) {
        return new DiscoveryRequest(go, env(), root, Duration.ofSeconds(60));
    }

    /** Uncached discovery of {@code go} ("" = first on the staged PATH). */
    public DiscoveryResult discover(String go) {
        return ToolchainDiscovery.discoverUncached(request(go));
    }

    public GoToolchain found(String go) {
        DiscoveryResult r = discover(go);
        if (r instanceof NoToolchain none) {
            throw new AssertionError("expected a toolchain but: " + none.message());
        }
        return r.toolchain().orElseThrow();
    }

    public NoToolchain notFound(String go) {
        DiscoveryResult r = discover(go);
        if (r instanceof NoToolchain none) {
            return none;
        }
        throw new AssertionError("expected no toolchain but found " + r.toolchain().orElseThrow());
    }

    /** Runs {@code go build} of a hello-world module in the stage with its environment (to prove a finding's symptom). */
    public CommandResult buildHello(Path go, Map<String, String> extraEnv) {
        Path module = dir("hello");
        write(module.resolve("go.mod"), "module hello\n\ngo 1.19\n");
        write(module.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n");
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("GOTOOLCHAIN", "local");
        e.putAll(extraEnv);
        return CommandRunner.run(CommandSpec.of(List.of(go.toString(), "build", "-o", root.resolve("hello.bin").toString(), ".")).withExactEnvironment(e)
                .withDir(module).withTimeout(Duration.ofMinutes(2)));
    }
}
