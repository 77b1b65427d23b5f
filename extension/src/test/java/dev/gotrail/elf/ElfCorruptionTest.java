package dev.gotrail.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Corrupted ELF files (random bytes overwritten, random truncation, hostile 32-bit words at
 * random places) never make the reader fail with anything but {@link ElfFormatException}.
 */
class ElfCorruptionTest {

    private static final byte[][] SEEDS = seeds();

    private static byte[][] seeds() {
        ElfBuilder le64 = new ElfBuilder();
        ElfBuilder be32 = new ElfBuilder();
        be32.is64 = false;
        be32.order = ByteOrder.BIG_ENDIAN;
        byte[] real = null;
        try {
            Path t = Path.of("/usr/bin/true");
            if (Files.isRegularFile(t) && Files.size(t) < 1 << 20) real = Files.readAllBytes(t);
        } catch (IOException e) {
            real = null;
        }
        return real == null ? new byte[][] {le64.build(), be32.build()} : new byte[][] {le64.build(), be32.build(), real};
    }

    record Mutation(int seed, int[] positions, int[] values, int truncateTo) {
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                Arbitraries.integers().between(0, SEEDS.length - 1),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(1).ofMaxSize(8),
                Arbitraries.integers().array(int[].class).ofMinSize(8).ofMaxSize(8),
                Arbitraries.integers().between(-1, Integer.MAX_VALUE))
                .as(Mutation::new);
    }

    @Property(tries = 400)
    void corruptFilesGiveOnlyElfFormatExceptions(@ForAll("mutations") Mutation m) throws IOException {
        byte[] seed = SEEDS[m.seed()];
        byte[] bytes = Arrays.copyOf(seed, seed.length);
        for (int i = 0; i < m.positions().length; i++) {
            int pos = m.positions()[i] % bytes.length;
            int v = m.values()[i];
            // write a whole 32-bit word: hostile counts, offsets and sizes, not just single bits
            for (int k = 0; k < 4 && pos + k < bytes.length; k++) {
                bytes[pos + k] = (byte) (v >>> (8 * k));
            }
        }
        if (m.truncateTo() >= 0) {
            bytes = Arrays.copyOf(bytes, m.truncateTo() % (bytes.length + 1));
        }
        Path f = Files.createTempFile("gotrail-fuzz", ".elf");
        try {
            Files.write(f, bytes);
            try {
                ElfFile elf = ElfFile.read(f);
                assertThat(elf.needed().size()).isLessThanOrEqualTo(bytes.length);
            } catch (ElfFormatException e) {
                assertThat(e.file()).isEqualTo(f);
                assertThat(e.offset()).isGreaterThanOrEqualTo(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 200)
    void everyTruncationOfAValidFileIsAFormatErrorOrAValidPrefix(@ForAll @IntRange(min = 0, max = 100_000) int cut) throws IOException {
        byte[] seed = SEEDS[0];
        byte[] bytes = Arrays.copyOf(seed, cut % seed.length);
        Path f = Files.createTempFile("gotrail-trunc", ".elf");
        try {
            Files.write(f, bytes);
            try {
                ElfFile.read(f);
            } catch (ElfFormatException e) {
                assertThat(e.getMessage()).startsWith(f.toString());
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
