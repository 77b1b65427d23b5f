package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image roots without {@code /etc/ld.so.cache} (issue 9, kind 4). As the root is, glibc searches
 * only its trusted directories and never reads ld.so.conf; {@link Loader#asIfLdconfig()} answers as
 * if ldconfig had run, and that answer must be what the real {@code ldconfig -r} gives: each test
 * copies the root, runs the real ldconfig on the copy, compares the cache it wrote entry by entry
 * with the emulation's, and runs the program in both roots with chroot.
 */
class RootWithoutCacheTest {

    @TempDir
    Path tmp;

    /** A Debian-like root: ld.so, libc.so.6 in /lib/x86_64-linux-gnu, /usr/bin, /etc; no cache. */
    private Path root(String name) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("lib64"));
        Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), root.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), root.resolve("lib/x86_64-linux-gnu/libc.so.6"));
        Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        return root;
    }

    /** A shared library built into the root at {@code rel}. */
    private Path lib(Path root, String rel, String soname) throws IOException {
        Path out = root.resolve(rel);
        Files.createDirectories(out.getParent());
        Path src = Files.writeString(tmp.resolve("l" + Math.abs(rel.hashCode()) + ".c"), "int f_" + Math.abs(rel.hashCode()) + "(void){return 0;}\n");
        Fixtures.run(List.of(RealTools.gcc().toString(), "-shared", "-fPIC", "-o", out.toString(), src.toString(), "-Wl,-soname," + soname));
        return out;
    }

    /** /usr/bin/app in the root, linked against the given sonames found under {@code linkDir}. */
    private void app(Path root, Path linkDir, String... sonames) throws IOException {
        Path src = Files.writeString(tmp.resolve("app.c"), "int main(void){return 0;}\n");
        List<String> cmd = new ArrayList<>(List.of(RealTools.gcc().toString(), "-o", root.resolve("usr/bin/app").toString(),
                src.toString(), "-Wl,--no-as-needed", "-L" + linkDir));
        for (String s : sonames) cmd.add("-l:" + s);
        Fixtures.run(cmd);
    }

    /** cp -a ROOT COPY; ldconfig -r COPY: the copy and the cache the real ldconfig wrote there. */
    private Path ldconfigCopy(Path root) throws IOException {
        Path copy = tmp.resolve(root.getFileName() + "-after-ldconfig");
        Fixtures.run(List.of("cp", "-a", root.toString(), copy.toString()));
        Fixtures.run(List.of("ldconfig", "-r", copy.toString()));
        assertThat(copy.resolve("etc/ld.so.cache")).exists();
        return copy;
    }

    private static CommandResult chroot(Path root, String... env) {
        List<String> cmd = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin"));
        cmd.addAll(List.of(env));
        cmd.addAll(List.of("/usr/sbin/chroot", root.toString(), "/usr/bin/app"));
        return CommandRunner.run(CommandSpec.of(cmd));
    }

    /** The emulated cache equals the real one, entry by entry, and the as-if answer equals the answer in the real copy. */
    private static LinkMap assertMatchesRealLdconfig(Path root, Path copy) throws IOException {
        LdSoCache real = LdSoCache.read(copy.resolve("etc/ld.so.cache"));
        ExpectedObject x8664 = new ExpectedObject(64, java.nio.ByteOrder.LITTLE_ENDIAN, dev.gotrail.elf.ElfMachine.X86_64);
        RootFs fs = new RootFs(root, "/");
        LdconfigEmulation emulated = LdconfigEmulation.run(fs, LdSoConf.directories(fs, "/etc/ld.so.conf"),
                List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"));
        assertThat(emulated.cache().entries()).as("the cache ldconfig -r wrote").containsExactlyElementsOf(real.entries());
        assertThat(emulated.cache().glibcHwcaps()).isEqualTo(real.glibcHwcaps());
        assertThat(x8664.is64()).isTrue();

        LinkMap asIf = Loader.at(root).asIfLdconfig().resolve("/usr/bin/app");
        LinkMap after = Loader.at(copy).resolve("/usr/bin/app");
        assertThat(asIf.asIfLdconfig()).isTrue();
        assertThat(asIf.cacheSource()).isEqualTo(CacheSource.AS_IF_LDCONFIG);
        assertThat(after.cacheSource()).isEqualTo(CacheSource.LD_SO_CACHE);
        assertThat(asIf.libraries()).extracting(LoadedObject::path).containsExactlyElementsOf(after.libraries().stream().map(LoadedObject::path).toList());
        assertThat(asIf.libraries()).extracting(LoadedObject::reason).doesNotContain(LoadReason.LD_SO_CACHE);
        assertThat(asIf.tree()).contains("[as if ldconfig had run: no ld.so.cache in " + root + "]", "[as if ldconfig had run]");
        return asIf;
    }

    @Test
    void fieldCaseLibrariesReachableOnlyThroughLdSoConfAreMissingUnlessAskedAsIfLdconfigHadRun() throws Exception {
        Path lab = tmp.resolve("lab");
        String out = FieldCases.runLab("loader-root-without-cache.sh", lab);
        assertThat(out).contains("== as it is (no ld.so.cache)", "libfoo.so.1: cannot open shared object file", "exit 127",
                "== after ldconfig -r\nexit 0");
        Path root = lab.resolve("root");

        LinkMap asIs = Loader.at(root).resolve("/usr/bin/app");
        assertThat(asIs.missing()).extracting(MissingLibrary::soname).containsExactly("libfoo.so.1");
        assertThat(asIs.isComplete()).isFalse();
        assertThat(asIs.cacheSource()).isEqualTo(CacheSource.NONE);
        assertThat(asIs.asIfLdconfig()).isFalse();
        assertThat(asIs.missing().get(0).searched()).noneMatch(p -> p.startsWith("/opt/foo"));
        assertThat(asIs.warnings()).anySatisfy(w -> assertThat(w).contains("no /etc/ld.so.cache", "never reads /etc/ld.so.conf"));

        LinkMap asIf = assertMatchesRealLdconfig(root, lab.resolve("root-after-ldconfig"));
        assertThat(asIf.find("libfoo.so.1").orElseThrow()).satisfies(l -> {
            assertThat(l.path()).isEqualTo("/opt/foo/lib/libfoo.so.1");
            assertThat(l.reason()).isEqualTo(LoadReason.AS_IF_LDCONFIG);
        });
        assertThat(asIf.isComplete()).isTrue();
        assertThat(asIf.warnings()).anySatisfy(w -> assertThat(w).contains("as if ldconfig had run"));
    }

    @Test
    void glibcHwcapsSubdirectoriesAndVersionedFileNamesAreCachedLikeLdconfig() throws Exception {
        Path root = root("hwcaps");
        Path foo = lib(root, "opt/foo/lib/libfoo.so.1", "libfoo.so.1");
        lib(root, "opt/foo/lib/glibc-hwcaps/x86-64-v2/libfoo.so.1", "libfoo.so.1");
        lib(root, "opt/foo/lib/glibc-hwcaps/x86-64-v3/libfoo.so.1", "libfoo.so.1");
        // only the versioned file and the development link: ldconfig creates libbar.so.1
        Path bar = lib(root, "opt/foo/lib/libbar.so.1.2.3", "libbar.so.1");
        Files.createSymbolicLink(root.resolve("opt/foo/lib/libbar.so"), Path.of("libbar.so.1.2.3"));
        Files.writeString(root.resolve("etc/ld.so.conf.d/foo.conf"), "/opt/foo/lib/\n");
        app(root, foo.getParent(), "libfoo.so.1", "libbar.so");
        assertThat(bar).exists();
        assertThat(Loader.at(root).resolve("/usr/bin/app").missing()).extracting(MissingLibrary::soname)
                .containsExactly("libfoo.so.1", "libbar.so.1");

        Path copy = ldconfigCopy(root);
        LinkMap asIf = assertMatchesRealLdconfig(root, copy);

        CommandResult real = chroot(copy, "LD_DEBUG=libs");
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        for (LoadedObject o : asIf.libraries()) {
            if (o.reason() == LoadReason.AS_IF_LDCONFIG) {
                assertThat(real.stderr()).as("the real loader in the ldconfig'ed copy").contains("calling init: " + o.path() + "\n");
            }
        }
        if (CpuFeatures.host().glibcHwcaps().contains("x86-64-v3")) {
            assertThat(asIf.find("libfoo.so.1").orElseThrow().path()).isEqualTo("/opt/foo/lib/glibc-hwcaps/x86-64-v3/libfoo.so.1");
        }
        assertThat(asIf.find("libbar.so.1").orElseThrow().path()).isEqualTo("/opt/foo/lib/libbar.so.1");
    }

    @Test
    void includedConfFilesDuplicateSonamesAndALegacyTlsSubdirectory() throws Exception {
        Path root = root("conf");
        Path a = lib(root, "opt/a/lib/libdup.so.1", "libdup.so.1");
        lib(root, "opt/b/lib/libdup.so.1", "libdup.so.1");
        lib(root, "opt/b/lib/libt.so.1", "libt.so.1");
        lib(root, "opt/b/lib/tls/libt.so.1", "libt.so.1");
        lib(root, "usr/lib/x86_64-linux-gnu/libsys.so.2", "libsys.so.2");
        Files.writeString(root.resolve("etc/ld.so.conf.d/20-b.conf"), "# b\n/opt/b/lib\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/10-a.conf"), "/opt/a/lib\n/opt/nonexistent\n");
        app(root, a.getParent(), "libdup.so.1");
        Fixtures.run(List.of(RealTools.patchelf().toString(), "--add-needed", "libt.so.1", "--add-needed", "libsys.so.2",
                root.resolve("usr/bin/app").toString()));

        Path copy = ldconfigCopy(root);
        LinkMap asIf = assertMatchesRealLdconfig(root, copy);

        CommandResult real = chroot(copy, "LD_DEBUG=libs");
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(real.stderr()).contains("calling init: /opt/a/lib/libdup.so.1\n", "calling init: /opt/b/lib/tls/libt.so.1\n");
        assertThat(asIf.find("libdup.so.1").orElseThrow().path()).isEqualTo("/opt/a/lib/libdup.so.1");
        assertThat(asIf.find("libt.so.1").orElseThrow().path()).isEqualTo("/opt/b/lib/tls/libt.so.1");
        assertThat(asIf.find("libsys.so.2").orElseThrow().reason()).isEqualTo(LoadReason.AS_IF_LDCONFIG);
    }

    @Test
    void asItIsOnlyTheTrustedDirectoriesAnswer() throws Exception {
        Path root = root("trusted");
        Path sys = lib(root, "usr/lib/x86_64-linux-gnu/libsys.so.2", "libsys.so.2");
        lib(root, "usr/local/lib/libloc.so.1", "libloc.so.1");
        Files.writeString(root.resolve("etc/ld.so.conf.d/local.conf"), "/usr/local/lib\n");
        app(root, sys.getParent(), "libsys.so.2");

        LinkMap ok = Loader.at(root).resolve("/usr/bin/app");
        CommandResult realOk = chroot(root);
        assertThat(realOk.exitCode()).as(realOk.stderr()).isZero();
        assertThat(ok.isComplete()).isTrue();
        assertThat(ok.find("libsys.so.2").orElseThrow()).satisfies(l -> {
            assertThat(l.reason()).isEqualTo(LoadReason.DEFAULT_DIR);
            assertThat(l.path()).isEqualTo("/usr/lib/x86_64-linux-gnu/libsys.so.2");
        });

        Fixtures.run(List.of(RealTools.patchelf().toString(), "--add-needed", "libloc.so.1", root.resolve("usr/bin/app").toString()));
        LinkMap missing = Loader.at(root).resolve("/usr/bin/app");
        CommandResult realMissing = chroot(root);
        assertThat(realMissing.exitCode()).isEqualTo(127);
        assertThat(realMissing.stderr()).contains("libloc.so.1: cannot open shared object file");
        assertThat(missing.missing()).extracting(MissingLibrary::soname).containsExactly("libloc.so.1");
        assertThat(Loader.at(root).asIfLdconfig().resolve("/usr/bin/app").find("libloc.so.1").orElseThrow().path())
                .isEqualTo("/usr/local/lib/libloc.so.1");
        assertMatchesRealLdconfig(root, ldconfigCopy(root));
    }
}
