package dev.gotrail.cli;

import dev.gotrail.image.Image;
import dev.gotrail.image.Placement;
import dev.gotrail.json.Json;
import java.io.IOException;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.PlaceSpec;
import dev.gotrail.loader.MissingLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gotrail ldd}: resolves shared libraries statically, exactly as glibc's loader would (or
 * musl's, for a program whose interpreter is {@code ld-musl-<arch>.so.1}), without executing the binary. Prints a libtree-like tree with the reason beside each library,
 * or JSON with {@code --json}. Exit 1 when a library is missing, a non-weak symbol version is not
 * provided or a candidate stops the loader.
 */
@Command(name = "ldd", sortOptions = false,
        // One element per paragraph: picocli wraps each at its width, so an element is never a line fragment.
        description = {"Resolve shared libraries statically, as glibc's loader would (musl's for musl programs).",
                "Prints a libtree-like tree with the reason beside each library. Never executes BINARY."},
        exitCodeListHeading = CliCommand.EXIT_CODES_HEADING,
        exitCodeList = {"0:resolved", "1:missing libraries, version problems or loader errors",
                "2:usage error or a BINARY that cannot be read"})
final class LddCommand extends CliCommand {

    @Option(names = "--json", description = "JSON: one object per binary (an array when several are given).")
    boolean json;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Resolve inside an extracted image or sysroot; BINARY and every path are inside DIR.")
    String root;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Resolve inside a container image (docker save/podman save archive, OCI layout directory or"
                    + " tar, LAYOUT:REF) as --root does inside a directory; the image is unpacked into the cache once.")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform of a multi-platform --image.")
    String platform;

    @Option(names = "--place", paramLabel = "HOSTFILE[:PATH]",
            description = "Resolve a file of this machine as if copied into the root or image at PATH"
                    + " (default /usr/local/bin/<name>): would this binary run there? Needs --root or --image. Repeatable.")
    List<String> place = new ArrayList<>();

    @Option(names = "--as-if-ldconfig",
            description = "A root without /etc/ld.so.cache: answer as if `ldconfig -r DIR` had run (labelled so,"
                    + " reason AS_IF_LDCONFIG); without it such a root is answered as it is (trusted directories only).")
    boolean asIfLdconfig;

