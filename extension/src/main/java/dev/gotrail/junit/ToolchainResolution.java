package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.image.Image;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.DiscoveryResult;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.NoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.toolchain.VersionConstraint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Resolves the Go toolchain under test for a test or container: the effective
 * {@link RequiresGoroot} (found by {@link ClosestAnnotation}: method over class, innermost
 * {@code @Nested} class first, meta-annotations included; its defaults when there is none),
 * discovery (cached per JVM), then the requirement checks. Used by {@code RequiresGorootExtension}
 * and by the other gotrail extensions ({@code @TraceGoCommand}, {@code @AssumeSharedLibs}) that
 * need "the toolchain under test".
 *
 * <p>No toolchain found: {@link SkipPolicy#missing} decides (fails with {@link NoToolchain#message()},
 * every source consulted and the fix; aborts with {@code gotrail.missing=skip}; fails again under
 * {@code gotrail.strict=true}). Found but wrong (version, GOROOT, inconsistent, broken): always fails.
 *
 * <p>The toolchain is resolved once per context: the result is kept in this class's own store
 * namespace (read by no one else), keyed by the context's unique id so that a test never sees its
 * class's entry, and pushed into the context's evidence bundle together with the requirement.
 */
final class ToolchainResolution {

    /** This class's own store namespace: the resolved toolchain per context unique id. */
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ToolchainResolution.class);

    /** The effective requirement: the annotation's attributes with {@code go} resolved through the configuration. */
    record Requirement(String go, String goroot, String version, boolean consistent, String declaredOn) {
        String describe() {
            List<String> parts = new ArrayList<>();
            parts.add("go=" + (go.isEmpty() ? "first go on PATH" : go));
            if (!goroot.isEmpty()) parts.add("value=" + goroot);
            if (!version.isEmpty()) parts.add("version=" + version);
            parts.add("consistent=" + consistent);
            return "@RequiresGoroot(" + String.join(", ", parts) + ") from " + declaredOn;
        }
    }

    private ToolchainResolution() {
    }

    /**
     * The toolchain under test for {@code context}, checked against the effective
     * {@code @RequiresGoroot}; throws a failure or an abort as described on the class.
     */
    static GoToolchain resolve(ExtensionContext context) {
        GoToolchain known = context.getStore(NAMESPACE).get(context.getUniqueId(), GoToolchain.class);
        return known != null ? known : resolve(context, System.getenv());
    }

    private static GoToolchain resolve(ExtensionContext context, Map<String, String> environment) {
        Optional<GoImageExtension.ImageUnderTest> image = GoImageExtension.image(context);
        if (image.isPresent()) {
            return resolveInImage(context, image.get());
        }
        Requirement requirement = requirement(context);
        GotrailConfig config = JupiterConfig.from(context);
        // gotrail.timeout bounds each discovery command too (go env hanging on a network filesystem)
        DiscoveryRequest request = new DiscoveryRequest(requirement.go(), environment, null, config.timeout());
        DiscoveryResult result = ToolchainDiscovery.discover(request);
        if (result instanceof NoToolchain none) {
            String message = none.message() + "\n(required by " + requirement.describe() + ")";
            // evidence of the discovery, so a failing test leaves files (summary.txt has the whole message)
            recordNoToolchain(context, requirement, none);
            if (none.isMissing()) {
                throw SkipPolicy.missing(config, message, null);
            }
            throw new AssertionFailedError(message);
        }
        GoToolchain toolchain = result.toolchain().orElseThrow();
        // Evidence before checking: a toolchain that does not meet the requirement is what explains the failure.
        EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
        bundle.addExpectation(requirement.describe());
        bundle.addToolchain(toolchain);
        check(requirement, toolchain, ToolchainResolution::realPath, "", constraint -> installedSatisfying(environment, toolchain, constraint));
        context.getStore(NAMESPACE).put(context.getUniqueId(), toolchain);
        return toolchain;
    }

    /**
     * Pushes what discovery found when it found no usable go into the evidence: the requirement and
     * one note per fact (the first finding, installs not on PATH, every source consulted), so the
     * failure leaves a bundle — and files — like every other gotrail failure.
     */
    private static void recordNoToolchain(ExtensionContext context, Requirement requirement, NoToolchain none) {
        EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
        bundle.addExpectation(requirement.describe());
        bundle.addNote((none.isMissing() ? "no Go toolchain found: " : "the Go toolchain does not work: ")
                + none.findings().get(0).message());
        bundle.addNote(none.installsNotOnPath().isEmpty()
                ? "installed gos not on PATH: none at " + String.join(", ", none.knownLocations())
                : "installed gos not on PATH: " + none.installsNotOnPath().stream().map(Object::toString)
                        .reduce((a, b) -> a + "; " + b).orElse(""));
        bundle.addNote("sources consulted: " + String.join("; ", none.consulted()));
        if (none.lastCommand() != null) {
            bundle.addCommand(none.lastCommand());
        }
    }

    /**
     * Inside {@code @GoImage}: the image's toolchain, found from its files (nothing runs): the go
     * named by {@code @RequiresGoroot(go)} (a path inside the image, on its PATH or not, as long as
     * the image holds an executable go there), else the first on the image's PATH; checked with paths
     * inside the image. {@code gotrail.go} names a go of this machine and is not used. An image
     * without that go, or whose go is broken (an ERROR finding), fails; the message lists the gos
     * the image holds ({@link dev.gotrail.image.Image#goBinaries()}, those off PATH included).
     */
    private static GoToolchain resolveInImage(ExtensionContext context, GoImageExtension.ImageUnderTest image) {
        Optional<ClosestAnnotation.Found<RequiresGoroot>> found = ClosestAnnotation.find(context, RequiresGoroot.class);
        Requirement host = requirement(context);
        String go = found.map(f -> f.annotation().go().strip()).orElse("");
        Requirement requirement = new Requirement(go, host.goroot(), host.version(), host.consistent(),
                host.declaredOn() + ", inside " + image.describe());
        Image img = image.image();
        if (!go.isEmpty() && !go.startsWith("/")) {
            throw new ExtensionConfigurationException("@RequiresGoroot(go = \"" + go + "\") on " + host.declaredOn() + ", inside "
                    + image.describe() + ": inside @GoImage go names a go binary by its absolute path inside the image."
                    + " Fix: write it so, e.g. @RequiresGoroot(go = \"" + img.goBinaries().stream().findFirst().orElse("/usr/local/go/bin/go")
                    + "\")");
        }
        Optional<GoToolchain> chosen = go.isEmpty() ? img.toolchains().stream().findFirst() : img.toolchain(go);
        if (chosen.isEmpty()) {
            EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
            bundle.addExpectation(requirement.describe());
            bundle.addNote("the go binaries of " + image.describe() + " (on its PATH first): " + img.goBinaries()
                    + " (image config Env PATH=" + img.config().containerEnv().getOrDefault("PATH", "") + ")");
            throw new AssertionFailedError(notInImage(go, image, requirement));
        }
        GoToolchain toolchain = chosen.get();
        EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
        bundle.addExpectation(requirement.describe());
        bundle.addToolchain(toolchain);
        dev.gotrail.loader.Loader loader = img.loader();
        // the headline names the image (requirement.describe()); the problems say "inside the image"
        check(requirement, toolchain, p -> loader.realPathInRoot(p.toString()).map(Path::of), " inside the image",
                constraint -> img.goBinaries().stream().map(img::toolchain).flatMap(Optional::stream)
                        .filter(t -> !t.realGoBinary().equals(toolchain.realGoBinary()) && constraint.isSatisfiedBy(t.version()))
                        .findFirst().map(t -> new OtherGo(t.goBinary().toString(), t.version().toString())));
        context.getStore(NAMESPACE).put(context.getUniqueId(), toolchain);
        return toolchain;
    }

    /** Why the image has no go to test (none on PATH, or not the named one), what it does hold, and a fix that works. */
    private static String notInImage(String go, GoImageExtension.ImageUnderTest image, Requirement requirement) {
        Image img = image.image();
        List<String> held = img.goBinaries();
        String path = img.config().containerEnv().getOrDefault("PATH", "");
        StringBuilder sb = new StringBuilder();
        if (go.isEmpty()) {
            sb.append("No go on the PATH of ").append(image.describe());
            if (!held.isEmpty()) sb.append("; the image holds ").append(String.join(", ", held)).append(" (not on its PATH)");
        } else {
            sb.append("@RequiresGoroot(go = \"").append(go).append("\") is not an executable go in ").append(image.describe())
                    .append("; the image's go binaries are ").append(held);
        }
        sb.append("\nImage config Env PATH=").append(path).append("\n(required by ").append(requirement.describe()).append(')');
        if (held.isEmpty()) {
            sb.append("\nFix: add Go to the image (e.g. COPY --from=golang:1.23 /usr/local/go /usr/local/go) and its bin directory to"
                    + " ENV PATH, or point @GoImage at an image that has Go");
        } else {
            String first = held.get(0);
            sb.append(go.isEmpty() ? "\nFix: name it: " : "\nFix: name one of them: ").append("@RequiresGoroot(go = \"").append(first)
                    .append("\")");
            if (go.isEmpty()) {
                sb.append(", or add its bin directory to the image's PATH (ENV PATH=")
                        .append(first.substring(0, first.length() - "/go".length())).append(":$PATH)");
            }
        }
        return sb.toString();
    }

    /** The toolchain resolved for exactly {@code context} (not a parent) by an earlier resolve, if any. */
    static Optional<GoToolchain> recorded(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(context.getUniqueId(), GoToolchain.class));
    }

    /** The go command the tests get injected: the discovery environment and gotrail.timeout. */
    static GoCommand goCommand(ExtensionContext context, GoToolchain toolchain) {
        Optional<GoImageExtension.ImageUnderTest> image = GoImageExtension.image(context);
        GoCommand go = GoCommand.of(toolchain, image.isPresent() ? Map.of() : System.getenv(), JupiterConfig.from(context).timeout())
                .withTracing(GoTracing.forTest(context)); // trace()/shim() logs live with the test
        // inside @GoImage go runs in the image's root, under the sandbox gotrail.sandbox selects
        return image.isEmpty() ? go : go.inImage(GoImageExtension.sandbox(context, image.get()), image.get().describe());
    }

    static Requirement requirement(ExtensionContext context) {
        Optional<ClosestAnnotation.Found<RequiresGoroot>> found = ClosestAnnotation.find(context, RequiresGoroot.class);
        String declaredOn = found.map(ClosestAnnotation.Found::where).orElse("defaults (no @RequiresGoroot)");
        GotrailConfig config = JupiterConfig.from(context);
        RequiresGoroot a = found.map(ClosestAnnotation.Found::annotation).orElse(null);
        String go = a != null && !a.go().isBlank() ? a.go().strip() : config.go().orElse("");
        String goroot = a == null ? "" : a.value().strip();
        String version = a == null ? "" : a.version().strip();
        boolean consistent = a == null || a.consistent();
        if (!version.isEmpty()) {
            try {
                VersionConstraint.parse(version);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@RequiresGoroot(version = \"" + version + "\") on " + declaredOn
                        + ": " + e.getMessage());
            }
        }
        return new Requirement(go, goroot, version, consistent, declaredOn);
    }

    /** A go other than the toolchain under test that satisfies a version constraint: its path and version. */
    record OtherGo(String path, String version) {
    }

    /**
     * The first install of this machine ({@link ToolchainDiscovery#knownInstalls}: {@code /usr/lib/go-*},
     * {@code /usr/local/go}, {@code ~/sdk/go*}, …; read, never run) whose VERSION satisfies
     * {@code constraint}, other than {@code toolchain}'s own binary.
     */
    private static Optional<OtherGo> installedSatisfying(Map<String, String> environment, GoToolchain toolchain,
            VersionConstraint constraint) {
        return ToolchainDiscovery.knownInstalls(environment).stream()
                .filter(i -> !i.realBinary().equals(toolchain.realGoBinary()))
                .filter(i -> i.parsedVersion().filter(constraint::isSatisfiedBy).isPresent())
                .findFirst().map(i -> new OtherGo(i.binary().toString(), i.version()));
    }

    private static void check(Requirement requirement, GoToolchain toolchain,
            java.util.function.Function<Path, Optional<Path>> realPath, String inside,
            java.util.function.Function<VersionConstraint, Optional<OtherGo>> satisfying) {
        List<String> problems = new ArrayList<>();
        if (!inside.isEmpty()) {
            // an image's toolchain is found from files: a broken one (e.g. a stale ENV GOROOT) is a finding, not a NoToolchain
            for (Finding f : toolchain.findings()) {
                if (f.severity() == Finding.Severity.ERROR && !(requirement.consistent() && toolchain.inconsistencies().contains(f))) {
                    problems.add("broken toolchain" + inside + ": " + f);
                }
            }
        }
        if (!requirement.version().isEmpty()) {
            VersionConstraint constraint = VersionConstraint.parse(requirement.version());
            if (!constraint.isSatisfiedBy(toolchain.version())) {
                Optional<OtherGo> other = satisfying.apply(constraint);
                String fix;
                if (inside.isEmpty()) {
                    fix = other.map(o -> " Fix: use " + o.path() + " (" + o.version() + ", installed on this machine), which does:"
                            + " @RequiresGoroot(go = \"" + o.path() + "\") or -Dgotrail.go=" + o.path()
                            + ", or put its bin directory first on PATH")
                            .orElse(" Fix: install a go that does and name it, e.g. @RequiresGoroot(go = \"/usr/lib/go-X.Y/bin/go\")"
                                    + " or -Dgotrail.go=…, or put it first on PATH (no go gotrail knows of on this machine does)");
                } else {
                    fix = other.map(o -> " Fix: the image's " + o.path() + " (" + o.version() + ") does: @RequiresGoroot(go = \""
                            + o.path() + "\")").orElse(" Fix: use an image whose go does (no go of this image does)");
                }
                problems.add("version " + toolchain.version() + " does not satisfy \"" + requirement.version() + "\""
                        + " (go binary " + toolchain.goBinary() + ")." + fix);
            }
        }
        if (!requirement.goroot().isEmpty()) {
            Path expected = Path.of(requirement.goroot());
            Optional<Path> expectedReal = realPath.apply(expected);
            if (expectedReal.isEmpty()) {
                problems.add("expected GOROOT " + expected + " does not exist" + inside + "; the effective GOROOT is " + toolchain.goroot()
                        + " (" + toolchain.gorootSource() + "). Fix: correct @RequiresGoroot(value = …) or install Go there");
            } else if (!expectedReal.get().equals(realPath.apply(toolchain.goroot()).orElse(toolchain.goroot()))) {
                problems.add("effective GOROOT is " + toolchain.goroot() + " (source " + toolchain.gorootSource() + ", go binary "
                        + toolchain.goBinary() + ") but " + expected
                        + (expectedReal.get().equals(expected) ? "" : " (real path " + expectedReal.get() + ")") + " is required."
                        + " Fix: use that tree's go (" + expected.resolve("bin").resolve("go") + ")" + overrideFix(toolchain));
            }
        }
        if (requirement.consistent()) {
            for (Finding f : toolchain.inconsistencies()) {
                problems.add("inconsistent toolchain" + inside + ": " + f);
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("The Go toolchain does not meet ").append(requirement.describe()).append(':');
        problems.forEach(p -> sb.append("\n  - ").append(p));
        sb.append("\nToolchain: ").append(toolchain.goBinary());
        if (!toolchain.realGoBinary().equals(toolchain.goBinary())) {
            sb.append(" -> ").append(toolchain.realGoBinary());
        }
        sb.append(", ").append(toolchain.version()).append(", GOROOT ").append(toolchain.goroot())
                .append(" (").append(toolchain.gorootSource()).append(')');
        sb.append("\nSources consulted:");
        toolchain.details().consulted().forEach(c -> sb.append("\n  - ").append(c));
        if (requirement.consistent() && !toolchain.inconsistencies().isEmpty()) {
            sb.append("\nTo accept a toolchain whose sources disagree, use @RequiresGoroot(consistent = false).");
        }
        throw new AssertionFailedError(sb.toString());
    }

    /** The override to remove, named only when one decided (ENV: the variable; CONFIG_FILE: the go/env file). */
    private static String overrideFix(GoToolchain toolchain) {
        return switch (toolchain.gorootSource()) {
            case ENV -> " or unset GOROOT (set to " + toolchain.goroot() + " in the environment)";
            case CONFIG_FILE -> " or remove GOROOT from the go/env file (GOTOOLCHAIN=local go env -u GOROOT)";
            default -> "";
        };
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Files.exists(p) ? Optional.of(p.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
