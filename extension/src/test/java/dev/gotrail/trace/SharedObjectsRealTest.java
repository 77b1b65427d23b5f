package dev.gotrail.trace;

import dev.gotrail.testsupport.RealTraces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared objects from a real gcc-built program that dlopens a missing and a present plugin. */
class SharedObjectsRealTest {

    @TempDir
    Path tmp;

    @Test
    void dlopenOfAMissingAndAPresentPlugin() {
        Path src = RealTraces.write(tmp.resolve("main.c"), """
                #include <dlfcn.h>
                #include <stdio.h>
                int main(int argc, char **argv) {
                    void *missing = dlopen("libgotrail-missing-plugin.so", RTLD_NOW);
                    void *present = dlopen(argv[1], RTLD_NOW);
                    int (*answer)(void) = present ? (int (*)(void)) dlsym(present, "plugin_answer") : 0;
                    printf("%d %d\\n", missing == 0, answer ? answer() : -1);
                    return present ? 0 : 1;
                }
                """);
        Path plugin = RealTraces.write(tmp.resolve("plugin.c"), "int plugin_answer(void) { return 42; }\n");
        Path lib = tmp.resolve("plugins/libplugin.so");
        RealTraces.write(lib, "");
        gcc("-shared", "-fPIC", "-o", lib.toString(), plugin.toString());
        Path exe = tmp.resolve("main");
        gcc("-o", exe.toString(), src.toString(), "-ldl");

        RealTraces.Run run = RealTraces.strace(tmp, RealTraces.FLAGS, List.of(exe.toString(), lib.toString()), Map.of(), tmp);
        assertThat(run.result().stdout().strip()).isEqualTo("1 42");
        GoTrace t = GoTrace.from(List.of(exe.toString()), run.result().exitCode(), run.result().stdout(), "",
                TraceFormat.STRACE, run.log());

        assertThat(t.loadedSharedObjects()).extracting(SharedObject::path)
                .contains(lib.toString())
                .anySatisfy(p -> assertThat(p).endsWith("/libc.so.6"));
        assertThat(t.sharedObjectAttempts()).filteredOn(so -> so.path().endsWith("/libgotrail-missing-plugin.so"))
                .isNotEmpty()
                .allSatisfy(so -> {
                    assertThat(so.loaded()).isFalse();
                    assertThat(so.errno()).isEqualTo("ENOENT");
                });
        assertThat(t.failedAccesses()).anySatisfy(f -> assertThat(f.path()).endsWith("libgotrail-missing-plugin.so"));
        assertThat(t.effectiveGoroot().path()).isNull(); // no go in this trace
    }

    private void gcc(String... args) {
        List<String> line = new java.util.ArrayList<>();
        line.add(RealTools.gcc().toString());
        line.addAll(List.of(args));
        CommandResult r = CommandRunner.run(CommandSpec.of(line).withDir(tmp));
        assertThat(r.succeeded()).as(r.describe()).isTrue();
    }
}
