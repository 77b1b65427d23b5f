package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preload entries glibc cannot load (issue 9, kind 3): {@code do_preload} prints one line in its own
 * words ending in {@code : ignored.} and the program starts normally. Every expectation is what the
 * real loader printed for the same lab, run here.
 */
class BadPreloadTest {

    private static final Pattern IGNORED = Pattern.compile("^ERROR: ld\\.so: object '.*' from .* cannot be preloaded \\(.*\\): ignored\\.$");

    @TempDir
    Path tmp;

    /** The real loader's "ignored" lines and exit code for one run. */
    private record Real(List<String> ignored, int exitCode, String stderr) {
    }

    private static Real run(Path exe, Map<String, String> env) {
        CommandResult r = CommandRunner.run(CommandSpec.of(exe.toString()).withoutEnv("LD_PRELOAD").withoutEnv("LD_LIBRARY_PATH")
                .withEnv(env).withDir(exe.getParent()));
        List<String> lines = new ArrayList<>();
        for (String l : r.stderr().split("\n")) {
            if (IGNORED.matcher(l).matches()) lines.add(l);
        }
        return new Real(lines, r.exitCode(), r.stderr());
    }

    private static void assertLikeGlibc(LinkMap map, Real real, LinkMap without) {
        assertThat(real.exitCode()).as("the program starts\n" + real.stderr()).isZero();
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::glibcLine).as(map.tree()).containsExactlyElementsOf(real.ignored());
        assertThat(map.warnings()).containsAll(map.ignoredPreloads().stream().map(IgnoredPreload::message).toList());
        assertThat(map.errors()).as("a preload that cannot be loaded is no error").isEmpty();
        assertThat(map.isComplete()).isTrue();
        assertThat(map.find("libc.so.6").orElseThrow().path()).isEqualTo(without.find("libc.so.6").orElseThrow().path());
    }

    @Test
    void fieldCaseEveryKindOfBadPreloadIsIgnoredInGlibcsWords() throws Exception {
        Path lab = tmp.resolve("lab");
        String out = FieldCases.runLab("loader-bad-preload.sh", lab);
        // "== LD_PRELOAD=X", glibc's line, "exit N" — the script's own record of the real loader
        Map<String, String[]> real = new LinkedHashMap<>();
        Matcher m = Pattern.compile("== LD_PRELOAD=(\\S+)\\n(ERROR: ld\\.so: [^\\n]*)\\nexit (\\d+)").matcher(out);
        while (m.find()) real.put(m.group(1), new String[] {m.group(2), m.group(3)});
        assertThat(real).as(out).hasSize(5); // directory, not ELF, empty, 32-bit, missing (gcc-multilib installed)

        Path hello = lab.resolve("hello");
        Loader loader = Loader.at(Path.of("/"));
        LinkMap without = loader.resolve(hello);
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, String[]> e : real.entrySet()) {
            LinkMap map = loader.env("LD_PRELOAD", e.getKey()).resolve(hello);
            assertThat(e.getValue()[1]).as("the real program's exit code").isEqualTo("0");
            assertThat(map.ignoredPreloads()).singleElement().satisfies(p -> {
                assertThat(p.glibcLine()).isEqualTo(e.getValue()[0]);
                assertThat(p.source()).isEqualTo("LD_PRELOAD");
                reasons.add(p.reason());
            });
            assertThat(map.errors()).isEmpty();
            assertThat(map.isComplete()).isTrue();
            assertThat(map.find("libc.so.6").orElseThrow().path()).isEqualTo(without.find("libc.so.6").orElseThrow().path());
        }
        assertThat(reasons).contains("cannot read file data", "file too short", "wrong ELF class: ELFCLASS32",
                "cannot open shared object file");
    }

    @Test
    void aLinkerScriptIsAnInvalidHeaderAndTheGoodEntryAfterItIsStillPreloaded() throws Exception {
        Fixtures f = new Fixtures(tmp);
        Path good = f.lib("pre/libgood.so", "libgood.so");
        Path script = Files.writeString(tmp.resolve("pre/libscript.so"),
                "/* GNU ld script: use the real library instead of this one */\nINPUT(-lgood)\n");
        Path exe = f.exe("app");
        Map<String, String> env = Map.of("LD_PRELOAD", script + ":" + good);

        LinkMap map = Loader.at(Path.of("/")).env(env).resolve(exe);
        Real real = run(exe, env);

        assertLikeGlibc(map, real, Loader.at(Path.of("/")).resolve(exe));
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::reason).containsExactly("invalid ELF header");
        assertThat(map.libraries().get(0).path()).as("the next entry is preloaded right after the executable").isEqualTo(good.toString());
    }

    @Test
    void aNameWithoutSlashFoundOnlyAsA32BitLibraryIsTheWrongClassAndAMissingOneCannotBeOpened() throws Exception {
        Fixtures f = new Fixtures(tmp);
        Path dir = Files.createDirectories(tmp.resolve("llp"));
        Path src = Files.writeString(tmp.resolve("h.c"), "int hook(void){return 1;}\n");
        Fixtures.run(List.of(RealTools.gcc().toString(), "-m32", "-shared", "-fPIC", "-o", dir.resolve("libhook.so").toString(), src.toString()));
        Path exe = f.exe("app");
        Map<String, String> env = Map.of("LD_PRELOAD", "libhook.so libgotrail-absent.so", "LD_LIBRARY_PATH", dir.toString());

        LinkMap map = Loader.at(Path.of("/")).env(env).resolve(exe);
        Real real = run(exe, env);

        assertLikeGlibc(map, real, Loader.at(Path.of("/")).resolve(exe));
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::reason)
                .containsExactly("wrong ELF class: ELFCLASS32", "cannot open shared object file");
    }

    @Test
    void aBadCandidateEarlierInThePathStopsThatPreloadSearchOnly() throws Exception {
        // A needed library would stop the loader here; a preload is only ignored, although a good
        // copy lies later in the path (open_path returns at the first file that exists but is bad).
        Fixtures f = new Fixtures(tmp);
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("libp.so"), new byte[10]);
        f.lib("good/libp.so", "libp.so");
        Path exe = f.exe("app");
        Map<String, String> env = Map.of("LD_PRELOAD", "libp.so", "LD_LIBRARY_PATH", bad + ":" + tmp.resolve("good"));

        LinkMap map = Loader.at(Path.of("/")).env(env).resolve(exe);
        Real real = run(exe, env);

        assertLikeGlibc(map, real, Loader.at(Path.of("/")).resolve(exe));
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::reason).containsExactly("file too short");
        assertThat(map.find("libp.so")).isEmpty();
    }

    @Test
    void etcLdSoPreloadEntriesOfAChrootAreIgnoredTheSameWay() throws Exception {
        // A chroot lab: the program, ld.so and libc, and an /etc/ld.so.preload with a comment, a
        // directory, an empty file and a missing entry; the real loader runs inside it (root only).
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("lib64"));
        Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("opt/dir.so"));
        Files.write(root.resolve("opt/empty.so"), new byte[0]);
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), root.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), root.resolve("lib/x86_64-linux-gnu/libc.so.6"));
        Fixtures f = new Fixtures(tmp);
        Files.copy(f.exe("build/app"), root.resolve("usr/bin/app"));
        Files.writeString(root.resolve("etc/ld.so.preload"), "# site hooks\n/opt/dir.so /opt/empty.so\t# two\n/opt/absent.so");

        CommandResult r = CommandRunner.run(CommandSpec.of("chroot", root.toString(), "/usr/bin/app").withoutEnv("LD_PRELOAD"));
        List<String> realLines = new ArrayList<>();
        for (String l : r.stderr().split("\n")) {
            if (IGNORED.matcher(l).matches()) realLines.add(l);
        }
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        LinkMap map = Loader.at(root).resolve("/usr/bin/app");
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::glibcLine).containsExactlyElementsOf(realLines).hasSize(3);
        assertThat(map.ignoredPreloads()).extracting(IgnoredPreload::source).containsOnly("/etc/ld.so.preload");
        assertThat(map.isComplete()).isTrue();
        assertThat(map.find("libc.so.6").orElseThrow().path()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
    }
}
