package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs of the negative and completeness assertions, each passing and failing on real objects:
 * traces of the real go (started through a symlink, so requested and real paths differ), link
 * maps of gcc-built programs, toolchains found by discovery, ELF files with RPATH and RUNPATH.
 */
class NegativeAndCompletenessAssertTest {

    @TempDir
    Path tmp;

    /** {@code go env GOROOT} of go 1.19 started as {@code tmp/bin/go}, a symlink into its GOROOT. */
    private GoTrace traceThroughSymlink(String version) throws Exception {
        RealTools.strace();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("go"), RealTools.go(version));
        return GoCommand.of(RealToolchains.of(link)).args("env", "GOROOT").dir(tmp).unsetEnv("GOROOT")
                .env("GOTOOLCHAIN", "local").trace();
    }

    @Test
    void executedByRealPath() throws Exception {
        GoTrace trace = traceThroughSymlink("1.19");

        assertThat(trace).didNotExecute(RealTools.go("1.21").toString()).didNotExecute("gcc");
        assertThatThrownBy(() -> assertThat(trace).didNotExecute(RealTools.go("1.19").toString()))
                .hasMessageContaining("not to execute\n  " + RealTools.go("1.19"))
                .hasMessageContaining("execve(\"" + tmp.resolve("bin/go") + "\"");
        assertThatThrownBy(() -> assertThat(trace).didNotExecute("go"))
                .hasMessageContaining("but it did:");
    }

    @Test
    void openedAccessedAndUsedAreDifferentVerbs() throws Exception {
        // go 1.19 reads no file of its GOROOT for `go env GOROOT`: it only runs from there.
        GoTrace trace = traceThroughSymlink("1.19");
        Path goroot = RealTools.goroot("1.19");

        assertThat(trace).neverOpenedUnder(goroot)
                .neverAccessedUnder(RealTools.goroot("1.23")).neverUsedUnder(RealTools.goroot("1.23"));
        assertThatThrownBy(() -> assertThat(trace).neverUsedUnder(goroot))
                .hasMessageContaining("to use nothing under\n  " + goroot)
                .hasMessageContaining("its effective GOROOT is " + goroot)
                .hasMessageContaining("(real path " + RealTools.go("1.19") + ")");
        assertThatThrownBy(() -> assertThat(trace).neverAccessedUnder(tmp))
                .hasMessageContaining("to access nothing under\n  " + tmp)
                .hasMessageContaining("execve(\"" + tmp.resolve("bin/go") + "\"");
    }

    @Test
    void switchedToolchainToAVersion() throws Exception {
        RealTools.strace();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("go1.22.12"), RealTools.go("1.22"));
        GoTrace trace = GoCommand.of(RealToolchains.of(RealTools.go("1.21"))).args("version").dir(tmp).unsetEnv("GOROOT")
                .env("GOTOOLCHAIN", "go1.22.12").env("PATH", bin + ":" + System.getenv("PATH")).trace();

        assertThat(trace).switchedToolchainTo("go1.22.12").switchedToolchainTo("1.22.12");
        assertThatThrownBy(() -> assertThat(trace).switchedToolchainTo("go1.23.0"))
                .hasMessageContaining("to switch toolchains to go1.23.0, but")
                .hasMessageContaining("go1.22.12");
        GoTrace noSwitch = traceThroughSymlink("1.21");
        assertThatThrownBy(() -> assertThat(noSwitch).switchedToolchainTo("go1.22.12"))
                .hasMessageContaining("no go re-executed another go");
    }

    private Path library(String versionNode) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(tmp.resolve("greet.map"), versionNode + " { global: greet; local: *; };\n");
        Gcc.build(lib, "libgreet.so.1", "int greet(void) { return 42; }\n", "-shared", "-fPIC",
                "-Wl,-soname,libgreet.so.1", "-Wl,--version-script," + tmp.resolve("greet.map"));
        return lib;
    }

    private Path app(String... linkFlags) throws Exception {
        Path lib = library("GREET_2.0");
        String[] flags = new String[linkFlags.length + 2];
        flags[0] = "-L" + lib;
        flags[1] = "-l:libgreet.so.1";
        System.arraycopy(linkFlags, 0, flags, 2, linkFlags.length);
        return Gcc.build(tmp, "app", "int greet(void);\nint main(void) { return greet() == 42 ? 0 : 1; }\n", flags);
    }

    @Test
    void wouldRunAndIsComplete() throws Exception {
        LinkMap map = Loader.at("/").resolve(app("-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags"));

        assertThat(map).wouldRun().isComplete();
        assertThatThrownBy(() -> assertThat(map).wouldNotRun())
                .hasMessageContaining("not to start, but every library resolves")
                .hasMessageContaining("libgreet.so.1 [runpath]");
    }

    @Test
    void missingLibraryWouldNotRun() throws Exception {
        Path app = app("-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
        Files.delete(tmp.resolve("lib/libgreet.so.1"));
        LinkMap map = Loader.at("/").resolve(app);

        assertThat(map).wouldNotRun();
        assertThatThrownBy(() -> assertThat(map).wouldRun())
                .hasMessageContaining("to start, but the loader would stop it:")
                .hasMessageContaining("libgreet.so.1: cannot open shared object file: No such file or directory (needed by " + app + ")");
        assertThatThrownBy(() -> assertThat(map).isComplete())
                .hasMessageContaining("to be complete, but:")
                .hasMessageContaining("libgreet.so.1: cannot open shared object file");
    }

    @Test
    void versionProblemWouldNotRun() throws Exception {
        Path app = app("-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
        library("GREET_1.0"); // the older build replaces the one the program was linked against
        LinkMap map = Loader.at("/").resolve(app);

        assertThat(map).hasVersionProblem("GREET_2.0").wouldNotRun();
        assertThatThrownBy(() -> assertThat(map).hasVersionProblem("GREET_3.0"))
                .hasMessageContaining("to have a problem with GREET_3.0, but its version problems are:")
                .hasMessageContaining("version `GREET_2.0' not found (required by " + app + ")");
        assertThatThrownBy(() -> assertThat(map).wouldRun())
                .hasMessageContaining("version `GREET_2.0' not found");
    }

    @Test
    void runpathRpathAndInterpreter() throws Exception {
        ElfFile runpath = ElfFile.read(app("-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags"));
        Files.move(tmp.resolve("app"), tmp.resolve("app-runpath"));
        ElfFile rpath = ElfFile.read(Gcc.build(tmp, "app-rpath", "int greet(void);\nint main(void) { return greet(); }\n",
                "-L" + tmp.resolve("lib"), "-l:libgreet.so.1", "-Wl,-rpath,/opt/greet/lib", "-Wl,--disable-new-dtags"));

        assertThat(runpath).hasRunpath("$ORIGIN/lib").hasInterpreter(SystemLibs.interpreter());
        assertThat(rpath).hasRpath("/opt/greet/lib");
        assertThatThrownBy(() -> assertThat(runpath).hasRpath("$ORIGIN/lib"))
                .hasMessageContaining("to have the RPATH\n  $ORIGIN/lib\nbut it has no RPATH (it has the RUNPATH $ORIGIN/lib)");
        assertThatThrownBy(() -> assertThat(rpath).hasRunpath("/opt/greet/lib"))
                .hasMessageContaining("but it has no RUNPATH (it has the RPATH /opt/greet/lib)");
        assertThatThrownBy(() -> assertThat(rpath).hasInterpreter("/lib/ld-musl-x86_64.so.1"))
                .hasMessageContaining("/lib/ld-musl-x86_64.so.1");
    }

    @Test
    void doesNotHaveFinding() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("go"), RealTools.go("1.21"));
        GoToolchain toolchain = RealToolchains.of(link);

        assertThat(toolchain).hasFinding("go-symlink").doesNotHaveFinding("go-shadowed");
        assertThatThrownBy(() -> assertThat(toolchain).doesNotHaveFinding("go-symlink"))
                .hasMessageContaining("not to have the finding [go-symlink]")
                .hasMessageContaining(RealTools.goroot("1.21").toString());
    }

    @Test
    void softAssertionsCollectEveryNewVerb() throws Exception {
        GoTrace trace = traceThroughSymlink("1.19");
        LinkMap map = Loader.at("/").resolve(app("-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags"));
        ElfFile elf = ElfFile.read(tmp.resolve("app"));

        GotrailSoftAssertions softly = new GotrailSoftAssertions();
        softly.assertThat(trace).didNotExecute(RealTools.go("1.19").toString()).neverUsedUnder(RealTools.goroot("1.19"))
                .neverAccessedUnder(tmp).switchedToolchainTo("go1.22.12");
        softly.assertThat(map).wouldNotRun().hasVersionProblem("GREET_2.0");
        softly.assertThat(elf).hasRpath("/nowhere");

        assertThat(softly.errorsCollected()).hasSize(7);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("not to execute");
        assertThat(softly.errorsCollected().get(6)).hasMessageContaining("to have the RPATH");
    }
}
