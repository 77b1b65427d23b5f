package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image roots built in a temporary directory: a merged-/usr layout whose {@code /lib} is an
 * absolute symlink (resolved inside the root, never on the host), the host's ld.so and a fake
 * glibc that defines only GLIBC_2.2.5 — as an old distribution would have.
 */
class ImageRootTest {

    @TempDir
    Path tmp;

    /** root/{usr/lib/x86_64-linux-gnu/libc.so.6 (GLIBC_2.2.5 only), lib -> /usr/lib, lib64 -> /usr/lib64 with ld.so}. */
    private Path oldGlibcRoot() throws IOException {
        Path root = tmp.resolve("root");
        Path multiarch = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("lib64"), Path.of("/usr/lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), root.resolve("usr/lib64/ld-linux-x86-64.so.2"));
        Path src = Files.writeString(tmp.resolve("libc.c"), "int gotrail_old_libc(void) { return 0; }\n");
        Path map = Files.writeString(tmp.resolve("libc.map"), "GLIBC_2.2.5 { global: *; };\n");
        Fixtures.run(List.of(RealTools.gcc().toString(), "-shared", "-fPIC", "-nostdlib", "-o",
                multiarch.resolve("libc.so.6").toString(), src.toString(), "-Wl,-soname,libc.so.6", "-Wl,--version-script," + map));
        return root;
    }

    @Test
    void debiansGo119NeedsGlibc234AndAnOldImageOnlyHas225() throws IOException {
        Path go = RealTools.go("1.19");
        Path root = oldGlibcRoot();
        Files.copy(go, root.resolve("usr/bin/go"), StandardCopyOption.COPY_ATTRIBUTES);

        LinkMap map = Loader.at(root).resolve("/usr/bin/go");

        assertThat(map.cacheSource()).as("no ld.so.cache in the image: the loader searches its trusted directories only")
                .isEqualTo(CacheSource.NONE);
        assertThat(map.find("libc.so.6")).hasValueSatisfying(libc -> {
            assertThat(libc.path()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
            assertThat(libc.realPath()).isEqualTo("/usr/lib/x86_64-linux-gnu/libc.so.6");
        });
        assertThat(map.versionProblems()).extracting(VersionProblem::message)
                .contains("version `GLIBC_2.34' not found (required by /usr/bin/go)",
                        "version `GLIBC_2.32' not found (required by /usr/bin/go)")
                .doesNotContain("version `GLIBC_2.2.5' not found (required by /usr/bin/go)");
        assertThat(map.maxVersion("GLIBC")).hasValueSatisfying(v -> assertThat(v).hasToString("2.34"));
        assertThat(map.isComplete()).isFalse();

        LinkMap hostFileInImage = Loader.at(root).resolveFile(go);
        // placed where gotrail ldd --place puts a host file by default (Loader.defaultPlacement)
        assertThat(hostFileInImage.binary()).isEqualTo("/usr/local/bin/go");
        assertThat(hostFileInImage.versionProblems()).extracting(VersionProblem::message)
                .contains("version `GLIBC_2.34' not found (required by /usr/local/bin/go)");

        LinkMap onHost = Loader.at(Path.of("/")).resolve(go);
        assertThat(onHost.versionProblems()).isEmpty();
        assertThat(onHost.maxVersion("GLIBC").orElseThrow().isAtMost("2.36")).isTrue();
    }

    @Test
    void libpthreadAndLibdlAbsentFromTheImageAreMissingWithEveryPathTried() throws IOException {
        Path root = oldGlibcRoot();
        Fixtures f = new Fixtures(tmp);
        Path exe = f.exe("build/app");
        // as linked on glibc < 2.34, where libpthread and libdl were real libraries
        f.patchelf(exe, "--add-needed", "libpthread.so.0", "--add-needed", "libdl.so.2");
        Files.copy(exe, root.resolve("usr/bin/app"));

        LinkMap map = Loader.at(root).resolve("/usr/bin/app");

        assertThat(map.missing()).extracting(MissingLibrary::soname).containsExactlyInAnyOrder("libpthread.so.0", "libdl.so.2");
        assertThat(map.missing().stream().filter(m -> m.soname().equals("libpthread.so.0")).findFirst().orElseThrow().searched()).contains("/lib/x86_64-linux-gnu/libpthread.so.0", "/usr/lib/libpthread.so.0")
                .allSatisfy(p -> assertThat(p).doesNotStartWith(tmp.toString()));
        assertThat(Loader.at(Path.of("/")).resolve(exe).missing()).as("glibc 2.34+ on the host keeps the stubs").isEmpty();
    }

    @Test
    void aWrongProgramInterpreterIsReported() throws IOException {
        Path root = oldGlibcRoot();
        Fixtures f = new Fixtures(tmp);
        Path exe = f.exe("build/app");
        f.patchelf(exe, "--set-interpreter", "/lib/ld-musl-x86_64.so.1");
        Files.copy(exe, root.resolve("usr/bin/app"));

        LinkMap map = Loader.at(root).resolve("/usr/bin/app");

        assertThat(map.interpreter()).contains("/lib/ld-musl-x86_64.so.1");
        assertThat(map.missing()).singleElement().satisfies(m -> {
            assertThat(m.soname()).isEqualTo("/lib/ld-musl-x86_64.so.1");
            assertThat(m.note()).contains("PT_INTERP");
        });
        assertThat(map.isComplete()).isFalse();
    }

    @Test
    void staticAndCgoGoBinariesOfGo121() throws IOException {
        Path go = RealTools.go("1.21");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("go.mod"), "module example.com/hello\n\ngo 1.21\n");
        Files.writeString(src.resolve("main.go"), "package main\n\nimport \"os/user\"\n\nfunc main() { _, _ = user.Current() }\n");
        Path staticBin = buildGo(go, src, "0", "hello-static");
        Path cgoBin = buildGo(go, src, "1", "hello-cgo");

        assertThat(ElfFile.read(staticBin).isStatic()).isTrue();
        LinkMap s = Loader.at(Path.of("/")).resolve(staticBin);
        assertThat(s.isStatic()).isTrue();
        assertThat(s.libraries()).isEmpty();
        assertThat(s.maxVersion("GLIBC")).isEmpty();
        assertThat(s.isComplete()).isTrue();

        LinkMap c = Loader.at(Path.of("/")).resolve(cgoBin);
        assertThat(c.isStatic()).isFalse();
        assertThat(c.find("libc.so.6")).hasValueSatisfying(l -> assertThat(l.reason()).isEqualTo(LoadReason.LD_SO_CACHE));
        assertThat(c.maxVersion("GLIBC")).isPresent();
        assertThat(c.isComplete()).isTrue();

        Path root = oldGlibcRoot();
        Files.copy(cgoBin, root.resolve("usr/bin/hello"));
        Files.copy(staticBin, root.resolve("usr/bin/hello-static"));
        assertThat(Loader.at(root).resolve("/usr/bin/hello").versionProblems()).isNotEmpty();
        assertThat(Loader.at(root).resolve("/usr/bin/hello-static").isComplete()).as("a static binary runs anywhere").isTrue();
    }

    @Test
    void aCorruptCacheIsIgnoredLikeTheLoaderDoesAndTheDefaultPathAnswers() throws IOException {
        Path root = oldGlibcRoot();
        Files.writeString(root.resolve("etc/ld.so.cache"), "glibc-ld.so.cache1.1 but truncated");
        Fixtures f = new Fixtures(tmp);
        Files.copy(f.exe("build/app"), root.resolve("usr/bin/app"));

        LinkMap map = Loader.at(root).resolve("/usr/bin/app");

        assertThat(map.warnings()).anySatisfy(w -> assertThat(w).contains("ld.so.cache ignored", "etc/ld.so.cache"));
        assertThat(map.asIfLdconfig()).isFalse();
        assertThat(map.cacheSource()).isEqualTo(CacheSource.NONE);
        assertThat(map.find("libc.so.6")).hasValueSatisfying(l -> {
            assertThat(l.reason()).isEqualTo(LoadReason.DEFAULT_DIR);
            assertThat(l.path()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
        });
    }

    private Path buildGo(Path go, Path src, String cgo, String name) {
        Path out = tmp.resolve(name);
        CommandResult r = CommandRunner.run(CommandSpec.of(go.toString(), "build", "-o", out.toString(), ".").withDir(src)
                .withEnv("CGO_ENABLED", cgo).withEnv("GOCACHE", tmp.resolve("gocache").toString())
                .withEnv("GOPATH", tmp.resolve("gopath").toString()).withEnv("GOTOOLCHAIN", "local")
                .withEnv("GOFLAGS", "-modcacherw").withEnv("GOPROXY", "off").withoutEnv("GOROOT")
                .withTimeout(java.time.Duration.ofMinutes(10))); // a cold go build of the runtime takes minutes on a loaded machine
        assertThat(r.succeeded()).as(r.describe() + "\n" + r.stderr()).isTrue();
        return out;
    }
}