    @Option(names = "-e", paramLabel = "NAME=VALUE",
            description = "Loader environment, e.g. -e LD_LIBRARY_PATH=/opt/lib (nothing is inherited). Repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Parameters(paramLabel = "BINARY", arity = "0..*", description = "The ELF files to resolve (inside the root or image).")
    List<String> binaries = new ArrayList<>();

    @Override
    public Integer call() {
        if (binaries.isEmpty() && place.isEmpty()) {
            throw new UsageException("name a BINARY or --place HOSTFILE[:PATH]");
        }
        if (image != null && !root.equals("/")) {
            throw new UsageException("--root and --image exclude each other");
        }
        if (!place.isEmpty() && image == null && Path.of(root).normalize().equals(Path.of("/"))) {
            // "as if copied into this machine's /" is no question --place can answer: the file is already here
            throw new UsageException("--place needs a root to place into: add --root DIR or --image IMAGE"
                    + " (for this machine itself run gotrail ldd " + PlaceSpec.parse(place.get(0)).hostFile() + ")");
        }
        Image img = null;
        if (image != null || !place.isEmpty()) {
            try {
                img = Image.open(Path.of(image != null ? image : root), platform);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } catch (dev.gotrail.image.NoSuchPlatformException e) {
                err.println("gotrail ldd: " + e.getMessage() + ". Fix: choose one with --platform, e.g. --platform "
                        + e.offered().get(0));
                return USAGE;
            } catch (IOException e) {
                err.println("gotrail ldd: " + e.getMessage());
                return USAGE;
            }
        }
        Path rootPath = img != null ? img.root() : Path.of(root);
        if (CliPaths.directoryProblem(rootPath).isPresent()) {
            throw new UsageException("--root " + root + ": " + CliPaths.directoryProblem(rootPath).get());
        }
        Loader loader = (img != null && image != null ? img.loader() : Loader.at(rootPath)).env(env);
        // An image run names the image, never the cache directory it is unpacked into.
        UnaryOperator<String> shown = image == null ? UnaryOperator.identity() : imageNames(rootPath, image);
        if (asIfLdconfig) {
            loader = loader.asIfLdconfig();
        }
        boolean problems = false;
        boolean unreadable = false;
        List<Object> reports = new ArrayList<>();
        for (String b : binaries) {
            LinkMap map = loader.resolve(b);
            problems |= !map.isComplete();
            Optional<String> cannotRead = map.errors().stream().anyMatch(e -> e.path().equals(map.binary()))
                    ? cannotRead(rootPath, b) : Optional.empty();
            if (cannotRead.isPresent()) {
                err.println(shown.apply("gotrail ldd: " + b + ": " + cannotRead.get()));
                unreadable = true;
                if (!json) {
                    continue; // said once, on stderr: its "tree" would be the same error again
                }
            }
            if (json) {
                reports.add(map.toJsonMap());
            } else {
                out.print(shown.apply(map.tree()));
                if (!map.missing().isEmpty()) {
                    out.println("missing: " + String.join(", ", map.missing().stream().map(MissingLibrary::soname).toList()));
                }
                if (!map.maxVersions().isEmpty()) {
                    out.println("needs at most: " + String.join(", ", map.maxVersions().entrySet().stream()
                            .map(e -> e.getKey() + "_" + e.getValue()).toList()));
                }
                if (binaries.size() > 1) {
                    out.println();
                }
            }
        }
        for (String p : place) {
            PlaceSpec spec = PlaceSpec.parse(p);
            Path host = spec.hostFile();
            String inRoot = spec.pathInRoot();
            if (!Files.isRegularFile(host)) {
                err.println("gotrail ldd: --place " + p + ": " + host + (Files.isDirectory(host) ? " is a directory" : ": no such file"));
                unreadable = true;
                continue;
            }
            Placement placement = Placement.in(img, loader, host, inRoot);
            LinkMap map = placement.linkMap();
            problems |= !placement.wouldRun();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>(map.toJsonMap());
                m.put("placedFrom", host.toAbsolutePath().toString());
                m.put("libc", img.libc().toString());
                m.put("problems", placement.problems());
                reports.add(m);
            } else {
                out.println(host.toAbsolutePath() + " placed at " + inRoot + " in " + (image != null ? image : root) + " (" + img.libc() + ")");
                out.print(shown.apply(map.tree()));
                placement.problems().forEach(line -> out.println(shown.apply("problem: " + line)));
                out.println(placement.wouldRun() ? "would run: yes" : "would run: NO");
                if (place.size() + binaries.size() > 1) {
                    out.println();
                }
            }
        }
        if (json) {
            // One binary: its object; several: an array of them, in argument order.
            out.println(shown.apply(Json.write(reports.size() == 1 ? reports.get(0) : reports)));
        }
        // An input that cannot be read is exit 2 (docs/cli.md), whatever else was found.
        return unreadable ? USAGE : problems ? PROBLEMS : OK;
    }

    /**
     * Text of an image run with the directory the image is unpacked into ({@code rootfs} in the
     * image cache) replaced by the image as the user named it: {@code ROOTFS/usr/lib/x} becomes
     * {@code IMAGE:/usr/lib/x}, {@code ROOTFS} alone {@code IMAGE}.
     */
    static UnaryOperator<String> imageNames(Path rootfs, String image) {
        List<String> roots = new ArrayList<>(List.of(rootfs.toString()));
        try {
            roots.add(rootfs.toRealPath().toString()); // the loader may name the real path (a cache under a symlink)
        } catch (IOException e) {
            // the named path is all there is
        }
        return text -> {
            String t = text;
            for (String r : roots) {
                t = t.replace(r + "/", image + ":/").replace(r, image);
            }
            return t;
        };
    }

    /**
     * Why BINARY itself cannot be read (missing, a directory, no permission), or empty. Asked only
     * when the loader reported an error on BINARY, so both must agree before the input is called
     * unreadable (exit 2); a BINARY that is read but is no ELF file stays a loader error (exit 1),
     * as glibc's ldd reports it. Inside a root a final symbolic link is left to the loader, which
     * resolves it within the root.
     */
    static Optional<String> cannotRead(Path root, String binary) {
        boolean hostRoot = root.toAbsolutePath().normalize().equals(Path.of("/"));
        Path host = hostRoot ? Path.of(binary) : root.resolve(binary.replaceFirst("^/+", ""));
        if (!hostRoot && Files.isSymbolicLink(host)) {
            return Optional.empty();
        }
        if (!Files.exists(host)) {
            return Optional.of("no such file");
        }
        if (Files.isDirectory(host)) {
            return Optional.of("is a directory");
        }
        return Files.isReadable(host) ? Optional.empty() : Optional.of("permission denied");
    }
}
