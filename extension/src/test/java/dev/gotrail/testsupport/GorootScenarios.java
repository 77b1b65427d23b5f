package dev.gotrail.testsupport;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;

/**
 * Every way cmd/go picks its GOROOT and toolchain, staged in a {@link GoLab} with real toolchains:
 * the toolchain-selection cases of cmd/go's testscripts ({@code gotoolchain_local.txt},
 * {@code gotoolchain_path.txt}, {@code mod_toolchain.txt}: GOTOOLCHAIN from the environment, the
 * go/env file or {@code $GOROOT/go.env}; go.mod and go.work {@code go}/{@code toolchain} lines;
 * {@code goX.Y.Z} on PATH standing in for downloaded toolchains) and the GOROOT cases
 * ({@code goroot_executable.txt}, {@code list_goroot_symlink.txt}, {@code env_write.txt},
 * {@code env_unset.txt}; a relocated gccgo; a copied untrimmed go 1.19 and one built from a 1.2x
 * toolchain's own source). Shared by the trace's agreement test (extension) and the doctor's (cli):
 * whatever go itself says, the trace and discovery must say too.
 */
public final class GorootScenarios {

    /** A staged scenario: the go binary to diagnose (null: the first go on the lab's PATH) and the directory to run in. */
    public record Staged(Path go, Path dir) {
    }

    /** One scenario: its name and how to stage it in a fresh lab. */
    public record Scenario(String name, Function<GoLab, Staged> stage) {
        @Override
        public String toString() {
            return name;
        }
    }

    private GorootScenarios() {
    }

    /** Every scenario: the toolchain-selection ones, then the GOROOT ones. */
    public static java.util.stream.Stream<Scenario> all() {
        return java.util.stream.Stream.concat(toolchainSelection().stream(), gorootSelection().stream());
    }

    /** The toolchain-selection scenarios: go is the first go on PATH (Debian's go {@code local}), goX.Y.Z on PATH. */
    public static List<Scenario> toolchainSelection() {
        List<Scenario> all = new ArrayList<>();
        for (String local : List.of("1.21", "1.22")) {
            all.add(path("GOTOOLCHAIN=auto, no go.mod: the local toolchain", local, "auto", null, null, null));
            all.add(path("GOTOOLCHAIN=go1.23.5 in the environment", local, "go1.23.5", null, null, null));
            all.add(path("go.mod's go line asks for a newer toolchain (auto)", local, "auto", "go 1.23.5\n", null, null));
            all.add(path("unset GOTOOLCHAIN is auto from $GOROOT/go.env; go.mod asks", local, "", "go 1.23.5\n", null, null));
            all.add(path("GOTOOLCHAIN=go1.23.5 in the go/env file", local, "", null, null, "GOTOOLCHAIN=go1.23.5\n"));
            all.add(path("GOTOOLCHAIN=path in the go/env file; go.mod asks", local, "", "go 1.23.5\n", null,
                    "# go env -w\nGOTOOLCHAIN=path\n"));
            all.add(path("go.mod's toolchain line, found on PATH (path)", local, "path", "go 1.21\n\ntoolchain go1.23.5\n", null, null));
            all.add(path("go.work takes priority over go.mod", local, "auto", "go 1.23.5\n",
                    "go 1.21\n\ntoolchain go1.23.5\n\nuse .\n", null));
        }
        for (String local : List.of("1.21", "1.22")) {
            all.add(new Scenario("go.mod asks for go1.23.5, found in the module cache (go " + local + ")", lab -> {
                lab.pathFirst(RealTools.go(local).getParent());
                moduleCacheToolchain(lab, "go1.23.5", RealTools.goroot("1.23"));
                lab.env("GOTOOLCHAIN", "auto");
                return new Staged(null, lab.module("m", "go 1.23.5\n"));
            }));
        }
        all.add(path("GOTOOLCHAIN=path, no go.mod: the local toolchain", "1.21", "path", null, null, null));
        all.add(path("GOTOOLCHAIN=go1.22.12+auto sets a minimum", "1.21", "go1.22.12+auto", null, null, null));
        all.add(path("GOTOOLCHAIN=go1.22.12+path sets a minimum", "1.21", "go1.22.12+path", null, null, null));
        all.add(path("auto keeps a newer local toolchain", "1.22", "auto", "go 1.21\n", null, null));
        all.add(path("a toolchain line older than the go line is ignored", "1.21", "auto", "go 1.23.5\n\ntoolchain go1.22.12\n", null, null));
        all.add(path("toolchain default runs the local toolchain", "1.21", "auto", "go 1.21\n\ntoolchain default\n", null, null));
        all.add(path("path uses a newer go line", "1.21", "path", "go 1.22.12\n", null, null));
        all.add(path("min+auto with a newer go line", "1.21", "go1.22.12+auto", "go 1.23.5\n", null, null));
        all.add(path("go.work's toolchain line", "1.21", "auto", "go 1.21\n", "go 1.21\n\ntoolchain go1.22.12\n\nuse .\n", null));
        all.add(path("GOTOOLCHAIN=local with a newer go line (go env still works)", "1.22", "local", "go 1.23.5\n", null, null));
        all.add(path("GOTOOLCHAIN=go1.22.12 with go 1.23: a switch to an older toolchain", "1.23", "go1.22.12", null, null, null));
        all.add(path("GOENV names another file holding GOTOOLCHAIN", "1.21", "", null, null, null, true));
        return all;
    }

