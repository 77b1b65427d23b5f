package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each corner case of glibc's search, built for real with gcc/patchelf, resolved by gotrail and
 * compared with what the real loader did when running the same fixture under {@code LD_DEBUG=libs}.
 */
class LoaderFixtureTest {

    private static final List<String> SYSTEM_DIRS = List.of("/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/");

    @TempDir
    Path tmp;

    private static void assertAgrees(Fixtures.Truth truth, LinkMap map) throws IOException {
        assertThat(truth.found()).as("the real loader searched something\n" + truth.stderr()).isNotEmpty();
        for (Map.Entry<String, String[]> e : truth.found().entrySet()) {
            String name = e.getKey();
            LoadedObject ours = map.objects().stream().filter(o -> o.requestedAs().equals(name)).findFirst().orElse(null);
            if (ours == null) {
                // found by the real loader but the same file was already loaded under another name
                List<Path> same = new ArrayList<>();
                for (LoadedObject o : map.objects()) {
                    if (Files.isSameFile(Path.of(o.path()), Path.of(e.getValue()[0]))) same.add(Path.of(o.path()));
                }
                assertThat(same).as(name + " -> " + e.getValue()[0] + " is the file of an object gotrail loaded\n" + map.tree()).isNotEmpty();
                continue;
            }
            assertThat(ours.path()).as("path of " + name + "\n" + map.tree() + "\n" + truth.stderr()).isEqualTo(e.getValue()[0]);
            LoadReason real = LoadReason.valueOf(e.getValue()[1]);
            String dir = ours.path().substring(0, ours.path().lastIndexOf('/') + 1);
            if (real == LoadReason.DEFAULT_DIR && SYSTEM_DIRS.contains(dir)) {
                // LD_DEBUG labels a directory with the list that registered it first: a RUNPATH
                // element equal to a system directory is printed as "(system search path)".
                continue;
            }
            assertThat(ours.reason()).as("reason for " + name + "\n" + map.tree()).isEqualTo(real);
        }
        List<String> missing = map.missing().stream().map(MissingLibrary::soname).toList();
        assertThat(missing).as("missing\n" + truth.stderr()).containsExactlyInAnyOrderElementsOf(truth.failed());
    }

