package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.TestImages;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The real musl oci-archive cut at any byte ({@code head -c N}): every cut inside its entries is
 * reported as a truncation at byte N naming the entry it falls in (or the entry before the cut
 * header), and a cut in the end-of-archive marker, after every entry, still opens ({@link ArchiveDamage}).
 */
class ArchiveDamagePropertyTest {

    private record Entry(String name, long start, long size) {
        long end() {
            return start + size;
        }
    }

    private static Path archive() {
        return TestImages.require(TestImages.MUSL_OCI_ARCHIVE);
    }

    private static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive()));
                TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(new Entry(e.getName(), in.getBytesRead(), e.isFile() ? e.getSize() : 0));
            }
        }
        return out;
    }

    @Provide
    Arbitrary<Long> cuts() throws IOException {
        long length = Files.size(archive());
        // a cut inside the first header (before the ustar magic is complete the file is no tar archive)
        return Arbitraries.longs().between(263, length - 1).filter(n -> n % 512 != 0)
                .edgeCases(c -> c.add(263L, 511L, 513L, length - 1));
    }

    @Property(tries = 60)
    void aCutArchiveSaysWhereItEnds(@ForAll("cuts") long n) throws IOException {
        List<Entry> all = entries();
        Path cut = Files.createTempFile("gotrail-cut-", ".tar");
        try {
            try (InputStream in = Files.newInputStream(archive()); OutputStream out = Files.newOutputStream(cut)) {
                out.write(in.readNBytes((int) n));
            }
            Entry inside = all.stream().filter(e -> e.start() <= n && n < e.end()).findFirst().orElse(null);
            Entry before = all.stream().filter(e -> e.end() <= n).reduce((a, b) -> b).orElse(null);
            long lastPadded = (all.get(all.size() - 1).end() + 511) / 512 * 512;
            if (n >= lastPadded) {
                // only the end-of-archive marker is cut: every entry is there
                BlobSource.openTar(cut).close();
                return;
            }
            String expected = "image " + cut + ": is truncated: the archive ends at byte " + n
                    + (inside != null ? " inside entry '" + inside.name() + "' (" + inside.size() + " bytes of data expected, "
                            + (n - inside.start()) + " present)"
                    : before != null ? " after entry '" + before.name() + "'" : " inside the header of its first entry");
            assertThatThrownBy(() -> BlobSource.openTar(cut).close()).isInstanceOf(ImageFormatException.class)
                    .hasMessageStartingWith(expected).hasMessageEndingWith(ArchiveDamage.FIX);
        } finally {
            Files.deleteIfExists(cut);
        }
    }
}
