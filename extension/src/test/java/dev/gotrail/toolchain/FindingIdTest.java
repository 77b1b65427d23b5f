package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The finding ids: one enum, spelled once, every spelling indexed in docs/troubleshooting.md. */
class FindingIdTest {

    /** docs/troubleshooting.md, found from the module directory surefire runs in. */
    static Path troubleshooting() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs").resolve("troubleshooting.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/troubleshooting.md not found above " + Path.of("").toAbsolutePath());
    }

    /** The ids in the first column of the "Quick index of finding ids" table. */
    static Set<String> indexedIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        boolean inIndex = false;
        for (String line : Files.readAllLines(troubleshooting())) {
            if (line.startsWith("| id |")) {
                inIndex = true;
            } else if (inIndex && !line.startsWith("|")) {
                break;
            } else if (inIndex && !line.startsWith("|---")) {
                Matcher m = Pattern.compile("`([a-z0-9-]+)`").matcher(line.split("\\|")[1]);
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    @Test
    void theTroubleshootingIndexListsEveryIdAndNoOther() throws IOException {
        Set<String> enumIds = new LinkedHashSet<>();
        Arrays.stream(FindingId.values()).forEach(f -> enumIds.add(f.id()));

        assertThat(indexedIds()).as("ids in the quick index of " + troubleshooting()).containsExactlyInAnyOrderElementsOf(enumIds);
    }

    @Test
    void spellingsAreUniqueKebabCaseAndFoundAgain() {
        Set<String> seen = new LinkedHashSet<>();
        for (FindingId f : FindingId.values()) {
            assertThat(f.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(seen.add(f.id())).as("duplicate spelling " + f.id()).isTrue();
            assertThat(FindingId.of(f.id())).isSameAs(f);
            assertThat(f).hasToString(f.id());
        }
    }

    @Test
    void anUnknownSpellingNamesTheKnownOnes() {
        assertThatThrownBy(() -> FindingId.of("GO_SYMLINK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown finding id 'GO_SYMLINK' (did you mean 'go-symlink'?)")
                .hasMessageContaining("goroot-env-other-version");
        assertThat(FindingId.find("no-such-id")).isEmpty();
    }

    @Test
    void consistencyIdsAreTheSourcesOfTruthDisagreeing() {
        assertThat(Arrays.stream(FindingId.values()).filter(FindingId::isConsistency))
                .containsExactlyInAnyOrder(FindingId.GOROOT_ENV_OTHER_VERSION, FindingId.GOROOT_ENV_OVERRIDES,
                        FindingId.GOROOT_CONFIG_FILE, FindingId.GOROOT_CONFIG_OTHER_VERSION, FindingId.GOROOT_WITHOUT_SOURCES,
                        FindingId.GOROOT_WITHOUT_TOOLS, FindingId.VERSION_MISMATCH, FindingId.GOTOOLDIR_OUTSIDE_GOROOT,
                        FindingId.TOOLCHAIN_SWITCH, FindingId.TOOLCHAIN_SWITCH_FAILED, FindingId.GOTOOLCHAIN_INVALID,
                        FindingId.TOOLCHAIN_SWITCH_LOOP, FindingId.TOOLCHAIN_LINE_INVALID);
    }
}