    @Test
    void rpathIsInheritedThroughARunpathLibraryButNotUsedForItsOwnNeeds() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String a = tmp.resolve("A").toString();
        String b = tmp.resolve("B").toString();
        String c = tmp.resolve("C").toString();
        f.lib("A/liby.so", "liby.so");
        f.lib("A/libz2.so", "libz2.so");
        f.lib("C/libz2.so", "libz2.so");
        f.lib("C/libq.so", "libq.so", "-L" + a, "-ly");
        f.lib("B/libr.so", "libr.so", "-L" + c, "-lq", "-lz2", "-Wl,--enable-new-dtags,-rpath," + c, "-Wl,-rpath-link," + a);
        Path exe = f.exe("bin/app", "-L" + b, "-lr", "-Wl,--disable-new-dtags,-rpath," + a + ":" + b, "-Wl,-rpath-link," + a + ":" + c);

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.find("liby.so").orElseThrow().reason()).isEqualTo(LoadReason.RPATH);
        assertThat(map.find("libz2.so").orElseThrow().path()).isEqualTo(c + "/libz2.so");
    }

    @Test
    void sonamesAreDeduplicatedInBreadthFirstOrderAndByFileIdentity() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d1 = tmp.resolve("D1").toString();
        String d2 = tmp.resolve("D2").toString();
        f.lib("D1/libdup.so.1", "libdup.so.1");
        f.lib("D2/libdup.so.1", "libdup.so.1");
        f.lib("D1/liba.so", "liba.so", "-L" + d1, "-l:libdup.so.1", "-Wl,--enable-new-dtags,-rpath," + d1);
        f.lib("D2/libb.so", "libb.so", "-L" + d2, "-l:libdup.so.1", "-Wl,--enable-new-dtags,-rpath," + d2);
        Files.createSymbolicLink(tmp.resolve("D1/libalias.so"), tmp.resolve("D2/libdup.so.1"));
        Path exe = f.exe("app", "-L" + d2, "-lb", "-L" + d1, "-la", "-Wl,--enable-new-dtags,-rpath," + d1 + ":" + d2);
        f.patchelf(exe, "--add-needed", "libalias.so");

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        // patchelf puts libalias.so first: it loads D1/libalias.so (-> D2/libdup.so.1, SONAME
        // libdup.so.1); libb's libdup.so.1 then matches that SONAME and is not searched again.
        assertThat(map.objects()).filteredOn(o -> o.soname().equals("libdup.so.1")).hasSize(1)
                .first().satisfies(o -> {
                    assertThat(o.path()).isEqualTo(d1 + "/libalias.so");
                    assertThat(o.realPath()).isEqualTo(d2 + "/libdup.so.1");
                });
        assertThat(map.dependencies()).contains(
                new Dependency(d1 + "/liba.so", "libdup.so.1", d1 + "/libalias.so", LoadReason.ALREADY_LOADED),
                new Dependency(d2 + "/libb.so", "libdup.so.1", d1 + "/libalias.so", LoadReason.ALREADY_LOADED));
    }

    @Test
    void originIsTheRealDirectoryOfTheExecutableAndTheFoundDirectoryOfALibrary() throws Exception {
        Fixtures f = new Fixtures(tmp);
        f.lib("real/lib2/libo2.so", "libo2.so");
        f.lib("real/lib/libo.so", "libo.so", "-L" + tmp.resolve("real/lib2"), "-lo2", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib2");
        Path exe = f.exe("real/bin/app", "-L" + tmp.resolve("real/lib"), "-lo", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib",
                "-Wl,-rpath-link," + tmp.resolve("real/lib2"));
        Files.createDirectories(tmp.resolve("link"));
        Path link = Files.createSymbolicLink(tmp.resolve("link/app"), exe);

        LinkMap map = Loader.at(Path.of("/")).resolve(link);
        Fixtures.Truth truth = f.realLoader(link, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.find("libo.so").orElseThrow().path()).isEqualTo(tmp.resolve("real/bin") + "/../lib/libo.so");
    }

    @Test
    void libAndPlatformTokensExpandLikeTheLoader() throws Exception {
        Fixtures f = new Fixtures(tmp);
        f.lib("lib/x86_64-linux-gnu/libt1.so", "libt1.so");
        String platform = CpuFeatures.host().platform();
        f.lib(platform + "/x/libt2.so", "libt2.so");
        f.lib("link/libt1.so", "libt1.so");
        f.lib("link/libt2.so", "libt2.so");
        Path exe = f.exe("app", "-L" + tmp.resolve("link"), "-lt1", "-lt2");
        f.patchelf(exe, "--set-rpath", "$ORIGIN/$LIB:$ORIGIN/${PLATFORM}/x:$ORIGIN/$UNKNOWN");

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.find("libt2.so").orElseThrow().path()).isEqualTo(tmp + "/" + platform + "/x/libt2.so");
    }

    @Test
    void emptyPathElementsMeanTheWorkingDirectory() throws Exception {
        Fixtures f = new Fixtures(tmp);
        f.lib("cwd/libe.so", "libe.so");
        f.lib("cwd/libl.so", "libl.so");
        Path exe = f.exe("bin/app", "-L" + tmp.resolve("cwd"), "-le", "-ll");
        f.patchelf(exe, "--set-rpath", "/nonexistent-gotrail::");

        Loader loader = Loader.at(Path.of("/")).workingDirectory(tmp.resolve("cwd").toString());
        LinkMap map = loader.resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp.resolve("cwd"));
        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.find("libe.so").orElseThrow().path()).isEqualTo("libe.so");

        Path exe2 = f.exe("bin/app2", "-L" + tmp.resolve("cwd"), "-ll");
        LinkMap viaLlp = loader.env(Map.of("LD_LIBRARY_PATH", ":/nonexistent-gotrail")).resolve(exe2);
        Fixtures.Truth truth2 = f.realLoader(exe2, Map.of("LD_LIBRARY_PATH", ":/nonexistent-gotrail"), tmp.resolve("cwd"));
        assertThat(truth2.exitCode()).as(truth2.stderr()).isZero();
        assertAgrees(truth2, viaLlp);
        assertThat(viaLlp.find("libl.so").orElseThrow().reason()).isEqualTo(LoadReason.LD_LIBRARY_PATH);
    }

    @Test
    void nodeflibRejectsCacheEntriesInSystemDirectoriesAndTheDefaultPath() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d = tmp.resolve("D").toString();
        f.lib("D/libn.so", "libn.so", "-lm", "-Wl,-z,nodefaultlib");
        Path exe = f.exe("app", "-L" + d, "-ln", "-Wl,-z,nodefaultlib", "-Wl,--enable-new-dtags,-rpath,/lib/x86_64-linux-gnu:" + d);

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as("libm.so.6 cannot be found by a NODEFLIB library\n" + truth.stderr()).isNotZero();
        assertAgrees(truth, map);
        assertThat(map.find("libc.so.6").orElseThrow().reason()).isEqualTo(LoadReason.RUNPATH);
        assertThat(map.missing()).extracting(MissingLibrary::soname).containsExactly("libm.so.6");
    }

    @Test
    void aBadCandidateEarlierInThePathStopsTheLoaderButAnotherClassIsSkipped() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d1 = tmp.resolve("D1").toString();
        String d2 = tmp.resolve("D2").toString();
        Path good = f.lib("D2/libwc.so", "libwc.so");
        Files.createDirectories(tmp.resolve("D1"));
        byte[] other = Files.readAllBytes(good);
        other[4] = 1; // ELFCLASS32: skipped, like a 32-bit library in a shared directory
        Files.write(tmp.resolve("D1/libwc.so"), other);
        Path exe = f.exe("app", "-L" + d2, "-lwc", "-Wl,--enable-new-dtags,-rpath," + d1 + ":" + d2);

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);
        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.find("libwc.so").orElseThrow().path()).isEqualTo(d2 + "/libwc.so");

        f.lib("D2/libbad.so", "libbad.so");
        // a linker script (longer than an ELF header), not ELF
        Files.writeString(tmp.resolve("D1/libbad.so"), "/* GNU ld script: use the real library instead of this one */\nINPUT(-lbad)\n");
        Path exe2 = f.exe("app2", "-L" + d2, "-lbad", "-Wl,--enable-new-dtags,-rpath," + d1 + ":" + d2);
        LinkMap bad = Loader.at(Path.of("/")).resolve(exe2);
        Fixtures.Truth truth2 = f.realLoader(exe2, Map.of(), tmp);
        assertThat(truth2.exitCode()).isNotZero();
        assertThat(truth2.stderr()).contains("libbad.so: invalid ELF header");
        assertThat(bad.errors()).containsExactly(new LoadError(d1 + "/libbad.so", "invalid ELF header"));
        assertThat(bad.isComplete()).isFalse();

        Files.write(tmp.resolve("D1/libbad.so"), new byte[0]);
        Fixtures.Truth truth3 = f.realLoader(exe2, Map.of(), tmp);
        assertThat(truth3.stderr()).contains("file too short");
        assertThat(Loader.at(Path.of("/")).resolve(exe2).errors()).extracting(LoadError::message).containsExactly("file too short");
    }

    @Test
    void namesWithASlashAreOpenedAsPaths() throws Exception {
        Fixtures f = new Fixtures(tmp);
        f.lib("sub/libs.so", "libs.so");
        Path exe = f.exe("app");
        f.patchelf(exe, "--add-needed", "./sub/libs.so");

        LinkMap map = Loader.at(Path.of("/")).workingDirectory(tmp.toString()).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertThat(truth.stderr()).contains("calling init: ./sub/libs.so");
        LoadedObject s = map.find("libs.so").orElseThrow();
        assertThat(s.path()).isEqualTo("./sub/libs.so");
        assertThat(s.reason()).isEqualTo(LoadReason.DIRECT);
    }

    @Test
    void glibcHwcapsAndLegacyTlsSubdirectoriesComeFirst() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d = tmp.resolve("D").toString();
        f.lib("D/libh.so", "libh.so");
        f.lib("D/libt.so", "libt.so");
        List<String> hwcaps = CpuFeatures.host().glibcHwcaps();
        if (!hwcaps.isEmpty()) {
            f.lib("D/glibc-hwcaps/" + hwcaps.get(hwcaps.size() - 1) + "/libh.so", "libh.so");
        }
        f.lib("D/tls/libt.so", "libt.so");
        Path exe = f.exe("app", "-L" + d, "-lh", "-lt", "-Wl,--enable-new-dtags,-rpath," + d);

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        if (!hwcaps.isEmpty()) {
            assertThat(map.find("libh.so").orElseThrow().path()).contains("/glibc-hwcaps/");
        }
    }

    @Test
    void missingVersionsAreReportedInGlibcsWords() throws Exception {
        Fixtures f = new Fixtures(tmp);
        Path v2 = tmp.resolve("v2.map");
        Files.writeString(v2, "V_1 { global: old_fn; local: *; };\nV_2 { global: new_fn; } V_1;\n");
        Path v1 = tmp.resolve("v1.map");
        Files.writeString(v1, "V_1 { global: old_fn; new_fn; local: *; };\n");
        Path src = tmp.resolve("v.c");
        Files.writeString(src, "int old_fn(void){return 1;}\nint new_fn(void){return 2;}\n");
        Files.createDirectories(tmp.resolve("new"));
        Files.createDirectories(tmp.resolve("lib"));
        Fixtures.run(List.of(dev.gotrail.testsupport.RealTools.gcc().toString(), "-shared", "-fPIC", "-o",
                tmp.resolve("new/libv.so").toString(), src.toString(), "-Wl,-soname,libv.so", "-Wl,--version-script," + v2));
        Fixtures.run(List.of(dev.gotrail.testsupport.RealTools.gcc().toString(), "-shared", "-fPIC", "-o",
                tmp.resolve("lib/libv.so").toString(), src.toString(), "-Wl,-soname,libv.so", "-Wl,--version-script," + v1));
        Path main = tmp.resolve("m.c");
        Files.writeString(main, "int new_fn(void);\nint main(void){return new_fn() - 2;}\n");
        Path exe = tmp.resolve("app");
        Fixtures.run(List.of(dev.gotrail.testsupport.RealTools.gcc().toString(), "-o", exe.toString(), main.toString(),
                "-L" + tmp.resolve("new"), "-lv", "-Wl,--enable-new-dtags,-rpath," + tmp.resolve("lib")));

        Fixtures.Truth truth = new Fixtures(tmp).realLoader(exe, Map.of(), tmp);
        LinkMap map = Loader.at(Path.of("/")).resolve(exe);

        VersionProblem p = map.versionProblems().get(0);
        assertThat(p.message()).isEqualTo("version `V_2' not found (required by " + exe + ")");
        assertThat(truth.stderr()).contains(p.file() + ": " + p.message());
        assertThat(p.weak()).isFalse();
        assertThat(map.isComplete()).isFalse();

        // The same library without any version information: the version check only warns (and
        // the run then trips glibc 2.36's own check_match assertion while binding new_fn@V_2 —
        // symbol binding is past what a loader emulation answers).
        Fixtures.run(List.of(dev.gotrail.testsupport.RealTools.gcc().toString(), "-shared", "-fPIC", "-o",
                tmp.resolve("lib/libv.so").toString(), src.toString(), "-Wl,-soname,libv.so"));
        Fixtures.Truth warned = new Fixtures(tmp).realLoader(exe, Map.of(), tmp);
        LinkMap unversioned = Loader.at(Path.of("/")).resolve(exe);
        assertThat(unversioned.versionProblems()).singleElement().satisfies(w -> {
            assertThat(w.weak()).isTrue();
            assertThat(w.message()).isEqualTo("no version information available (required by " + exe + ")");
            assertThat(warned.stderr()).contains(w.file() + ": " + w.message());
        });
        assertThat(unversioned.isComplete()).isTrue();
    }

    @Test
    void ldPreloadIsLoadedBeforeTheDependenciesAndSearchedLikeThem() throws Exception {
        Fixtures f = new Fixtures(tmp);
        f.lib("pre/libp.so", "libp.so");
        f.lib("dep/libd.so", "libd.so");
        Path exe = f.exe("app", "-L" + tmp.resolve("dep"), "-ld", "-Wl,--enable-new-dtags,-rpath," + tmp.resolve("dep"));
        Map<String, String> env = Map.of("LD_PRELOAD", "libp.so", "LD_LIBRARY_PATH", tmp.resolve("pre").toString());

        LinkMap map = Loader.at(Path.of("/")).env(env).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, env, tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertAgrees(truth, map);
        assertThat(map.libraries().get(0).requestedAs()).as("preloaded objects come right after the executable").isEqualTo("libp.so");
        assertThat(map.find("libp.so").orElseThrow().reason()).isEqualTo(LoadReason.LD_LIBRARY_PATH);

        LinkMap absent = Loader.at(Path.of("/")).env(Map.of("LD_PRELOAD", "libgotrail-nope.so")).resolve(exe);
        assertThat(absent.missing()).as("a preload that cannot be found is ignored, like ld.so does").isEmpty();
        assertThat(absent.warnings()).anySatisfy(w -> assertThat(w).contains("libgotrail-nope.so", "cannot be preloaded"));
    }

    @Test
    void setuidExecutablesIgnoreLdLibraryPathAndRelativeOrigin() throws Exception {
        // AT_SECURE cannot be produced for a real run here (the suite may run as root, and then a
        // setuid-root binary is not secure); the rules are glibc's rtld.c/dl-load.c for secure mode.
        Fixtures f = new Fixtures(tmp);
        f.lib("llp/libs.so", "libs.so");
        Path exe = f.exe("app", "-L" + tmp.resolve("llp"), "-ls");
        f.patchelf(exe, "--set-rpath", "$ORIGIN/llp");
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", tmp.resolve("llp").toString());
        LinkMap normal = Loader.at(Path.of("/")).env(env).resolve(exe);
        assertThat(normal.find("libs.so").orElseThrow().reason()).isEqualTo(LoadReason.LD_LIBRARY_PATH);

        Files.setAttribute(exe, "unix:mode", 04755); // set-user-ID
        LinkMap secure = Loader.at(Path.of("/")).env(env).resolve(exe);
        assertThat(secure.missing()).extracting(MissingLibrary::soname).containsExactly("libs.so");
        assertThat(secure.missing().get(0).searched()).noneMatch(p -> p.startsWith(tmp.toString()));
    }
}
