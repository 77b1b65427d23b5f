package dev.gotrail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The path-safety rule of layer entry names ({@link EntryNames}) over generated names. */
class EntryNamesPropertyTest {

    private static final Path ROOT = Path.of("/cache/sha256-x/rootfs");

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> part = Arbitraries.of("a", "b", "..", ".", "", "...", ".wh.x", "..a", "a..", "\0", "etc", " ");
        return part.list().ofMinSize(0).ofMaxSize(8).map(parts -> String.join("/", parts))
                .flatMap(n -> Arbitraries.of(n, "/" + n, "./" + n, n + "/"));
    }

    @Property(tries = 2000)
    void anAcceptedNameStaysUnderTheRootAndHasNoDotComponents(@ForAll("names") String name) throws Exception {
        List<String> comps;
        try {
            comps = EntryNames.components(name);
        } catch (EntryNames.UnsafeName refused) {
            assertThat(name.startsWith("/") || name.contains("\0") || List.of(name.split("/")).contains(".."))
                    .as("refused '%s' (%s) without cause", name, refused.getMessage()).isTrue();
            return;
        }
        assertThat(comps).doesNotContain("..", ".", "");
        assertThat(ROOT.resolve(EntryNames.join(comps)).normalize()).startsWithRaw(ROOT);
        assertThat(name).doesNotStartWith("/").doesNotContain("\0");
    }

    @Property(tries = 500)
    void everyNameWithADotDotComponentIsRefused(@ForAll("names") String prefix, @ForAll("names") String suffix) {
        String name = (prefix.startsWith("/") ? prefix.substring(1) : prefix) + "/../" + suffix;
        assertThatThrownBy(() -> EntryNames.components(name)).isInstanceOf(EntryNames.UnsafeName.class);
    }
}