    /** The GOROOT scenarios: a given go binary (copied, linked, gccgo's), GOROOT from the environment or the go/env file. */
    public static List<Scenario> gorootSelection() {
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario("a relocated untrimmed go 1.19 uses its built-in GOROOT",
                lab -> new Staged(copy(lab, RealTools.go("1.19"), "new/bin/go"), work(lab))));
        all.add(new Scenario("a relocated untrimmed go 1.21 (built from source) uses its built-in GOROOT",
                lab -> new Staged(copy(lab, untrimmedGo("1.21"), "new/bin/go"), work(lab))));
        all.add(new Scenario("a relocated tree (bin next to pkg/tool) is a GOROOT", lab -> {
            Path go = copy(lab, RealTools.go("1.19"), "new/bin/go");
            lab.dir("new/pkg/tool");
            return new Staged(go, work(lab));
        }));
        all.add(new Scenario("a symlink into a relocated tree finds the tree", lab -> {
            copy(lab, RealTools.go("1.19"), "new/bin/go");
            lab.dir("new/pkg/tool");
            return new Staged(link(lab, "other/bin/go", lab.root().resolve("new/bin/go")), work(lab));
        }));
        all.add(new Scenario("GOROOT set for a relocated trimmed go 1.22", lab -> {
            lab.env("GOROOT", RealTools.goroot("1.22").toString());
            return new Staged(copy(lab, RealTools.go("1.22"), "new/bin/go"), work(lab));
        }));
        all.add(new Scenario("a GOROOT reached through a symlinked directory",
                lab -> new Staged(link(lab, "sdk/go", RealTools.goroot("1.23")).resolve("bin/go"), work(lab))));
        for (String v : List.of("1.21", "1.22", "1.23")) {
            String other = v.equals("1.21") ? "1.23" : "1.21";
            all.add(new Scenario("GOROOT (go " + other + ") written to the go/env file, go " + v, lab -> {
                lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot(other) + "\n");
                return new Staged(RealTools.go(v), work(lab));
            }));
            all.add(new Scenario("$GOROOT (go " + other + ") in the environment, go " + v, lab -> {
                lab.env("GOROOT", RealTools.goroot(other).toString());
                return new Staged(RealTools.go(v), work(lab));
            }));
            all.add(new Scenario("go " + v + " derives its GOROOT from its location", lab -> new Staged(RealTools.go(v), work(lab))));
        }
        all.add(new Scenario("GOENV=off ignores the go/env file's GOROOT", lab -> {
            lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot("1.21") + "\n");
            lab.env("GOENV", "off");
            return new Staged(RealTools.go("1.23"), work(lab));
        }));
        all.add(new Scenario("$GOROOT overrides the go/env file", lab -> {
            lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot("1.21") + "\n");
            lab.env("GOROOT", RealTools.goroot("1.22").toString());
            return new Staged(RealTools.go("1.22"), work(lab));
        }));
        all.add(new Scenario("GOENV names another file holding GOROOT", lab -> {
            Path file = lab.write("conf/goenv", "GOROOT=" + RealTools.goroot("1.21") + "\n");
            lab.env("GOENV", file.toString());
            return new Staged(RealTools.go("1.23"), work(lab));
        }));
        all.add(new Scenario("gccgo's go as installed", lab -> new Staged(RealTools.gccgoGo(), work(lab))));
        all.add(new Scenario("a relocated copy of gccgo's go keeps gccgo's GOROOT",
                lab -> new Staged(copy(lab, RealTools.gccgoGo(), "gcc/bin/go"), work(lab))));
        return all;
    }

    private static Scenario path(String name, String local, String toolchain, String goMod, String goWork, String goEnvFile) {
        return path(name, local, toolchain, goMod, goWork, goEnvFile, false);
    }

    private static Scenario path(String name, String local, String toolchain, String goMod, String goWork, String goEnvFile,
            boolean goenvElsewhere) {
        return new Scenario(name + " (go " + local + ")", lab -> {
            lab.pathFirst(RealTools.go(local).getParent());
            lab.toolchainOnPath("go1.22.12", RealTools.go("1.22"));
            lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
            if (!toolchain.isEmpty()) {
                lab.env("GOTOOLCHAIN", toolchain);
            }
            if (goEnvFile != null) {
                lab.write("home/.config/go/env", goEnvFile);
            }
            if (goenvElsewhere) {
                lab.env("GOENV", lab.write("conf/goenv", "GOTOOLCHAIN=go1.23.5\n").toString());
            }
            Path dir = goMod == null ? work(lab) : lab.module("m", goMod);
            if (goWork != null) {
                lab.write("m/go.work", goWork);
            }
            return new Staged(null, dir);
        });
    }

    /**
     * A toolchain as cmd/go downloads it, without the network: {@code golang.org/toolchain@v0.0.1-VERSION.linux-amd64}
     * in the lab's module cache ({@code $GOPATH/pkg/mod}), a directory of symlinks to a real tree with
     * the {@code src/_go.mod} marker go checks, and its {@code .ziphash}. cmd/go verifies a toolchain
     * against the checksum database unless {@code GOPROXY} is a single {@code file://} proxy
     * ({@code modfetch.useSumDB}): the lab gets an empty one, and {@code GOSUMDB=off}.
     */
    public static Path moduleCacheToolchain(GoLab lab, String version, Path goroot) {
        String name = version + ".linux-amd64";
        Path dir = lab.dir("home/go/pkg/mod/golang.org/toolchain@v0.0.1-" + name);
        try {
            try (var entries = Files.list(goroot)) {
                for (Path e : entries.toList()) {
                    if (!e.getFileName().toString().equals("src")) {
                        Files.createSymbolicLink(dir.resolve(e.getFileName()), e);
                    }
                }
            }
            Path src = Files.createDirectories(dir.resolve("src"));
            try (var entries = Files.list(goroot.resolve("src"))) {
                for (Path e : entries.toList()) {
                    Files.createSymbolicLink(src.resolve(e.getFileName()), e);
                }
            }
            Files.writeString(src.resolve("_go.mod"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.write("home/go/pkg/mod/cache/download/golang.org/toolchain/@v/v0.0.1-" + name + ".ziphash",
                "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
        lab.env("GOPROXY", "file://" + lab.dir("proxy"));
        lab.env("GOSUMDB", "off");
        return dir;
    }

    private static Path work(GoLab lab) {
        lab.write("work/main.go", "package main\n\nfunc main() {}\n");
        return lab.dir("work");
    }

    /** A byte copy of {@code go} at {@code relative} in the lab (cp in a child: no JVM write descriptor leaks into forks). */
    public static Path copy(GoLab lab, Path go, String relative) {
        Path target = lab.root().resolve(relative);
        lab.dir(relative.substring(0, relative.lastIndexOf('/')));
        CommandResult cp = lab.shell(lab.root(), "cp '" + go + "' '" + target + "'");
        Assertions.assertEquals(0, cp.exitCode(), cp::describe);
        return target;
    }

    private static Path link(GoLab lab, String relative, Path target) {
        Path link = lab.root().resolve(relative);
        lab.dir(relative.substring(0, relative.lastIndexOf('/')));
        try {
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * cmd/go of Debian's go {@code minor}, built from that toolchain's own source without
     * {@code -trimpath}: unlike Debian's trimmed binary it carries a built-in GOROOT (the toolchain's).
     * Built once into {@code target/gotrail-untrimmed-go/MINOR/go} (minutes on a cold cache).
     */
    public static synchronized Path untrimmedGo(String minor) {
        Path goroot = RealTools.goroot(minor);
        Path out = Path.of("target", "gotrail-untrimmed-go", minor, "go").toAbsolutePath();
        if (Files.isExecutable(out)) {
            return out;
        }
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "gotrail-golab-gocache");
        CommandResult r = CommandRunner.run(CommandSpec.of(RealTools.go(minor).toString(), "build", "-o", out.toString(), ".")
                .withDir(goroot.resolve("src/cmd/go"))
                .withExactEnvironment(java.util.Map.of("PATH", GoLab.SYSTEM_PATH, "HOME", System.getProperty("java.io.tmpdir"),
                        "GOCACHE", cache.toString(), "GOTOOLCHAIN", "local", "GOFLAGS", "", "GOPROXY", "off", "CGO_ENABLED", "0"))
                .withTimeout(Duration.ofMinutes(10)));
        Assertions.assertEquals(0, r.exitCode(), () -> "building an untrimmed cmd/go of go " + minor + ": " + r.describe() + "\n" + r.stderr());
        return out;
    }
}
