package dev.gotrail.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs a user reads are true to the repository: every Java snippet of README.md,
 * docs/getting-started.md and docs/images.md is, character for character, a region of an example test that runs
 * (marked {@code <!-- snippet: FILE#REGION[,REGION] -->} in the doc and {@code // snippet-begin
 * REGION} / {@code // snippet-end REGION} in the source); the versions in the dependency snippets
 * are the project's; every relative link of README.md and docs/ resolves to a file that ships with
 * the repository; no page points outside it.
 */
class DocSnippetsTest {

    /** The examples module's directory is the working directory under Maven; the repository is its parent. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n");

    @Test
    void everyJavaSnippetOfTheReadmeGettingStartedAndImagesIsARegionOfARunningExample() throws IOException {
        for (String doc : List.of("README.md", "docs/getting-started.md", "docs/images.md")) {
            String text = Files.readString(REPO.resolve(doc));
            Matcher m = MARKER.matcher(text);
            int checked = 0;
            while (m.find()) {
                checked++;
                Path source = REPO.resolve(m.group(1));
                StringBuilder expected = new StringBuilder();
                for (String region : m.group(2).split(",")) {
                    if (expected.length() > 0) {
                        expected.append('\n');
                    }
                    expected.append(region(source, region));
                }
                assertThat(m.group(3)).as("the snippet of %s marked %s#%s", doc, m.group(1), m.group(2))
                        .isEqualTo(expected.toString());
            }
            long javaBlocks = JAVA_BLOCK.matcher(text).results().count();
            assertThat(checked).as("every Java snippet of %s is checked against an example", doc).isEqualTo(javaBlocks).isPositive();
        }
    }

    @Test
    void theVersionsInTheDependencySnippetsAreTheProjects() throws IOException {
        String pom = Files.readString(REPO.resolve("pom.xml"));
        String version = first(pom, "<artifactId>gotrail-parent</artifactId>\\s*<version>([^<]+)</version>");
        String junit = first(pom, "<junit.version>([^<]+)</junit.version>");
        String assertj = first(pom, "<assertj.version>([^<]+)</assertj.version>");
        for (String doc : List.of("README.md", "docs/getting-started.md")) {
            String text = Files.readString(REPO.resolve(doc));
            assertThat(versions(text, "gotrail-junit:([0-9][^\"\\s]*)")).as(doc).isNotEmpty().containsOnly(version);
            assertThat(versions(text, "<artifactId>gotrail-junit</artifactId>\\s*<version>([^<]+)</version>")).as(doc).containsOnly(version);
            assertThat(versions(text, "junit-bom:([0-9][^\"\\s]*)")).as(doc).containsOnly(junit);
            assertThat(versions(text, "assertj-core:([0-9][^\"\\s]*)")).as(doc).containsOnly(assertj);
            assertThat(versions(text, "gotrail-cli-([0-9][^\\s/]*?)\\.jar")).as(doc).containsOnly(version);
            // pasted into a POM of its own, every Maven dependency needs its version (no gotrail BOM applies there)
            for (String dependency : versions(text, "(?s)(<dependency>.*?</dependency>)")) {
                assertThat(dependency).as("%s: %s", doc, dependency).contains("<version>");
            }
            assertThat(versions(text, "<artifactId>assertj-core</artifactId>\\s*<version>([^<]+)</version>")).as(doc)
                    .isNotEmpty().containsOnly(assertj);
        }
        // the runtime dependencies getting-started lists for a class path made by hand are the library's
        String gettingStarted = Files.readString(REPO.resolve("docs/getting-started.md"));
        for (String[] dep : new String[][] {{"commons-exec", "commons-exec"}, {"jackson-core", "jackson"},
                {"commons-compress", "commons-compress"}, {"zstd-jni", "zstd-jni"}}) {
            String expected = first(pom, "<" + dep[1] + ".version>([^<]+)</" + dep[1] + ".version>");
            assertThat(versions(gettingStarted, ":" + dep[0] + ":([0-9][^`\\s]*)")).as(dep[0]).containsOnly(expected);
        }
    }

    @Test
    void everyRelativeLinkResolvesAndNoPagePointsOutsideTheRepository() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("(https?|mailto):.*") || target.startsWith("#")) {
                    continue;
                }
                Path resolved = page.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                if (!resolved.startsWith(REPO) || !Files.exists(resolved)) {
                    broken.add(REPO.relativize(page) + ": " + target);
                }
            }
            String full = Files.readString(page);
            if (full.matches("(?s).*(\\.\\./shared/|/work/shared).*")) {
                broken.add(REPO.relativize(page) + ": refers to the unshipped shared/ directory");
            }
        }
        assertThat(broken).as("links that do not resolve inside the repository").isEmpty();
        assertThat(pages).as("user guide and internals are apart")
                .contains(REPO.resolve("docs/internals/architecture.md"), REPO.resolve("docs/getting-started.md"));
    }

    /** The lines between "// snippet-begin NAME" and "// snippet-end NAME", with their common indentation removed. */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals("// snippet-begin " + name)) begin = i;
            if (l.equals("// snippet-end " + name)) end = i;
        }
        assertThat(begin).as("region %s in %s", name, source).isNotNegative().isLessThan(end);
        List<String> region = lines.subList(begin + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        region.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return sb.toString();
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static List<String> versions(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().map(r -> r.group(1)).distinct().toList();
    }
}
