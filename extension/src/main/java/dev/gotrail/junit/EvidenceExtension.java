package dev.gotrail.junit;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.evidence.EvidenceDigest;
import dev.gotrail.evidence.EvidenceDirectoryName;
import dev.gotrail.evidence.EvidenceWriter;
import dev.gotrail.evidence.Redactor;
import dev.gotrail.evidence.SecretNames;
import dev.gotrail.evidence.SecretValues;
import dev.gotrail.evidence.Verdict;
import dev.gotrail.evidence.WrittenEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.opentest4j.TestAbortedException;

/**
 * Publishes a test's evidence bundle when the test failed (or always, with
 * {@code gotrail.evidence=always}; never with {@code never}): writes the files under
 * {@code gotrail.evidence.dir/<test>/}, publishes each with {@link ExtensionContext#publishFile}
 * (Open Test Reporting, Gradle), prints one {@code [[ATTACHMENT|path]]} line per file (Surefire,
 * Jenkins, GitLab) and adds an {@link EvidenceDigest} to the failure as a suppressed exception.
 *
 * <p>Runs after the test method ({@link AfterTestExecutionCallback}) — a {@code TestWatcher} is
 * told too late to publish or to touch the failure — and again after the {@code @AfterEach}
 * methods, which catches failures of {@code BeforeEach} callbacks (JUnit skips the test-execution
 * callbacks then). A flag in the store makes sure one test is published once.
 *
 * <p>Before each test, the files an earlier run left in that test's evidence directory are
 * removed (and the directory, when nothing else is in it): a test that failed yesterday and passes
 * today leaves no stale evidence under {@code target/gotrail} to mislead the next reader.
 */
final class EvidenceExtension implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

    private static final Namespace NAMESPACE = Namespace.create(EvidenceExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        GotrailConfig config = JupiterConfig.from(context);
        Path dir = config.evidenceDir().resolve(EvidenceDirectoryName.of(context.getUniqueId()));
        try {
            EvidenceWriter.removeStale(dir);
        } catch (IOException e) {
            System.err.println("gotrail: could not remove the stale evidence in " + dir.toAbsolutePath() + ": " + e);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        publishOnce(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        publishOnce(context);
    }

    private void publishOnce(ExtensionContext context) {
        Optional<Throwable> exception = context.getExecutionException();
        GotrailConfig config = JupiterConfig.from(context);
        GotrailConfig.EvidenceMode mode = config.evidence();
        if (mode == GotrailConfig.EvidenceMode.NEVER) {
            return;
        }
        boolean failed = exception.isPresent() && !(exception.get() instanceof TestAbortedException);
        if (!failed && mode != GotrailConfig.EvidenceMode.ALWAYS) {
            return;
        }
        EvidenceBundle bundle = collect(context);
        if (bundle.isEmpty()) {
            return;
        }
        AtomicBoolean done = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(context.getUniqueId(), k -> new AtomicBoolean(), AtomicBoolean.class);
        if (!done.compareAndSet(false, true)) {
            return;
        }
        Verdict verdict = failed ? Verdict.failedWith(exception.get())
                : exception.map(Verdict::abortedWith).orElseGet(Verdict::passed);
        Redactor redactor = EvidenceWriter.redactorFor(bundle, SecretNames.withExtra(config.redact()),
                SecretValues.withExtra(config.redactValues()));
        Path dir = config.evidenceDir().resolve(EvidenceDirectoryName.of(context.getUniqueId()));
        WrittenEvidence written;
        try {
            written = new EvidenceWriter(redactor).write(bundle, verdict, dir);
        } catch (IOException | RuntimeException e) {
            String problem = "gotrail could not write the evidence of " + bundle.displayName() + " to " + dir + ": " + e
                    + "; check that gotrail.evidence.dir is writable";
            exception.ifPresentOrElse(t -> t.addSuppressed(new EvidenceDigest(List.of(problem), dir)),
                    () -> System.err.println(problem));
            return;
        }
        publish(context, written);
        exception.filter(t -> failed).ifPresent(t -> t.addSuppressed(new EvidenceDigest(written.digest(), written.directory())));
    }

    /**
     * The test's bundle with the evidence of its enclosing contexts (class-level work) in front.
     * Every producer pushed its evidence into its context's bundle itself; those whose evidence is
     * only complete now (calls through a go shim) are asked to finish first.
     */
    private static EvidenceBundle collect(ExtensionContext context) {
        List<EvidenceBundle> chain = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            EvidenceBundles.runBeforePublishing(c.get());
            EvidenceBundles.existingBundle(c.get()).ifPresent(b -> chain.add(0, b));
        }
        EvidenceBundle own = EvidenceBundles.existingBundle(context).orElse(null);
        if (chain.size() == 1 && own != null) {
            return own;
        }
        EvidenceBundle merged = own != null ? new EvidenceBundle(own.testId(), own.displayName())
                : new EvidenceBundle(context.getUniqueId(), context.getDisplayName());
        for (EvidenceBundle b : chain) {
            b.expectations().forEach(merged::addExpectation);
            b.toolchains().forEach(merged::addToolchain);
            b.commands().forEach(merged::addCommand);
            b.traces().forEach(merged::addTrace);
            b.linkMaps().forEach(merged::addLinkMap);
            b.elfFiles().forEach(merged::addElfFile);
            b.notes().forEach(merged::addNote);
        }
        return merged;
    }

    private static void publish(ExtensionContext context, WrittenEvidence written) {
        StringBuilder attachments = new StringBuilder();
        List<String> problems = new ArrayList<>();
        for (Path file : written.files()) {
            attachments.append("[[ATTACHMENT|").append(file.toAbsolutePath()).append("]]").append(System.lineSeparator());
            try {
                context.publishFile(file.getFileName().toString(), mediaType(file),
                        target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
            } catch (RuntimeException e) {
                // An engine without an output directory cannot take files; the attachment lines still work.
                problems.add(file.getFileName() + ": " + e.getMessage());
            }
        }
        // One print call, so that the lines of tests finishing at the same time do not interleave.
        System.out.print(attachments);
        System.out.flush();
        if (!problems.isEmpty()) {
            System.err.println("gotrail: could not publish evidence files through JUnit (" + String.join("; ", problems)
                    + "); they are in " + written.directory());
        }
    }

    private static MediaType mediaType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) {
            return MediaType.create("text", "html", java.nio.charset.StandardCharsets.UTF_8);
        }
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        return MediaType.TEXT_PLAIN_UTF_8;
    }
}
