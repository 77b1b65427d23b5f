package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.junit.GoCommand;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every assertion against real traces of real go commands (go 1.21 and 1.22 under strace). */
class GoTraceAssertTest {

    @TempDir
    Path tmp;

    private GoTrace goEnvGoroot() {
        RealTools.strace();
        return GoCommand.of(RealToolchains.of(RealTools.go("1.21"))).args("env", "GOROOT").dir(tmp).unsetEnv("GOROOT").trace();
    }

    @Test
    void goEnvPassingAssertions() {
        GoTrace trace = goEnvGoroot();
        Path goroot = RealTools.goroot("1.21");

        assertThat(trace).exitedWith(0).usedGoroot(goroot).usedGoroot(goroot.toString()).didNotSwitchToolchain()
                .opened(goroot.resolve("go.env")).failedToAccess(tmp.resolve("go.mod"), "ENOENT")
                .neverOpenedUnder(RealTools.goroot("1.19")).executed(RealTools.go("1.21").toString());
    }

    @Test
    void goEnvFailuresQuoteTheTrace() {
        GoTrace trace = goEnvGoroot();
        Path goroot = RealTools.goroot("1.21");

        assertThatThrownBy(() -> assertThat(trace).exitedWith(2))
                .hasMessageContaining("env GOROOT (trace " + trace.rawLog() + ")")
                .hasMessageContaining("to exit with 2 but it exited with 0")
                .hasMessageContaining(RealTools.go("1.21") + ": exited with 0");
        assertThatThrownBy(() -> assertThat(trace).usedGoroot(RealTools.goroot("1.19")))
                .hasMessageContaining("to use GOROOT\n  " + RealTools.goroot("1.19"))
                .hasMessageContaining("but the trace shows GOROOT\n  " + goroot + " (source EXE_DERIVED)")
                .hasMessageContaining("proved by:\n  line ");
        assertThatThrownBy(() -> assertThat(trace).opened(RealTools.goroot("1.19").resolve("go.env")))
                .hasMessageContaining("but it never opened it successfully.")
                .hasMessageContaining("Opens of files with the same name:\n  line ")
                .hasMessageContaining(goroot.resolve("go.env").toString());
        assertThatThrownBy(() -> assertThat(trace).neverOpenedUnder(goroot))
                .hasMessageContaining("to open nothing under\n  " + goroot)
                .hasMessageContaining("file(s) there:")
                .hasMessageContaining("openat(")
                .hasMessageContaining(goroot.resolve("go.env").toString());
        assertThatThrownBy(() -> assertThat(trace).failedToAccess(tmp.resolve("go.mod"), "EACCES"))
                .hasMessageContaining("with EACCES, but the calls on that path were:")
                .hasMessageContaining(tmp.resolve("go.mod") + "\"")
                .hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> assertThat(trace).failedToAccess("/nowhere/at/all", "ENOENT"))
                .hasMessageContaining("no call in the trace names that path");
        assertThatThrownBy(() -> assertThat(trace).executed("gcc"))
                .hasMessageContaining("to execute\n  gcc\nbut it did not.")
                .hasMessageContaining("Every exec in the trace:\n  line ")
                .hasMessageContaining("execve(\"" + RealTools.go("1.21") + "\"");
        assertThatThrownBy(() -> assertThat(trace).switchedToolchain())
                .hasMessageContaining("to switch toolchains (GOTOOLCHAIN), but no go re-executed another go.");
        assertThatThrownBy(() -> assertThat(trace).loadedSharedObject("libc.so.6"))
                .hasMessageContaining("to load the shared object\n  libc.so.6\nbut it was never loaded.")
                .hasMessageContaining("Attempts to open it:\n  (none)");
    }

    @Test
    void toolchainSwitchThroughPath() throws Exception {
        // GOTOOLCHAIN=go1.22.12 makes go 1.21 look for a go1.22.12 binary on PATH before any download
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path go122 = Files.createSymbolicLink(bin.resolve("go1.22.12"), RealTools.go("1.22"));
        RealTools.strace();
        GoTrace trace = GoCommand.of(RealToolchains.of(RealTools.go("1.21"))).args("version").dir(tmp).unsetEnv("GOROOT")
                .env("GOTOOLCHAIN", "go1.22.12").env("PATH", bin + ":" + System.getenv("PATH")).trace();

        assertThat(trace.stdout()).contains("go1.22.12");
        assertThat(trace).exitedWith(0).switchedToolchain().executed(go122.toString()).executed("go1.22.12");
        assertThatThrownBy(() -> assertThat(trace).didNotSwitchToolchain())
                .hasMessageContaining("not to switch toolchains, but")
                .hasMessageContaining("re-executed")
                .hasMessageContaining("go1.22.12")
                .hasMessageContaining("evidence:\n  line ");
    }

    @Test
    void cgoProgramLoadsLibcFromTheSystemDirectory() throws Exception {
        Files.writeString(tmp.resolve("go.mod"), "module example.com/hello\n\ngo 1.21\n");
        Files.writeString(tmp.resolve("main.go"), """
                package main

                // #include <stdlib.h>
                import "C"

                func main() { C.srand(1) }
                """);
        RealTools.gcc();
        RealTools.strace();
        GoTrace trace = GoCommand.of(RealToolchains.of(RealTools.go("1.21"))).args("run", ".").dir(tmp).unsetEnv("GOROOT")
                .env("CGO_ENABLED", "1").env("GOFLAGS", "-mod=mod").trace();

        assertThat(trace).as(trace.stderr()).exitedWith(0).executed("gcc").executed("compile").executed("link")
                .loadedSharedObject("libc.so.6").from(SystemLibs.libDir());
        assertThatThrownBy(() -> assertThat(trace).loadedSharedObject("libc.so.6").from("/usr/local/lib"))
                .hasMessageContaining("to load libc.so.6 from\n  /usr/local/lib\nbut it was loaded from\n  line ")
                .hasMessageContaining(SystemLibs.libc())
                .hasMessageContaining("The loader's search for it:");
        assertThatThrownBy(() -> assertThat(trace).loadedSharedObject("libgotrail-plugin.so"))
                .hasMessageContaining("but it was never loaded.")
                .hasMessageContaining("Shared objects that were loaded:")
                .hasMessageContaining("libc.so.6");
    }

    @Test
    void chainedSelectionNeedsItsFirstStep() {
        GoTrace trace = goEnvGoroot();

        assertThatThrownBy(() -> assertThat(trace).from("/lib")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call loadedSharedObject(soname) before from(dir)");
        GotrailSoftAssertions softly = new GotrailSoftAssertions();
        softly.assertThat(trace).loadedSharedObject("libc.so.6").from("/lib").exitedWith(3);
        // the failed selection is reported once, from() is skipped, the next step still runs
        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("never loaded");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("to exit with 3");
    }
}
