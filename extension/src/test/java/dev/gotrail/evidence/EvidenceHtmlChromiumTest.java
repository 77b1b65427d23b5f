package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.assertj.Gcc;
import dev.gotrail.assertj.GotrailAssertions;
import dev.gotrail.assertj.RealToolchains;
import dev.gotrail.junit.GoCommand;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a real evidence.html (real go, real strace) in headless Chromium: the screenshot must
 * not be blank, the rendered DOM must hold the key facts, the inline script must have run (it
 * fills the line counters and applies the {@code #filter=} preset) and hostile text must arrive
 * as text, not markup. Chromium runs with networking features off; the page's CSP forbids fetches.
 */
class EvidenceHtmlChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void evidencePageRendersWithItsFactsAndAWorkingFilter() throws Exception {
        Path html = writeEvidence();

        Path png = tmp.resolve("evidence.png");
        CommandResult shot = chromium("--screenshot=" + png, "--window-size=1280,1600", html.toUri().toString());
        assertThat(png).as(shot.describe()).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat(nonWhite * 100 / sampled).as("percent of non-white pixels").isGreaterThan(20);
        Path docsCopy = Path.of(System.getProperty("gotrail.docs.screenshot", ""));
        if (!docsCopy.toString().isEmpty()) {
            Files.copy(png, docsCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // refreshes docs/images on request
        }

        String dom = chromium("--dump-dom", html.toUri() + "#filter=ENOENT").stdout();
        assertThat(dom).contains("FAILED", "Toolchain", "/usr/lib/go-1.21", "EXE_DERIVED", "Process tree", "Failed accesses",
                "Raw trace", "execve(", "go env GOROOT", "to use GOROOT", "/usr/lib/go-1.21/bin/go env GOROOT -&gt; exit 0",
                "Link maps", "libc.so.6 [ld.so.cache]", "libgreet.so.1 not found", "tried " + tmp.resolve("app/lib/libgreet.so.1"));
        // hostile text is escaped, never markup
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=\"x\"");
        // the script ran: it applied the preset filter and filled the counter
        Matcher counter = Pattern.compile("id=\"raw-1-count\">(\\d+) of (\\d+) lines<").matcher(dom);
        assertThat(counter.find()).as("filter counter filled in by the inline script").isTrue();
        int shown = Integer.parseInt(counter.group(1));
        int total = Integer.parseInt(counter.group(2));
        assertThat(shown).isPositive().isLessThan(total);
        List<String> visibleRows = new ArrayList<>();
        Matcher row = Pattern.compile("<div class=\"l[^\"]*\"( style=\"display: none;\")?><span class=\"ln\">\\d+</span>([^<]*)</div>").matcher(dom);
        while (row.find()) {
            if (row.group(1) == null) {
                visibleRows.add(row.group(2));
            }
        }
        assertThat(visibleRows).hasSize(shown).allSatisfy(r -> assertThat(r).containsIgnoringCase("enoent"));
        // self-contained: no element or rule loads another resource (text is escaped, so none can come from the evidence)
        assertThat(Files.readString(html)).doesNotContain("<link", "<img", "<iframe", "<object", " src=\"", " href=\"", "@import")
                .contains("Content-Security-Policy\" content=\"default-src 'none';");
    }

    /**
     * A realistic failure: a real trace of {@code go env GOROOT} (go 1.21), the real toolchain, a
     * real link map of a gcc-built program whose library is missing, and the real AssertJ failure
     * of {@code usedGoroot("/usr/local/go")}.
     */
    private Path writeEvidence() throws Exception {
        Path go = RealTools.go("1.21");
        RealTools.strace();
        GoTrace trace = GoCommand.of(RealToolchains.of(go)).args("env", "GOROOT").dir(tmp).unsetEnv("GOROOT").trace();
        CommandResult version = CommandRunner.run(CommandSpec.of(go.toString(), "version").withDir(tmp).withoutEnv("GOROOT"));
        assertThat(trace.failedAccesses()).as("go probes files that do not exist").isNotEmpty();

        Path lib = Files.createDirectories(tmp.resolve("app/lib"));
        Gcc.build(lib, "libgreet.so.1", "int greet(void) { return 42; }\n", "-shared", "-fPIC", "-Wl,-soname,libgreet.so.1");
        Path app = Gcc.build(tmp.resolve("app"), "app", "int greet(void);\nint main(void) { return greet(); }\n",
                "-L" + lib, "-l:libgreet.so.1", "-Wl,-rpath,$ORIGIN/lib", "-Wl,--enable-new-dtags");
        Files.delete(lib.resolve("libgreet.so.1"));
        LinkMap map = Loader.at("/").resolve(app);

        AssertionError failure = null;
        try {
            GotrailAssertions.assertThat(trace).usedGoroot("/usr/local/go");
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).isNotNull();

        EvidenceBundle bundle = new EvidenceBundle("[engine:junit-jupiter]/[class:com.example.ImageTest]/[method:usesLocalGo()]",
                "ImageTest > usesLocalGo()");
        bundle.addExpectation("the image's go uses GOROOT /usr/local/go");
        bundle.addToolchain(RealToolchains.of(go));
        bundle.addCommand(version);
        bundle.addTrace(trace);
        bundle.addLinkMap(map);
        bundle.addNote("hostile text <img src=x onerror=alert(1)> must stay text");
        WrittenEvidence written = new EvidenceWriter(EvidenceWriter.redactorFor(bundle, SecretNames.withExtra("")))
                .write(bundle, Verdict.failedWith(failure), tmp.resolve("evidence"));
        return written.html();
    }

    private CommandResult chromium(String... args) {
        List<String> command = new ArrayList<>(List.of(RealTools.chromium().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile-" + System.nanoTime())));
        command.addAll(List.of(args));
        CommandResult result = CommandRunner.run(CommandSpec.of(command).withDir(tmp).withTimeout(Duration.ofSeconds(90)));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result;
    }
}
