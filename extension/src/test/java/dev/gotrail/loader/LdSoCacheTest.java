package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ld.so.cache files written by the real ldconfig in all three layouts (new with the glibc-hwcaps
 * extension, old, compat), checked against {@code ldconfig -p}'s own listing; ld.so.conf parsing
 * checked against {@code ldconfig -v}.
 */
class LdSoCacheTest {

    private static final Pattern P_LINE = Pattern.compile("^\\t(\\S+) \\(([^)]*)\\) => (\\S+)$");

    @TempDir
    Path tmp;

    private static String ldconfig() {
        for (String p : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return RealTools.onPath("ldconfig", "libc-bin").toString();
    }

    private Path buildCache(String format) throws IOException {
        Fixtures f = new Fixtures(tmp);
        if (!Files.exists(tmp.resolve("hw/libg.so.1"))) {
            f.lib("hw/libg.so.1", "libg.so.1");
            f.lib("hw/glibc-hwcaps/x86-64-v2/libg.so.1", "libg.so.1");
            f.lib("hw/glibc-hwcaps/x86-64-v3/libg.so.1", "libg.so.1");
            Files.writeString(tmp.resolve("hw.conf"), tmp.resolve("hw") + "\n");
        }
        Path cache = tmp.resolve("ld.so.cache." + format);
        Fixtures.run(List.of(ldconfig(), "-c", format, "-C", cache.toString(), "-f", tmp.resolve("hw.conf").toString(), "-X"));
        return cache;
    }

    @ParameterizedTest
    @ValueSource(strings = {"new", "old", "compat"})
    void readsEveryEntryLdconfigListsInEachLayout(String format) throws IOException {
        Path file = buildCache(format);
        LdSoCache cache = LdSoCache.read(file);

        assertThat(cache.format()).isEqualTo(switch (format) {
            case "new" -> LdSoCache.Format.NEW;
            case "old" -> LdSoCache.Format.OLD;
            default -> LdSoCache.Format.COMPAT;
        });
        Set<String> listed = new TreeSet<>();
        for (String line : Fixtures.run(List.of(ldconfig(), "-p", "-C", file.toString())).split("\n")) {
            Matcher m = P_LINE.matcher(line);
            if (m.matches()) listed.add(m.group(1) + " => " + m.group(3));
        }
        Set<String> ours = new TreeSet<>();
        cache.entries().forEach(e -> ours.add(e.name() + " => " + e.path()));
        assertThat(ours).as("entries of " + file).isEqualTo(listed).isNotEmpty();
        if (!format.equals("old")) {
            assertThat(cache.generator()).hasValueSatisfying(g -> assertThat(g).startsWith("ldconfig"));
            assertThat(cache.glibcHwcaps()).containsExactlyInAnyOrder("x86-64-v2", "x86-64-v3");
        }
    }

    @Test
    void lookupPrefersTheBestGlibcHwcapsSubdirectoryTheCpuSupports() throws IOException {
        LdSoCache cache = LdSoCache.read(buildCache("new"));
        String hw = tmp.resolve("hw") + "/";
        CpuFeatures v3 = CpuFeatures.fromFlags("AuthenticAMD", Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3",
                "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"));
        CpuFeatures v2 = CpuFeatures.fromFlags("AuthenticAMD", Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"));
        CpuFeatures baseline = CpuFeatures.fromFlags("AuthenticAMD", Set.of());
        assertThat(cache.lookup("libg.so.1", 0x0303, v3)).contains(hw + "glibc-hwcaps/x86-64-v3/libg.so.1");
        assertThat(cache.lookup("libg.so.1", 0x0303, v2)).contains(hw + "glibc-hwcaps/x86-64-v2/libg.so.1");
        assertThat(cache.lookup("libg.so.1", 0x0303, baseline)).contains(hw + "libg.so.1");
        assertThat(cache.lookup("libg.so.1", 0x0003, v3)).as("i386 flags do not match x86-64 entries").isEmpty();
        assertThat(cache.lookup("libc.so.6", 0x0303, v3)).contains("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(cache.lookup("libnothing-gotrail.so.9", 0x0303, v3)).isEmpty();
    }

    @Test
    void theCompatLayoutAnswersLikeTheNewOne() throws IOException {
        LdSoCache newer = LdSoCache.read(buildCache("new"));
        LdSoCache compat = LdSoCache.read(buildCache("compat"));
        for (LdSoCache.Entry e : newer.entries()) {
            assertThat(compat.lookup(e.name(), 0x0303)).as(e.name()).isEqualTo(newer.lookup(e.name(), 0x0303));
        }
    }

    @Test
    void aCorruptCacheNamesFileAndOffset() throws IOException {
        byte[] good = Files.readAllBytes(buildCache("new"));
        byte[] bad = Arrays.copyOf(good, good.length);
        bad[20] = (byte) 0xff; // nlibs far beyond the file
        bad[21] = (byte) 0xff;
        bad[22] = (byte) 0xff;
        Path f = Files.write(tmp.resolve("bad.cache"), bad);
        assertThatThrownBy(() -> LdSoCache.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("offset 20");
        Path trunc = Files.write(tmp.resolve("trunc.cache"), Arrays.copyOf(good, 30));
        assertThatThrownBy(() -> LdSoCache.read(trunc)).hasMessageContaining("truncated");
    }

    @Test
    void libcmpComparesDigitsNumerically() {
        assertThat(LdSoCache.libcmp("libfoo.so.10", "libfoo.so.9")).isPositive();
        assertThat(LdSoCache.libcmp("libfoo.so.2", "libfoo.so.2")).isZero();
        assertThat(LdSoCache.libcmp("libfoo.so", "libfoo.so.1")).isNegative();
        assertThat(LdSoCache.libcmp("liba9", "libab")).isPositive();
    }

    @Test
    void ldSoConfFollowsIncludesInGlobOrderLikeLdconfig() throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("etc/conf.d"));
        for (String d : List.of("a", "b", "c", "e")) Files.createDirectories(tmp.resolve(d));
        Files.writeString(tmp.resolve("etc/ld.so.conf"),
                "include conf.d/*.conf\n# a comment\n" + tmp.resolve("a") + "/\nhwcap 0 nosegneg\n");
        Files.writeString(etc.resolve("b.conf"), tmp.resolve("b") + " # trailing comment\n");
        Files.writeString(etc.resolve("a.conf"), "  " + tmp.resolve("c") + "\ninclude " + tmp.resolve("etc/other.conf") + "\n");
        Files.writeString(etc.resolve("z.txt"), tmp.resolve("nope") + "\n");
        Files.writeString(tmp.resolve("etc/other.conf"), tmp.resolve("e") + "\n");

        List<String> ours = LdSoConf.directories(new RootFs(Path.of("/"), "/"), tmp.resolve("etc/ld.so.conf").toString());

        List<String> real = new ArrayList<>();
        String out = dev.gotrail.process.CommandRunner.run(dev.gotrail.process.CommandSpec.of(ldconfig(), "-N", "-v", "-X", "-f",
                tmp.resolve("etc/ld.so.conf").toString())).stdout();
        for (String line : out.split("\n")) {
            if (line.startsWith(tmp.toString())) real.add(line.substring(0, line.indexOf(':')));
        }
        assertThat(ours).isEqualTo(real).containsExactly(
                tmp.resolve("c").toString(), tmp.resolve("e").toString(), tmp.resolve("b").toString(), tmp.resolve("a").toString());
    }
}
