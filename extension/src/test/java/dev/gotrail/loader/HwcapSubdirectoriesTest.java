package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subdirectories glibc appends to every search directory, in its order, on this machine's CPU:
 * glibc-hwcaps (x86-64-v4/v3/v2 as supported), then — glibc 2.36 still does this — every
 * combination of tls, the legacy hwcap names and the platform. The truth is the real loader's
 * {@code search path=} line of {@code LD_DEBUG=libs} and the file it picked.
 */
class HwcapSubdirectoriesTest {

    @TempDir
    Path tmp;

    @Test
    void theSearchPathOfEachDirectoryIsGlibcsOnThisCpu() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d = tmp.resolve("D").toString();
        f.lib("D/libq.so", "libq.so");
        Path exe = f.exe("app", "-L" + d, "-lq", "-Wl,--enable-new-dtags,-rpath," + d);
        CommandResult r = CommandRunner.run(CommandSpec.of(exe.toString()).withEnv("LD_DEBUG", "libs")
                .withoutEnv("LD_LIBRARY_PATH").withoutEnv("LD_PRELOAD"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String line = Arrays.stream(r.stderr().split("\n")).filter(l -> l.contains("search path=") && l.contains("(RUNPATH"))
                .findFirst().orElseThrow();
        String path = line.substring(line.indexOf("search path=") + "search path=".length(), line.indexOf("\t\t(")).strip();

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        SystemConfig sys = SystemConfig.of(new RootFs(Path.of("/"), "/"), new Loader.Shared(),
                new ExpectedObject(64, java.nio.ByteOrder.LITTLE_ENDIAN, dev.gotrail.elf.ElfMachine.X86_64), false);
        List<String> ours = new ArrayList<>();
        for (String sub : sys.subdirs) ours.add(sub.isEmpty() ? d : d + "/" + sub);
        assertThat(ours).as("glibc's search path for " + d).containsExactly(path.split(":"));
        assertThat(map.find("libq.so").orElseThrow().path()).isEqualTo(d + "/libq.so");
    }

    @Test
    void aLibraryInALegacySubdirectoryWinsInGlibcsOrder() throws Exception {
        Fixtures f = new Fixtures(tmp);
        String d = tmp.resolve("D").toString();
        String platform = CpuFeatures.host().platform();
        f.lib("D/libp.so", "libp.so");
        f.lib("D/" + platform + "/libp.so", "libp.so");
        f.lib("D/libt.so", "libt.so");
        f.lib("D/" + platform + "/libt.so", "libt.so");
        f.lib("D/tls/libt.so", "libt.so");
        Path exe = f.exe("app", "-L" + d, "-lp", "-lt", "-Wl,--enable-new-dtags,-rpath," + d);

        LinkMap map = Loader.at(Path.of("/")).resolve(exe);
        Fixtures.Truth truth = f.realLoader(exe, Map.of(), tmp);

        assertThat(truth.exitCode()).as(truth.stderr()).isZero();
        assertThat(map.find("libp.so").orElseThrow().path()).isEqualTo(truth.path("libp.so")).isEqualTo(d + "/" + platform + "/libp.so");
        assertThat(map.find("libt.so").orElseThrow().path()).isEqualTo(truth.path("libt.so")).isEqualTo(d + "/tls/libt.so");
    }
}
