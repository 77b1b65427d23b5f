package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.LoadReason;
import dev.gotrail.loader.MissingLibrary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed scenario "libpthread/libdl missing in a container": a cgo binary linked against
 * libpthread.so.0 and libdl.so.2 is shipped in a slim image that has libc.so.6 only.
 */
class MissingLibpthreadInImageTest {

    /**
     * Since glibc 2.34 libpthread and libdl are stubs and plain -lpthread adds no dependency; older
     * toolchains (and binaries built on them) do record one. Naming the files reproduces that.
     */
    private static final String[] LINK_PTHREAD_AND_DL = {"-Wl,--no-as-needed", "-l:libpthread.so.0", "-l:libdl.so.2"};

    @Test
    void everyMissingLibraryIsListedWithThePathsTried(@TempDir Path work) throws Exception {
        Path program = Fixtures.gcc(work, "server", "int main(void) { return 0; }\n",
                LINK_PTHREAD_AND_DL);
        Path root = ImageRoots.withLibc(work.resolve("slim-image"), ImageRoots.HOST_LIBC);
        String inRoot = ImageRoots.install(root, program, "/app/server");

        LinkMap map = Loader.at(root).resolve(inRoot);

        assertThat(map.missing()).extracting(MissingLibrary::soname).containsExactly("libpthread.so.0", "libdl.so.2");
        MissingLibrary pthread = map.missing().get(0);
        assertThat(pthread.neededBy()).isEqualTo("/app/server");
        assertThat(pthread.searched()).contains("/lib/x86_64-linux-gnu/libpthread.so.0");
        assertThat(map).resolves("libc.so.6").to("/lib/x86_64-linux-gnu/libc.so.6");
        assertThatThrownBy(() -> assertThat(map).hasNoMissingLibraries())
                .hasMessageContaining("libpthread.so.0").hasMessageContaining("/lib/x86_64-linux-gnu");
    }

    @Test
    void onThisHostTheyResolveThroughTheCache(@TempDir Path work) throws Exception {
        Path program = Fixtures.gcc(work, "server", "int main(void) { return 0; }\n",
                LINK_PTHREAD_AND_DL);
        LinkMap map = Loader.at(Path.of("/")).resolve(program);
        assertThat(map).hasNoMissingLibraries()
                .resolves("libpthread.so.0").because(LoadReason.LD_SO_CACHE);
    }
}
