package dev.gotrail.junit;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.loader.PlaceSpec;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.SymbolVersion;
import dev.gotrail.loader.VersionProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link AssumeSharedLibs}: before each test, resolves the binary's shared libraries
 * with gotrail's loader emulation (nothing is executed), pushes the {@link LinkMap} into the test's
 * evidence bundle, keeps it in this extension's own store namespace for {@link LinkMap} parameters
 * and checks the assumption. Not met: {@link SkipPolicy#assumptionNotMet} (aborted with the
 * resolution evidence as the reason; a failure with {@code gotrail.strict=true}).
 *
 * <p>Thread-safe: each test resolves with its own {@link Loader} and keeps the result in its own
 * {@link ExtensionContext.Store}, keyed by its unique id; no static mutable state.
 */
final class AssumeSharedLibsExtension implements BeforeEachCallback, ParameterResolver {

    /** This extension's own store namespace: the link map of each test, keyed by the test's unique id. */
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AssumeSharedLibsExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        linkMap(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LinkMap.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@AssumeSharedLibs injects a LinkMap into test methods and "
                    + "@BeforeEach/@AfterEach methods only, not into constructors or @BeforeAll methods");
        }
        return linkMap(extensionContext);
    }

    private LinkMap linkMap(ExtensionContext context) {
        // Not getOrComputeIfAbsent: the store would memoise the abort/failure thrown while checking,
        // and every later read of the key would rethrow it.
        LinkMap known = context.getStore(NAMESPACE).get(context.getUniqueId(), LinkMap.class);
        return known != null ? known : resolveAndCheck(context);
    }

    private static LinkMap resolveAndCheck(ExtensionContext context) {
        ClosestAnnotation.Found<AssumeSharedLibs> found = ClosestAnnotation.find(context, AssumeSharedLibs.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "AssumeSharedLibsExtension is registered but no @AssumeSharedLibs is present on "
                                + context.getDisplayName() + "; annotate the test method or class with @AssumeSharedLibs"));
        AssumeSharedLibs a = found.annotation();
        Path root = Path.of(a.root().isEmpty() ? "/" : a.root());
        if (!Files.isDirectory(root)) {
            throw new ExtensionConfigurationException("@AssumeSharedLibs(root = \"" + a.root() + "\") on " + found.where()
                    + " is not a directory; point it at an extracted image or sysroot, or leave it at \"/\"");
        }
        for (String v : a.versions()) {
            // a bare number would be compared as a version name and never be "provided": say so instead
            if (!v.strip().matches("[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9][A-Za-z0-9._]*")) {
                throw new ExtensionConfigurationException("@AssumeSharedLibs(versions = \"" + v + "\") on " + found.where()
                        + " is not a symbol version name; write it as the loader does, prefix, underscore and number:"
                        + " \"GLIBC_2.34\", \"GLIBCXX_3.4.29\"");
            }
        }
        Optional<GoImageExtension.ImageUnderTest> image = GoImageExtension.image(context);
        if (image.isPresent() && !a.root().isEmpty() && !a.root().equals("/")) {
            throw new ExtensionConfigurationException("@AssumeSharedLibs(root = \"" + a.root() + "\") on " + found.where()
                    + " inside @GoImage (" + image.get().describe() + "): the image is the root; remove root, or the @GoImage");
        }
        // inside @GoImage the image is the root: its loader, with the image's LD_* Env and WorkingDir
        Loader base = image.map(i -> i.image().loader()).orElseGet(() -> Loader.at(root));
        Loader loader = a.asIfLdconfig() ? base.asIfLdconfig() : base;
        String where = image.map(i -> " in " + i.describe()).orElse(root.toString().equals("/") ? "" : " in root " + root);
        LinkMap map;
        String what;
        if (!a.place().isEmpty()) {
            Placed placed = placed(context, a, found.where(), image, root);
            what = placed.host() + " (a file of this machine) placed at " + placed.pathInRoot();
            map = loader.place(placed.host(), placed.pathInRoot());
        } else if (a.binary().isEmpty()) {
            Path go = ToolchainResolution.resolve(context).realGoBinary();
            if (image.isPresent()) {
                // an image toolchain's paths are paths inside the image
                what = "the go binary of the toolchain under test (" + go + ")";
                map = loader.resolve(go.toString());
            } else {
                // this machine's go, placed in the root where gotrail ldd --place puts it (one rule: Loader.defaultPlacement)
                map = loader.resolveFile(go);
                what = "the go binary of the toolchain under test (" + go + (root.toString().equals("/") ? ""
                        : ", placed at " + Loader.defaultPlacement(go)) + ")";
            }
        } else {
            what = a.binary();
            Optional<String> absent = absentBinary(a.binary(), image, root, loader);
            if (absent.isPresent()) {
                // still "not met" (a binary a later build step makes is a fair assumption), but say plainly
                // which file was looked for: a typo must not read like a loader problem
                throw SkipPolicy.assumptionNotMet(JupiterConfig.from(context), "@AssumeSharedLibs(binary = \"" + a.binary()
                        + "\") on " + found.where() + ": " + absent.get());
            }
            map = loader.resolve(a.binary());
        }
        // Evidence before checking: an unmet assumption throws below, and this link map explains it.
        EvidenceBundles.bundleFor(context).addLinkMap(map);
        context.getStore(NAMESPACE).put(context.getUniqueId(), map);
        List<String> unmet = unmet(a, map);
        if (!unmet.isEmpty()) {
            String reason = "@AssumeSharedLibs on " + found.where() + " not met for " + what
                    + where + ":\n  - " + String.join("\n  - ", unmet)
                    + "\n" + (image.isPresent() ? "The image" : "Root " + root) + " provides " + map.glibc().map(dev.gotrail.loader.GlibcRelease::describe)
                            .orElse("no glibc (no libc.so.6 for this binary's machine and class)")
                    + "\nResolution (as glibc's loader would, nothing executed):\n" + map.tree();
            throw SkipPolicy.assumptionNotMet(JupiterConfig.from(context), reason);
        }
        return map;
    }

    /** A file of this machine and where {@code place} puts it in the root. */
    private record Placed(Path host, String pathInRoot) {
    }

    /**
     * {@code place = "HOSTFILE[:/PATH]"} checked: a root to place into, not together with
     * {@code binary}, an existing regular file (a missing one is "not met", like a missing binary).
     */
    private static Placed placed(ExtensionContext context, AssumeSharedLibs a, String where, Optional<GoImageExtension.ImageUnderTest> image, Path root) {
        String attr = "@AssumeSharedLibs(place = \"" + a.place() + "\") on " + where;
        PlaceSpec spec = PlaceSpec.parse(a.place());
        Path host = spec.hostFile().toAbsolutePath().normalize();
        if (!a.binary().isEmpty()) {
            throw new ExtensionConfigurationException(attr + " together with binary = \"" + a.binary() + "\": binary names a file"
                    + " inside the root, place a file of this machine copied into it. Fix: keep one of them");
        }
        if (image.isEmpty() && root.toString().equals("/")) {
            throw new ExtensionConfigurationException(attr + " has no root to place the file into. Fix: add root = \"/path/to/an/extracted/root\""
                    + " or a @GoImage; for this machine itself use @AssumeSharedLibs(binary = \"" + host + "\")");
        }
        String pathInRoot = Path.of(spec.pathInRoot()).normalize().toString();
        if (Files.isDirectory(host)) {
            throw new ExtensionConfigurationException(attr + ": " + host + " is a directory. Fix: name the binary file itself");
        }
        if (!Files.isRegularFile(host)) {
            // still "not met", like a missing binary: a later build step may make it
            throw SkipPolicy.assumptionNotMet(JupiterConfig.from(context), attr + ": " + host + " does not exist on this machine"
                    + (spec.hostFile().isAbsolute() ? ""
                            : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")")
                    + ". Build it before this test runs, or correct place");
        }
        return new Placed(host, pathInRoot);
    }

    /**
     * Why {@code binary} cannot be found, naming the absolute path looked at and the fix; empty when
     * it exists. Under a root or an image, a binary that exists on this machine instead is named so,
     * with the way to check a file of this machine there ({@code place}).
     */
    private static Optional<String> absentBinary(String binary, Optional<GoImageExtension.ImageUnderTest> image, Path root, Loader loader) {
        String build = ". Build it before this test runs, or correct binary";
        if (image.isEmpty() && root.toString().equals("/")) {
            Path file = Path.of(binary).toAbsolutePath().normalize();
            return Files.exists(file) ? Optional.empty() : Optional.of(file + " does not exist"
                    + (Path.of(binary).isAbsolute() ? "" : " (relative to the working directory " + Path.of("").toAbsolutePath() + ")") + build);
        }
        if (loader.hostPath(binary).filter(Files::exists).isPresent()) {
            return Optional.empty();
        }
        String in = image.map(i -> "the image (" + i.describe() + ")").orElse("root " + root);
        Path onThisMachine = Path.of(binary).toAbsolutePath().normalize();
        if (!Files.isRegularFile(onThisMachine)) {
            return Optional.of(binary + " does not exist in " + in + build);
        }
        String attr = image.isPresent() ? "place = \"" + onThisMachine + "\"" : "place = \"" + onThisMachine + "\", root = \"" + root + "\"";
        String cli = image.map(i -> "--image " + i.image().source()).orElse("--root " + root);
        return Optional.of(binary + " does not exist in " + in + ", but it exists on this machine (" + onThisMachine + "): binary"
                + " names a file inside the root. Fix: to check this machine's file as if copied into the root, use"
                + " @AssumeSharedLibs(" + attr + ") (placed at " + Loader.defaultPlacement(onThisMachine) + "; elsewhere: place = \""
                + onThisMachine + ":/PATH\"), as Image.place(…) and gotrail ldd " + cli + " --place " + onThisMachine + " do;"
                + " or correct binary");
    }

    static List<String> unmet(AssumeSharedLibs a, LinkMap map) {
        List<String> unmet = new ArrayList<>();
        map.errors().forEach(e -> unmet.add(e.path() + ": " + e.message()));
        if (a.value().length == 0) {
            for (MissingLibrary m : map.missing()) {
                unmet.add(m.soname() + " not found (needed by " + m.neededBy() + "; tried " + String.join(", ", m.searched()) + ")");
            }
            for (VersionProblem v : map.versionProblems()) {
                if (!v.weak()) unmet.add(v.file() + ": " + v.message());
            }
        } else {
            for (String soname : a.value()) {
                if (map.find(soname).isEmpty()) {
                    String tried = map.missing().stream().filter(m -> m.soname().equals(soname)).findFirst()
                            .map(m -> " (needed by " + m.neededBy() + "; tried " + String.join(", ", m.searched()) + ")")
                            .orElse(" (the binary does not load it at all)");
                    unmet.add(soname + " not found" + tried);
                }
            }
        }
        for (String v : a.versions()) {
            if (!map.provides(v)) {
                unmet.add("symbol version " + v + " is not provided by any loaded object" + newestProvided(map, v));
            }
        }
        return unmet;
    }

    /** " (newest GLIBC provided: GLIBC_2.31)" for the prefix of {@code wanted}, or "". */
    private static String newestProvided(LinkMap map, String wanted) {
        Optional<SymbolVersion> w = SymbolVersion.parse(wanted);
        if (w.isEmpty()) {
            return "";
        }
        return map.providedVersions().stream().map(SymbolVersion::parse).flatMap(Optional::stream)
                .filter(v -> v.prefix().equals(w.get().prefix())).max(SymbolVersion::compareTo)
                .map(v -> " (newest " + w.get().prefix() + " provided: " + v.versionName() + ")").orElse("");
    }
}
