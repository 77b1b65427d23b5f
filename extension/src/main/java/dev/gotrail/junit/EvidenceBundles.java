package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.evidence.EvidenceDirectoryName;
import dev.gotrail.evidence.KeptLogs;
import dev.gotrail.trace.GoTrace;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The seam between gotrail's extensions and the evidence: whoever produces a piece of evidence
 * (the toolchain resolution, a traced command, a link map) pushes it into the running test's
 * bundle through {@link #bundleFor}; the evidence extension publishes the bundle and reads no other
 * extension's store. The bundle lives in the context's {@link ExtensionContext.Store} under this
 * class's namespace, keyed by the context's unique id: a store lookup also sees the enclosing
 * contexts' entries, so a plain key would let every test of a class share the class's bundle.
 */
public final class EvidenceBundles {

    private static final Namespace NAMESPACE = Namespace.create(EvidenceBundles.class);
    private static final String PENDING = "/before-publishing";

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

    /**
     * Adds a trace to the bundle of {@code context} and, for a test (not a class), registers the
     * evidence file that will keep its raw log ({@code gotrail.evidence.dir/<test>/trace-N.log},
     * N counting the traces of the enclosing contexts first, as the evidence extension writes
     * them), so that failure messages name that file instead of the temporary log ({@link KeptLogs}).
     */
    static void addTrace(ExtensionContext context, GoTrace trace) {
        EvidenceBundle bundle = bundleFor(context);
        int n;
        synchronized (bundle) {
            bundle.addTrace(trace);
            n = bundle.traces().size();
        }
        if (trace.rawLog() == null || context.getTestMethod().isEmpty()) {
            return;
        }
        GotrailConfig config = JupiterConfig.from(context);
        if (config.evidence() == GotrailConfig.EvidenceMode.NEVER) {
            return;
        }
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            n += existingBundle(c.get()).map(b -> b.traces().size()).orElse(0);
        }
        KeptLogs.keep(trace.rawLog(), config.evidenceDir().resolve(EvidenceDirectoryName.of(context.getUniqueId()))
                .resolve("trace-" + n + ".log"));
    }

    /**
     * Registers a producer whose evidence is only complete at the end — the calls through a go
     * shim finish in processes of the code under test, unseen by gotrail. The evidence extension
     * runs every registered producer of a context right before it publishes that context's
     * bundle; the producer pushes what is new into the bundle itself and must push each piece once
     * however often it runs.
     */
    static void beforePublishing(ExtensionContext context, Runnable producer) {
        pending(context).add(producer);
    }

    /** Runs the producers registered for exactly {@code context} (see {@link #beforePublishing}). */
    static void runBeforePublishing(ExtensionContext context) {
        pending(context).forEach(Runnable::run);
    }

    @SuppressWarnings("unchecked")
    private static List<Runnable> pending(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId() + PENDING,
                key -> new CopyOnWriteArrayList<Runnable>(), List.class);
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
