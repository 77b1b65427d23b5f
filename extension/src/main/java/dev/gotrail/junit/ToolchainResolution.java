package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
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
        check(requirement, toolchain, ToolchainResolution::realPath, "");
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
     * named by {@code @RequiresGoroot(go)} among those on the image's PATH, else the first; checked
     * with paths inside the image. {@code gotrail.go} names a go of this machine and is not used.
     * An image without go, or whose go is broken (an ERROR finding), fails.
     */
    private static GoToolchain resolveInImage(ExtensionContext context, GoImageExtension.ImageUnderTest image) {
        Optional<ClosestAnnotation.Found<RequiresGoroot>> found = ClosestAnnotation.find(context, RequiresGoroot.class);
        Requirement host = requirement(context);
        String go = found.map(f -> f.annotation().go().strip()).orElse("");
        Requirement requirement = new Requirement(go, host.goroot(), host.version(), host.consistent(),
                host.declaredOn() + ", inside " + image.describe());
        List<GoToolchain> toolchains = image.image().toolchains();
        String path = image.image().config().containerEnv().getOrDefault("PATH", "");
        Optional<GoToolchain> chosen = go.isEmpty() ? toolchains.stream().findFirst()
                : toolchains.stream().filter(t -> t.goBinary().toString().equals(go) || t.realGoBinary().toString().equals(go))
                        .findFirst();
        if (chosen.isEmpty()) {
            EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
            bundle.addExpectation(requirement.describe());
            bundle.addNote("the go binaries on the PATH of " + image.describe() + ": "
                    + toolchains.stream().map(t -> t.goBinary().toString()).toList() + " (image config Env PATH=" + path + ")");
            throw new AssertionFailedError((go.isEmpty() ? "No go on the PATH of " + image.describe()
                    : "@RequiresGoroot(go = \"" + go + "\") is not a go on the PATH of " + image.describe()
                            + "; the image's go binaries are " + toolchains.stream().map(t -> t.goBinary().toString()).toList())
                    + "\nImage config Env PATH=" + path + "\n(required by " + requirement.describe() + ")"
                    + "\nFix: add Go to the image (and its bin directory to ENV PATH), or name one of its go binaries"
                    + " in @RequiresGoroot(go = ...)");
        }
        GoToolchain toolchain = chosen.get();
        EvidenceBundle bundle = EvidenceBundles.bundleFor(context);
        bundle.addExpectation(requirement.describe());
        bundle.addToolchain(toolchain);
        dev.gotrail.loader.Loader loader = image.image().loader();
        // the headline names the image (requirement.describe()); the problems say "inside the image"
        check(requirement, toolchain, p -> loader.realPathInRoot(p.toString()).map(Path::of), " inside the image");
        context.getStore(NAMESPACE).put(context.getUniqueId(), toolchain);
        return toolchain;
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

    private static void check(Requirement requirement, GoToolchain toolchain,
            java.util.function.Function<Path, Optional<Path>> realPath, String inside) {
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
                problems.add("version " + toolchain.version() + " does not satisfy \"" + requirement.version() + "\""
                        + " (go binary " + toolchain.goBinary() + ")."
                        + (inside.isEmpty() ? " Fix: name a go that does, e.g. @RequiresGoroot(go = \"/usr/lib/go-X.Y/bin/go\") or -Dgotrail.go=…,"
                                + " or put it first on PATH"
                                : " Fix: use an image whose go does, or name another go on the image's PATH in @RequiresGoroot(go = …)"));
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
