package dev.gotrail.cli;

import dev.gotrail.image.Image;
import dev.gotrail.image.ImageFormatException;
import dev.gotrail.image.ImageLayer;
import dev.gotrail.json.Json;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.FindingId;
import dev.gotrail.toolchain.GoToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gotrail image}: what a Go toolchain image really holds, read from its files without a
 * daemon and without running anything (docs/cli.md): platform, layers, libc, every go on the image's
 * PATH with version, effective GOROOT and source by cmd/go's rules, findings with fixes, and each
 * go binary's link map and glibc floor. Exit 1 when a toolchain has a problem (or there is none).
 */
@Command(name = "image", sortOptions = false,
        // One element per paragraph: picocli wraps each at its width, so an element is never a line fragment.
        description = {"What a Go toolchain image holds, read without a daemon and without running anything.",
                "Shows the platform, layers, libc, every go on the image's PATH with its version, the effective GOROOT"
                        + " and its source (cmd/go's rules applied to the image), findings with fixes, and each go binary's"
                        + " link map and glibc floor."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:healthy", "1:problems found (or no go on the image's PATH)",
                "2:usage error, or an image that cannot be read (corrupt, truncated, hostile, no such platform)"})
final class ImageCommand extends CliCommand {

    @Option(names = "--json", description = "JSON (keys: docs/cli.md).")
    boolean json;

    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "The platform to read from a multi-platform image (default: its only one, else this machine's).")
    String platform;

    @Option(names = "--run", description = "Also run a traced 'go env GOROOT' inside the image (each go on its PATH) as proof:"
            + " bubblewrap, or chroot as root (gotrail.sandbox); strace from outside. Exit 2 when no sandbox or tracer is usable.")
    boolean run;

    @Parameters(paramLabel = "IMAGE", arity = "1",
            description = "A docker save/podman save archive, an OCI image layout (directory or tar; LAYOUT:REF"
                    + " names one of several images), or an extracted root directory.")
    String image;

    /** Set by {@code gotrail doctor --image}: exit 1 only for an ERROR finding (docs/doctor.md's severity rule). */
    boolean errorsOnly;

    /** Where Go toolchains are installed in images: the official image's tree and Debian's packages. */
    private static final List<String> GO_INSTALLS = Image.GO_INSTALLS; // shared with @GoImage's @RequiresGoroot(go)

    /**
     * No go on the image's PATH: the fix names the bin directory of a go the image does hold, or
     * says that it holds none (a runtime image, or Go is still to be installed).
     */
    static Finding goNotOnPath(Image img) {
        String path = img.config().containerEnv().get("PATH");
        String message = "no executable named go in any PATH directory of the image (PATH=" + path + ")";
        for (String go : GO_INSTALLS) {
            Optional<Path> host = img.loader().hostPath(go);
            if (host.isPresent() && Files.isRegularFile(host.get())) {
                String bin = go.substring(0, go.length() - "/go".length());
                return new Finding(FindingId.GO_NOT_ON_PATH, Finding.Severity.ERROR, message + "; the image has " + go,
                        "add its bin directory to the image's PATH: ENV PATH=" + bin + ":$PATH");
            }
        }
        return new Finding(FindingId.GO_NOT_ON_PATH, Finding.Severity.ERROR,
                message + "; nor is there a Go toolchain at " + String.join(", ", GO_INSTALLS.subList(0, 2)) + " or /usr/lib/go-X.Y",
                "if this is a runtime image, it needs no go (check its binaries with gotrail ldd --image); to build in it,"
                        + " install Go (COPY --from=golang:1.23 /usr/local/go /usr/local/go, or apt-get install golang) and put its"
                        + " bin directory on ENV PATH");
    }

    @Override
    public Integer call() {
        Image img;
        try {
            img = Image.open(Path.of(image), platform);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (dev.gotrail.image.NoSuchPlatformException e) {
            err.println("gotrail image: " + e.getMessage() + ". Fix: choose one with --platform, e.g. --platform "
                    + e.offered().get(0));
            return USAGE;
        } catch (ImageFormatException e) {
            err.println("gotrail image: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("gotrail image: " + CliCommand.naming(image, e));
            return USAGE;
        }
        List<GoToolchain> toolchains = img.toolchains();
        List<LinkMap> maps = img.toolchainLinkMaps();
        List<Finding> imageFindings = new ArrayList<>();
        if (toolchains.isEmpty()) {
            imageFindings.add(goNotOnPath(img));
        }
        boolean problems = !imageFindings.isEmpty() || toolchains.stream().anyMatch(t -> errorsOnly
                ? t.findings().stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR) : !t.problems().isEmpty());
        ImageRun.Report report = run ? ImageRun.run(img, toolchains, dev.gotrail.config.GotrailConfig.fromSystemProperties()) : null;
        if (json) {
            Map<String, Object> m = toJsonMap(img, toolchains, maps, imageFindings);
            if (report != null) m.put("run", report.toJsonMap());
            out.println(Json.write(m));
        } else {
            print(img, toolchains, maps, imageFindings);
            if (report != null) printRun(report);
        }
        if (report != null && !report.unavailable().isEmpty()) {
            err.println("gotrail image --run: " + report.unavailable());
            return USAGE; // a missing prerequisite (docs/cli.md)
        }
        return problems || (report != null && report.problems()) ? PROBLEMS : OK;
    }

    /** docs/cli.md: {image, digest, platform, libc {flavour, version}, toolchains [doctor's keys + glibcFloor], findings}. */
    static Map<String, Object> toJsonMap(Image img, List<GoToolchain> toolchains, List<LinkMap> maps, List<Finding> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", img.source().toString());
        m.put("format", img.format());
        m.put("digest", img.digest());
        m.put("platform", img.platform().toString());
        Map<String, Object> libc = new LinkedHashMap<>();
        libc.put("flavour", img.libc().flavour().name());
        libc.put("version", img.libc().version());
        libc.put("path", img.libc().path());
        m.put("libc", libc);
        m.put("layers", img.layers().stream().map(ImageCommand::layer).toList());
        List<Object> tcs = new ArrayList<>();
        for (int i = 0; i < toolchains.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>(toolchains.get(i).toJsonMap());
            LinkMap map = maps.get(i);
            t.put("glibcFloor", map.maxVersion("GLIBC").map(Object::toString).orElse(null));
            t.put("linkMap", map.toJsonMap());
            tcs.add(t);
        }
        m.put("toolchains", tcs);
        m.put("findings", findings.stream().map(Finding::toJsonMap).toList());
        m.put("skippedEntries", img.skippedEntries());
        return m;
    }

    private static Map<String, Object> layer(ImageLayer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("digest", l.digest());
        m.put("mediaType", l.mediaType());
        m.put("size", l.size());
        m.put("compression", l.compression());
        return m;
    }

    private void print(Image img, List<GoToolchain> toolchains, List<LinkMap> maps, List<Finding> findings) {
        out.println("image     " + img.source() + " (" + img.format() + (img.digest().isEmpty() ? "" : ", " + img.digest()) + ")");
        out.println("platform  " + img.platform());
        out.println("layers    " + img.layers().size() + (img.layers().isEmpty() ? ""
                : " (" + String.join(", ", img.layers().stream().map(ImageLayer::compression).toList()) + ")"));
        out.println("libc      " + img.libc() + (img.libc().path().isEmpty() ? "" : " (" + img.libc().path() + ")"));
        out.println("PATH      " + img.config().containerEnv().get("PATH"));
        for (int i = 0; i < toolchains.size(); i++) {
            GoToolchain t = toolchains.get(i);
            LinkMap map = maps.get(i);
            out.println();
            out.println("go        " + t.goBinary() + (t.realGoBinary().equals(t.goBinary()) ? "" : " -> " + t.realGoBinary()));
            out.println("  version     " + t.version());
            out.println("  GOROOT      " + (t.goroot().toString().isEmpty() ? "(built into the binary; unknown)" : t.goroot())
                    + " (" + t.gorootSource() + ")");
            out.println("  linkage     " + (map.isStatic() ? "static" : "dynamic, needs GLIBC "
                    + map.maxVersion("GLIBC").map(Object::toString).orElse("(none)")) + (map.isComplete() ? "" : ", INCOMPLETE"));
            t.findings().forEach(f -> printFinding(f, "  "));
        }
        findings.forEach(f -> printFinding(f, ""));
    }

    private void printRun(ImageRun.Report report) {
        out.println();
        out.println("run       " + (report.unavailable().isEmpty() ? "go env GOROOT inside the image, " + report.sandbox() + ", traced by "
                + report.tracer() : "not run: " + report.unavailable()));
        for (ImageRun.Result r : report.results()) {
            out.println("  " + String.join(" ", r.command()) + " -> " + (r.exitCode() == 0 ? r.printed() : "exit " + r.exitCode()));
            if (r.traced().path() != null) {
                out.println("    trace GOROOT  " + r.traced().path() + " (" + r.traced().source() + ")");
            }
            r.traced().evidence().forEach(e -> out.println("      " + e));
            r.traced().confirmations().forEach(e -> out.println("      " + e));
            out.println("    static        " + (r.expected().isEmpty() ? "(built into the binary; unknown)" : r.expected())
                    + (r.findings().isEmpty() ? "  [agrees]" : ""));
            r.findings().forEach(f -> printFinding(f, "    "));
        }
    }

    private void printFinding(Finding f, String indent) {
        out.println(indent + "[" + f.severity() + "] " + f.id().id() + ": " + f.message());
        if (f.fix() != null && !f.fix().isEmpty()) {
            out.println(indent + "    fix: " + f.fix());
        }
    }
}
