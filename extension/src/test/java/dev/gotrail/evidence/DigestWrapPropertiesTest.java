package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;

/** The digest's wrapping keeps every word whole and in order, and keeps lines within the width unless one word is wider. */
class DigestWrapPropertiesTest {

    @Property
    void wrappingNeverBreaksOrLosesAWord(@ForAll @Size(min = 1, max = 60) List<@AlphaChars @StringLength(min = 1, max = 300) String> words,
                                         @ForAll @IntRange(min = 10, max = 200) int width) {
        List<String> lines = EvidenceDigest.wrap(String.join(" ", words), width);
        List<String> back = new ArrayList<>();
        lines.forEach(l -> back.addAll(List.of(l.split(" "))));
        assertThat(back).isEqualTo(words);
        for (String line : lines) {
            assertThat(line.length() <= width || !line.contains(" ")).as("'%s' is wider than %d with more than one word", line, width).isTrue();
        }
    }

    @Property
    void shorteningCutsOnlyAtSpaces(@ForAll @Size(min = 1, max = 80) List<@AlphaChars @StringLength(min = 1, max = 60) String> words) {
        String line = String.join(" ", words);
        String shortened = EvidenceDigest.shorten(line, 240);
        if (shortened.equals(line)) {
            return;
        }
        assertThat(shortened).endsWith(" …");
        String kept = shortened.substring(0, shortened.length() - 2);
        assertThat(line).startsWith(kept + " "); // cut at a space: the last kept word is whole
        assertThat(kept.length() <= 240 || !kept.substring(0, kept.lastIndexOf(' ') + 1).isBlank()).isTrue();
    }
}
