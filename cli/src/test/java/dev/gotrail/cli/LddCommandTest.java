package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gotrail ldd} on binaries built here with gcc; the binaries are never executed. */
class LddCommandTest {

    @TempDir
    Path tmp;

    private static CliRun ldd(String... args) {
        List<String> all = new ArrayList<>(List.of("ldd"));
        all.addAll(List.of(args));
        return CliRun.gotrail(all);
    }

    private void gcc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealTools.gcc().toString()));
        cmd.addAll(List.of(args));
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd).withDir(tmp));
        assertThat(r.succeeded()).as(r.describe() + "\n" + r.stderr()).isTrue();
    }

    /** app needs libfound.so (in lib/, by RUNPATH) and libgone.so (deleted after linking). */
    private Path app() throws Exception {
        Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(tmp.resolve("f.c"), "int f(void){return 1;}\n");
        Files.writeString(tmp.resolve("m.c"), "int main(void){return 0;}\n");
        gcc("-shared", "-fPIC", "-o", "lib/libfound.so", "f.c", "-Wl,-soname,libfound.so");
        gcc("-shared", "-fPIC", "-o", "lib/libgone.so", "f.c", "-Wl,-soname,libgone.so");
        gcc("-o", "app", "m.c", "-Wl,--no-as-needed", "-Llib", "-lfound", "-lgone", "-Wl,--enable-new-dtags,-rpath," + tmp.resolve("lib"));
        Files.delete(tmp.resolve("lib/libgone.so"));
        return tmp.resolve("app");
    }

    @Test
    void printsATreeWithTheReasonAndExitsOneWhenSomethingIsMissing() throws Exception {
        Path app = app();
        CliRun r = ldd(app.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith(app + "\n")
                .contains("├── libfound.so [runpath] " + tmp.resolve("lib/libfound.so"))
                .contains("libgone.so not found")
                .contains("tried " + tmp.resolve("lib/libgone.so"))
                .contains("libc.so.6 [ld.so.cache] /lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void jsonHasTheSpecKeys() throws Exception {
        Path app = app();
        CliRun r = ldd("--json", app.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().strip()).startsWith("{").endsWith("}");
        assertThat(r.out()).contains("\"binary\": \"" + app + "\"", "\"interpreter\": \"/lib64/ld-linux-x86-64.so.2\"",
                "\"libraries\": [", "\"soname\": \"libfound.so\"", "\"reason\": \"RUNPATH\"", "\"neededBy\": \"" + app + "\"",
                "\"missing\": [", "\"searched\": [", "\"versionProblems\": []", "\"errors\": []", "\"maxVersions\": {",
                "\"GLIBC\": \"2.");
    }

    @Test
    void environmentAndRootAreTheLoaders() throws Exception {
        Path app = app();
        Files.createDirectories(tmp.resolve("other"));
        Files.copy(tmp.resolve("lib/libfound.so"), tmp.resolve("other/libgone.so"));
        CliRun withLlp = ldd("-e", "LD_LIBRARY_PATH=" + tmp.resolve("other"), app.toString());
        assertThat(withLlp.exit()).as(withLlp.out()).isZero();
        assertThat(withLlp.out()).contains("libgone.so [LD_LIBRARY_PATH] " + tmp.resolve("other/libgone.so"));

        CliRun inRoot = ldd("--json", "--root", tmp.toString(), "/app");
        assertThat(inRoot.out()).contains("\"binary\": \"/app\"").doesNotContain("\"path\": \"" + tmp);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(ldd().exit()).isEqualTo(2);
        assertThat(ldd("--bogus", "x").exit()).isEqualTo(2);
        assertThat(ldd("-e", "NOEQUALS", "x").exit()).isEqualTo(2);
        assertThat(ldd("--root", tmp.resolve("nope").toString(), "x").exit()).isEqualTo(2);
        // --place answers "as if copied into a root": this machine's / is no such root
        for (CliRun noRoot : List.of(ldd("--place", "/usr/bin/ls"), ldd("--root", "/", "--place", "/usr/bin/ls:/opt/ls"))) {
            assertThat(noRoot.exit()).isEqualTo(2);
            assertThat(noRoot.err()).contains("gotrail ldd: --place needs a root to place into: add --root DIR or --image IMAGE");
            assertThat(noRoot.out()).isEmpty();
        }
    }

    @Test
    void aMuslRootIsResolvedByMuslsRulesAndAGlibcProgramThereIsNotFound() throws Exception {
        Path muslGcc = RealTools.onPath("musl-gcc", "musl-tools");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("app/lib"));
        Files.copy(Path.of("/lib/ld-musl-x86_64.so.1").toRealPath(), root.resolve("lib/ld-musl-x86_64.so.1"));
        Files.writeString(tmp.resolve("a.c"), "int a(void){return 1;}\n");
        Files.writeString(tmp.resolve("m.c"), "int main(void){return 0;}\n");
        run(muslGcc.toString(), "-shared", "-fPIC", "-o", root.resolve("app/lib/liba.so").toString(), "a.c");
        run(muslGcc.toString(), "-o", root.resolve("app/prog").toString(), "m.c", "-Wl,--no-as-needed", "-L" + root.resolve("app/lib"),
                "-la", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/lib");
        gcc("-o", root.resolve("app/glibc-prog").toString(), "m.c");

        CliRun tree = ldd("--root", root.toString(), "/app/prog", "/app/glibc-prog");
        assertThat(tree.exit()).isEqualTo(1);
        assertThat(tree.out()).contains("/app/prog [musl's loader rules]\n", "liba.so [runpath] /app/lib/liba.so",
                "/lib/ld-musl-x86_64.so.1 [interpreter] /lib/ld-musl-x86_64.so.1",
                "/lib64/ld-linux-x86-64.so.2 [interpreter] not found", "`sh: /app/glibc-prog: not found`", "CGO_ENABLED=0");

        CliRun json = ldd("--json", "--root", root.toString(), "/app/prog", "/app/glibc-prog");
        assertThat(json.out()).contains("\"loader\": \"MUSL\"", "\"loader\": \"GLIBC\"", "\"reason\": \"GLIBC_PROGRAM_IN_MUSL_ROOT\"",
                "\"reason\": \"RUNPATH\"");
    }

    private void run(String... cmd) {
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd).withDir(tmp));
        assertThat(r.succeeded()).as(r.describe() + "\n" + r.stderr()).isTrue();
    }

    @Test
    void aStaticBinaryIsHealthy() throws Exception {
        Files.writeString(tmp.resolve("s.c"), "int main(void){return 0;}\n");
        gcc("-static", "-o", "s", "s.c");
        CliRun r = ldd("--json", tmp.resolve("s").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"static\": true", "\"libraries\": []");
    }

    @Test
    void aBinaryThatCannotBeReadIsExitTwoNotAProblemFound() throws Exception {
        Path app = app();
        CliRun missing = ldd(tmp.resolve("no-such-binary").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("gotrail ldd: " + tmp.resolve("no-such-binary") + ": no such file");

        CliRun directory = ldd("--json", tmp.resolve("lib").toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).contains("gotrail ldd: " + tmp.resolve("lib") + ": is a directory");
        CliRun directoryHuman = ldd(tmp.resolve("lib").toString());
        assertThat(directoryHuman.exit()).isEqualTo(2);
        assertThat(directoryHuman.err()).contains(": is a directory");
        assertThat(directoryHuman.out()).as("said once, on stderr").doesNotContain("not a dynamic executable");
        assertThat(ldd("--root", tmp.resolve("no-such-root").toString(), "/app").err()).contains("no such directory");
        assertThat(ldd("--root", app.toString(), "/app").err()).contains(app + ": is not a directory");

        // with a readable binary beside it, the unreadable one still decides the exit code
        CliRun both = ldd(app.toString(), tmp.resolve("no-such-binary").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.out()).contains("libfound.so [runpath]");

        // read, but no ELF file: a loader error about the binary (exit 1), as glibc's ldd reports it
        Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        CliRun notElf = ldd(tmp.resolve("script.sh").toString());
        assertThat(notElf.exit()).isEqualTo(1);

        // inside a root, BINARY is a path in the root
        CliRun inRoot = ldd("--root", tmp.toString(), "/no-such-binary");
        assertThat(inRoot.exit()).isEqualTo(2);
        assertThat(inRoot.err()).contains("gotrail ldd: /no-such-binary: no such file");
        assertThat(ldd("--root", tmp.toString(), "/app").exit()).isEqualTo(1);
    }
}
