package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * musl's rules (ldso/dynlink.c {@code load_library}) against the real musl loader: each case builds
 * programs and libraries with musl-gcc into a real musl root ({@link MuslRoot}), resolves them with
 * gotrail and compares with what musl's ldd ({@code ld-musl-x86_64.so.1 --list}) prints in the root
 * and whether the program starts there.
 */
class MuslLoaderTest {

    @TempDir
    Path dir;

    MuslRoot musl;

    @BeforeEach
    void root() throws IOException {
        musl = MuslRoot.create(dir);
    }

    private LinkMap check(String program, Map<String, String> env) {
        LinkMap map = Loader.at(musl.root()).env(env).resolve(program);
        MuslRoot.assertSame(map, musl.truth(program, env));
        return map;
    }

    private LinkMap check(String program) {
        return check(program, Map.of());
    }

    @Test
    void runpathWithOriginIsSearchedAndLibcIsMuslItself() throws IOException {
        musl.lib("/app/lib/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/app/lib"), "-la", "-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
        LinkMap map = check("/app/prog");
        assertThat(map.find("liba.so").orElseThrow().reason()).isEqualTo(LoadReason.RUNPATH);
        assertThat(map.find("liba.so").orElseThrow().path()).isEqualTo("/app/lib/liba.so");
        assertThat(map.dependencies()).anyMatch(d -> d.name().equals("libc.so") && d.reason() == LoadReason.MUSL_BUILTIN
                && d.path().equals(MuslRoot.LOADER));
        assertThat(map.cacheSource()).isEqualTo(CacheSource.NOT_CONSULTED);
        assertThat(map.tree()).contains("[musl's loader rules]").contains("liba.so [runpath] /app/lib/liba.so");
    }

    @Test
    void rpathWithBracedOriginIsSearched() throws IOException {
        musl.lib("/opt/app/lib/liba.so", "a");
        musl.program("/opt/app/bin/prog", "-L" + musl.host("/opt/app/lib"), "-la", "-Wl,-rpath,${ORIGIN}/../lib",
                "-Wl,--disable-new-dtags");
        LinkMap map = check("/opt/app/bin/prog");
        assertThat(map.find("liba.so").orElseThrow().reason()).isEqualTo(LoadReason.RPATH);
        assertThat(map.find("liba.so").orElseThrow().path()).isEqualTo("/opt/app/bin/../lib/liba.so");
    }

