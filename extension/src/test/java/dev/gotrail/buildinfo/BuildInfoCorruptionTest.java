package dev.gotrail.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTools;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Real Go binaries (the smallest tool of Go 1.19 and of Go 1.23 on this machine) with hostile
 * 32-bit words written into their ELF header, program and section headers and build-info blob,
 * or truncated anywhere: {@link GoBuildInfo#read(Path)} returns a result, an empty answer, or
 * throws {@link GoBinaryFormatException} naming the file and an offset inside it — nothing else —
 * and never allocates more than a small multiple of the file's size.
 */
class BuildInfoCorruptionTest {

    private static final byte[][] SEEDS = seeds();

    private static byte[][] seeds() {
        try {
            return new byte[][] {
                Files.readAllBytes(RealTools.goroot("1.23").resolve("pkg/tool/linux_amd64/pack")),
                Files.readAllBytes(RealTools.goroot("1.19").resolve("pkg/tool/linux_amd64/pack")),
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where to hit: 0 = headers (first 4 KiB), 1 = section headers (last 4 KiB), 2 = around the build-info blob. */
    record Mutation(int seed, int[] regions, int[] positions, int[] values, int truncateTo) { }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                Arbitraries.integers().between(0, SEEDS.length - 1),
                Arbitraries.integers().between(0, 2).array(int[].class).ofSize(8),
                Arbitraries.integers().between(0, 4095).array(int[].class).ofMinSize(1).ofMaxSize(8),
                Arbitraries.integers().array(int[].class).ofSize(8),
                Arbitraries.integers().between(-3, Integer.MAX_VALUE))
                .as(Mutation::new);
    }

    @Property(tries = 300)
    void corruptBinariesGiveOnlyTheDocumentedException(@ForAll("mutations") Mutation m) throws IOException {
        byte[] bytes = Arrays.copyOf(SEEDS[m.seed()], SEEDS[m.seed()].length);
        int blob = ElfSurgery.magicOffset(bytes);
        for (int i = 0; i < m.positions().length; i++) {
            int pos = switch (m.regions()[i]) {
                case 0 -> m.positions()[i];
                case 1 -> bytes.length - 1 - m.positions()[i];
                default -> Math.max(0, blob - 64 + m.positions()[i] % 1024);
            };
            for (int k = 0; k < 4 && pos + k < bytes.length; k++) {
                bytes[pos + k] = (byte) (m.values()[i] >>> (8 * k));
            }
        }
        if (m.truncateTo() >= 0) {
            bytes = Arrays.copyOf(bytes, m.truncateTo() % (bytes.length + 1));
        }
        readBounded(bytes);
    }

    @Property(tries = 100)
    void everyTruncationIsAnAnswerOrTheDocumentedException(@ForAll @IntRange(min = 0, max = 3_000_000) int cut) throws IOException {
        byte[] seed = SEEDS[cut % 2];
        readBounded(Arrays.copyOf(seed, cut % (seed.length + 1)));
    }

    private static void readBounded(byte[] bytes) throws IOException {
        Path f = Files.createTempFile("gotrail-buildinfo-fuzz", ".bin");
        try {
            Files.write(f, bytes);
            long before = allocatedBytes();
            try {
                Optional<GoBuildInfo> info = GoBuildInfo.read(f);
                info.ifPresent(i -> assertThat(i.moduleText().length()).isLessThanOrEqualTo(bytes.length));
            } catch (GoBinaryFormatException e) {
                assertThat(e.file()).isEqualTo(f);
                assertThat(e.offset()).isBetween(0L, (long) bytes.length);
                assertThat(e.getMessage()).startsWith(f + ": offset ");
            }
            long allocated = allocatedBytes() - before;
            assertThat(allocated).as("bytes allocated reading a %d-byte file", bytes.length)
                    .isLessThan(4L * bytes.length + (1 << 20));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** HotSpot's per-thread allocation counter (com.sun.management, reached reflectively: the test module does not read jdk.management). */
    private static long allocatedBytes() {
        try {
            Object bean = ManagementFactory.getThreadMXBean();
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM cannot count allocated bytes", e);
        }
    }
}
