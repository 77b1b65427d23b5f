package dev.gotrail.junit;

import dev.gotrail.evidence.EvidenceBundle;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Where extensions find the evidence bundle of the running test. The bundle lives in the
 * context's {@link ExtensionContext.Store} under gotrail's evidence namespace, keyed by the
 * context's unique id: a store lookup also sees the enclosing contexts' entries, so a plain key
 * would let every test of a class share the class's bundle.
 */
public final class EvidenceBundles {

    static final Namespace NAMESPACE = Namespace.create(EvidenceBundles.class);

    private EvidenceBundles() {
    }

    /** The bundle of {@code context} (a test, or a class for class-level work), created on first use. */
    public static EvidenceBundle bundleFor(ExtensionContext context) {
        String id = context.getUniqueId();
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(id,
                key -> new EvidenceBundle(key, displayName(context)), EvidenceBundle.class);
    }

    /** The bundle of {@code context} if anything created one. */
    public static Optional<EvidenceBundle> existingBundle(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(context.getUniqueId(), EvidenceBundle.class));
    }

    private static String displayName(ExtensionContext context) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse("");
        String type = context.getTestClass().map(Class::getSimpleName).orElse("");
        String name = context.getDisplayName();
        if (!method.isEmpty() && !name.startsWith(method)) {
            return type + " > " + name + " [" + method + "]";
        }
        return type.isEmpty() || type.equals(name) ? name : type + " > " + name;
    }
}