    @Test
    void ldLibraryPathComesBeforeRpathUnlikeGlibc() throws IOException {
        musl.lib("/opt/rpath/liba.so", "a");
        musl.lib("/opt/env/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/opt/rpath"), "-la", "-Wl,-rpath,/opt/rpath", "-Wl,--disable-new-dtags");
        LinkMap map = check("/app/prog", Map.of("LD_LIBRARY_PATH", "/opt/env"));
        assertThat(map.find("liba.so").orElseThrow().path()).isEqualTo("/opt/env/liba.so");
        assertThat(map.find("liba.so").orElseThrow().reason()).isEqualTo(LoadReason.LD_LIBRARY_PATH);
    }

    @Test
    void runpathIsInheritedDownTheNeededByChain() throws IOException {
        // liba.so has no RUNPATH; libb.so is found through the program's RUNPATH (glibc would not).
        musl.lib("/opt/b/libb.so", "b");
        musl.lib("/opt/a/liba.so", "a", "-L" + musl.host("/opt/b"), "-lb", "-Wl,--no-as-needed");
        musl.program("/app/prog", "-L" + musl.host("/opt/a"), "-la", "-Wl,-rpath-link," + musl.host("/opt/b"),
                "-Wl,-rpath,/opt/a:/opt/b", "-Wl,--enable-new-dtags");
        LinkMap map = check("/app/prog");
        LoadedObject b = map.find("libb.so").orElseThrow();
        assertThat(b.reason()).isEqualTo(LoadReason.RUNPATH);
        assertThat(b.neededBy()).isEqualTo("/opt/a/liba.so");
    }

    @Test
    void thePathFileReplacesTheDefaultDirectories() throws IOException {
        musl.lib("/opt/musl-lib/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/opt/musl-lib"), "-la");
        musl.write("/etc/ld-musl-x86_64.path", "/opt/musl-lib\n/usr/lib\n");
        LinkMap map = check("/app/prog");
        assertThat(map.find("liba.so").orElseThrow().reason()).isEqualTo(LoadReason.LD_MUSL_PATH);
        assertThat(map.find("liba.so").orElseThrow().path()).isEqualTo("/opt/musl-lib/liba.so");
    }

    @Test
    void aPathFileWithoutLibMeansLibIsNotSearched() throws IOException {
        musl.lib("/lib/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/lib"), "-la");
        musl.write("/etc/ld-musl-x86_64.path", "/opt/elsewhere\n");
        LinkMap map = check("/app/prog");
        assertThat(map.missing()).singleElement().satisfies(m -> {
            assertThat(m.soname()).isEqualTo("liba.so");
            assertThat(m.reason()).isEqualTo(MissingReason.NOT_FOUND);
            assertThat(m.searched()).containsExactly("/opt/elsewhere/liba.so");
        });
    }

    @Test
    void theDefaultPathIsLibUsrLocalLibUsrLib() throws IOException {
        musl.lib("/usr/local/lib/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/usr/local/lib"), "-la");
        LinkMap map = check("/app/prog");
        assertThat(map.find("liba.so").orElseThrow().reason()).isEqualTo(LoadReason.DEFAULT_DIR);
        assertThat(map.find("liba.so").orElseThrow().path()).isEqualTo("/usr/local/lib/liba.so");
    }

    @Test
    void aMissingLibraryNamesEveryPathTriedAndTheProgramDoesNotStart() throws IOException {
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        musl.lib("/opt/nope/libnope.so", "nope");
        Files.move(musl.host("/opt/nope/libnope.so"), elsewhere.resolve("libnope.so"));
        musl.program("/app/prog", "-L" + elsewhere, "-lnope", "-Wl,-rpath,/opt/rp");
        LinkMap map = check("/app/prog", Map.of("LD_LIBRARY_PATH", "/opt/env"));
        assertThat(map.missing()).singleElement().satisfies(m -> assertThat(m.searched()).containsExactly(
                "/opt/env/libnope.so", "/opt/rp/libnope.so", "/lib/libnope.so", "/usr/local/lib/libnope.so", "/usr/lib/libnope.so"));
        assertThat(map.isComplete()).isFalse();
    }

    @Test
    void aGlibcProgramInTheMuslRootIsNotFoundByTheShell() throws IOException {
        Path glibcProgram = musl.host("/app/glibc-prog");
        Path src = dir.resolve("glibc.c");
        Files.writeString(src, "int main(void) { return 0; }\n");
        Fixtures.run(java.util.List.of(RealTools.gcc().toString(), "-o", glibcProgram.toString(), src.toString()));
        LinkMap map = Loader.at(musl.root()).resolve("/app/glibc-prog");
        assertThat(map.loaderKind()).isEqualTo(LoaderKind.GLIBC);
        assertThat(map.missing()).anySatisfy(m -> {
            assertThat(m.soname()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
            assertThat(m.reason()).isEqualTo(MissingReason.GLIBC_PROGRAM_IN_MUSL_ROOT);
            assertThat(m.interpreterMissing()).isTrue();
            assertThat(m.note()).contains("not found").contains("CGO_ENABLED=0").contains("glibc base image");
        });
        assertThat(map.isComplete()).isFalse();
        CommandResult shell = musl.chroot(Map.of(), "/bin/sh", "-c", "/app/glibc-prog");
        assertThat(shell.exitCode()).isEqualTo(127);
        assertThat(shell.stderr().strip()).isEqualTo("/bin/sh: /app/glibc-prog: not found");
        assertThat(map.missing().get(0).note()).contains("`sh: /app/glibc-prog: not found`");
        assertThat(map.toJsonMap().get("missing").toString()).contains("reason=GLIBC_PROGRAM_IN_MUSL_ROOT");
    }

    @Test
    void aStaticGoBinaryBuiltWithCgoDisabledRuns() throws IOException {
        Path src = dir.resolve("gosrc");
        Files.createDirectories(src);
        Files.writeString(src.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"static go runs\") }\n");
        Path out = musl.host("/usr/local/bin/app");
        Files.createDirectories(out.getParent());
        CommandResult build = CommandRunner.run(CommandSpec.of(RealTools.go("1.23").toString(), "build", "-o", out.toString(), "main.go")
                .withDir(src).withEnv(Map.of("CGO_ENABLED", "0", "GOTOOLCHAIN", "local", "HOME", dir.toString(),
                        "GOCACHE", dir.resolve("gocache").toString(), "GOFLAGS", "", "GO111MODULE", "off"))
                .withTimeout(java.time.Duration.ofMinutes(5)));
        assertThat(build.succeeded()).as(build.stderr()).isTrue();
        LinkMap map = Loader.at(musl.root()).resolve("/usr/local/bin/app");
        assertThat(map.isStatic()).isTrue();
        assertThat(map.isComplete()).isTrue();
        assertThat(map.loaderKind()).isEqualTo(LoaderKind.NONE);
        CommandResult run = musl.chroot(Map.of(), "/usr/local/bin/app");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("static go runs\n");
    }

    @Test
    void anEarlierSearchAnswersLaterRequestsByFileNameNotBySoname() throws IOException {
        // The program finds libb.so in /usr/lib; liba.so's RUNPATH points at another libb.so, which
        // musl never opens: the name was found before (shortname).
        musl.lib("/usr/lib/libb.so", "b");
        musl.lib("/opt/other/libb.so", "b");
        musl.lib("/usr/lib/liba.so", "a", "-L" + musl.host("/opt/other"), "-lb", "-Wl,-rpath,/opt/other", "-Wl,--enable-new-dtags");
        musl.program("/app/prog", "-L" + musl.host("/usr/lib"), "-lb", "-la");
        LinkMap map = check("/app/prog");
        assertThat(map.libraries()).extracting(LoadedObject::path).contains("/usr/lib/libb.so").doesNotContain("/opt/other/libb.so");
        assertThat(map.dependencies()).anyMatch(d -> d.neededBy().equals("/usr/lib/liba.so") && d.name().equals("libb.so")
                && d.reason() == LoadReason.ALREADY_LOADED);
    }

    @Test
    void theSameFileUnderTwoNamesIsLoadedOnceByDeviceAndInode() throws IOException {
        musl.lib("/usr/lib/libx.so.1", "x");
        Files.createSymbolicLink(musl.host("/usr/lib/libx.so"), Path.of("libx.so.1"));
        musl.lib("/usr/lib/liby.so", "y");
        musl.program("/app/prog", "-L" + musl.host("/usr/lib"), "-ly");
        Fixtures.run(java.util.List.of(RealTools.patchelf().toString(), "--add-needed", "libx.so", "--add-needed", "libx.so.1",
                musl.host("/app/prog").toString()));
        LinkMap map = check("/app/prog");
        assertThat(map.libraries()).filteredOn(o -> o.realPath().equals("/usr/lib/libx.so.1")).hasSize(1);
    }

    @Test
    void libcLibpthreadAndLibmAreMuslItself() throws IOException {
        musl.program("/app/prog");
        Fixtures.run(java.util.List.of(RealTools.patchelf().toString(), "--add-needed", "libpthread.so.0", "--add-needed", "libm.so.6",
                "--add-needed", "libc.musl-x86_64.so.1", musl.host("/app/prog").toString()));
        LinkMap map = check("/app/prog");
        assertThat(map.dependencies()).filteredOn(d -> d.reason() == LoadReason.MUSL_BUILTIN).extracting(Dependency::name)
                .contains("libpthread.so.0", "libm.so.6", "libc.musl-x86_64.so.1", "libc.so");
        assertThat(map.missing()).isEmpty();
    }

    @Test
    void aTokenOtherThanOriginMakesMuslIgnoreTheWholeList() throws IOException {
        musl.lib("/opt/lib/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/opt/lib"), "-la", "-Wl,-rpath,/opt/lib:/opt/$LIB", "-Wl,--enable-new-dtags");
        LinkMap map = check("/app/prog");
        assertThat(map.missing()).extracting(MissingLibrary::soname).containsExactly("liba.so");
        assertThat(map.warnings()).anyMatch(w -> w.contains("musl ignores the whole list"));
    }

    @Test
    void aDirectoryInTheWayStopsTheSearch() throws IOException {
        musl.lib("/usr/lib/liba.so", "a");
        Files.createDirectories(musl.host("/opt/env/liba.so"));
        musl.program("/app/prog", "-L" + musl.host("/usr/lib"), "-la");
        LinkMap map = check("/app/prog", Map.of("LD_LIBRARY_PATH", "/opt/env"));
        assertThat(map.missing()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo(MissingReason.CANNOT_LOAD);
            assertThat(m.note()).isEqualTo("/opt/env/liba.so: Is a directory");
        });
    }

    @Test
    void emptyLibraryPathElementsAreNotTheWorkingDirectory() throws IOException {
        musl.lib("/liba.so", "a");
        musl.program("/app/prog", "-L" + musl.host("/"), "-la");
        LinkMap map = check("/app/prog", Map.of("LD_LIBRARY_PATH", "::/opt/none:"));
        assertThat(map.missing()).singleElement().satisfies(m -> assertThat(m.searched()).startsWith("/opt/none/liba.so"));
    }

    @Test
    void aPreloadThatCannotBeLoadedIsSkippedSilently() throws IOException {
        musl.lib("/usr/lib/libpre.so", "pre");
        musl.program("/app/prog");
        LinkMap map = check("/app/prog", Map.of("LD_PRELOAD", "libnothere.so /usr/lib/libpre.so"));
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::name).containsExactly("libnothere.so");
        assertThat(map.find("/usr/lib/libpre.so").orElseThrow().reason()).isEqualTo(LoadReason.DIRECT);
        CommandResult run = musl.chroot(Map.of("LD_PRELOAD", "libnothere.so"), "/app/prog");
        assertThat(run.stdout() + run.stderr()).isEqualTo("started\n");
    }

    @Test
    void aMuslProgramInAGlibcRootLacksItsInterpreter() throws IOException {
        Path glibcRoot = dir.resolve("glibc-root");
        Files.createDirectories(glibcRoot.resolve("lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2").toRealPath(), glibcRoot.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.createDirectories(glibcRoot.resolve("app"));
        Files.copy(musl.program("/app/prog"), glibcRoot.resolve("app/prog"));
        LinkMap map = Loader.at(glibcRoot).resolve("/app/prog");
        assertThat(map.loaderKind()).isEqualTo(LoaderKind.MUSL);
        assertThat(map.missing()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo(MissingReason.MUSL_PROGRAM_IN_GLIBC_ROOT);
            assertThat(m.soname()).isEqualTo(MuslRoot.LOADER);
        });
    }

    @Test
    void thePathFileIsReadFromTheInterpretersPrefix() {
        assertThat(MuslResolution.pathFile("/lib/ld-musl-x86_64.so.1")).isEqualTo("/etc/ld-musl-x86_64.path");
        assertThat(MuslResolution.pathFile("/usr/local/musl/lib/ld-musl-aarch64.so.1"))
                .isEqualTo("/usr/local/musl/etc/ld-musl-aarch64.path");
        assertThat(MuslResolution.pathFile("ld-musl-x86_64.so.1")).isEqualTo("/etc/ld-musl-x86_64.path");
    }
}
