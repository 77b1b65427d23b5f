package dev.gotrail.evidence;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.process.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything gotrail learnt while one test ran: the commands with their results, the toolchain
 * facts, traces, link maps, ELF files, what the test expected and free-form notes. One bundle per test, kept
 * in the test's {@code ExtensionContext.Store} (see {@code dev.gotrail.junit.EvidenceBundles.bundleFor}); safe to add to
 * from several threads. Values are stored as given; redaction happens when files are written.
 */
public final class EvidenceBundle {

    private final String testId;
    private final String displayName;
    private final List<CommandResult> commands = new ArrayList<>();
    private final List<GoToolchain> toolchains = new ArrayList<>();
    private final List<TraceEvidence> traces = new ArrayList<>();
    private final List<LinkMapEvidence> linkMaps = new ArrayList<>();
    private final List<String> expectations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ElfEvidence> elfFiles = new ArrayList<>();

    public EvidenceBundle(String testId) {
        this(testId, testId);
    }

    /**
     * @param testId      the JUnit unique id of the test (names the evidence directory)
     * @param displayName what reports show for the test
     */
    public EvidenceBundle(String testId, String displayName) {
        this.testId = Objects.requireNonNull(testId, "testId");
        this.displayName = displayName == null ? testId : displayName;
    }

    public String testId() {
        return testId;
    }

    public String displayName() {
        return displayName;
    }

    /** A command that ran for the test: command line, cwd, environment, exit, stdout/stderr. */
    public synchronized void addCommand(CommandResult result) {
        commands.add(Objects.requireNonNull(result, "result"));
    }

    /** The facts of a toolchain the test used; the same toolchain is kept once. */
    public synchronized void addToolchain(GoToolchain toolchain) {
        if (!toolchains.contains(Objects.requireNonNull(toolchain, "toolchain"))) {
            toolchains.add(toolchain);
        }
    }

    /** A traced command: its raw log (copied, redacted, when files are written) and its summary. */
    public synchronized void addTrace(TraceEvidence trace) {
        traces.add(Objects.requireNonNull(trace, "trace"));
    }

    /** A traced command. Each producer adds what it produced, once: nothing is deduplicated here. */
    public synchronized void addTrace(GoTrace trace) {
        traces.add(TraceEvidence.from(Objects.requireNonNull(trace, "trace")));
    }

    /** A resolved link map. Each producer adds what it produced, once: nothing is deduplicated here. */
    public synchronized void addLinkMap(LinkMap linkMap) {
        linkMaps.add(LinkMapEvidence.from(Objects.requireNonNull(linkMap, "linkMap")));
    }

    /** A resolved link map, rendered as a tree with the reason each library was found. */
    public synchronized void addLinkMap(LinkMapEvidence linkMap) {
        linkMaps.add(Objects.requireNonNull(linkMap, "linkMap"));
    }

    /** An ELF file the test inspected: its loading facts, written to {@code elf.txt}. */
    public synchronized void addElfFile(dev.gotrail.elf.ElfFile elf) {
        elfFiles.add(ElfEvidence.from(Objects.requireNonNull(elf, "elf")));
    }

    /** An ELF file the test inspected, as evidence. */
    public synchronized void addElfFile(ElfEvidence elf) {
        elfFiles.add(Objects.requireNonNull(elf, "elf"));
    }

    public synchronized List<ElfEvidence> elfFiles() {
        return List.copyOf(elfFiles);
    }

    /**
     * What the test (or an annotation) required, in words, e.g.
     * {@code @RequiresGoroot(version=">=1.21")}: the first line of the failure digest.
     */
    public synchronized void addExpectation(String expectation) {
        if (!expectations.contains(Objects.requireNonNull(expectation, "expectation"))) {
            expectations.add(expectation);
        }
    }

    public synchronized void addNote(String note) {
        notes.add(Objects.requireNonNull(note, "note"));
    }

    public synchronized List<CommandResult> commands() {
        return List.copyOf(commands);
    }

    public synchronized List<GoToolchain> toolchains() {
        return List.copyOf(toolchains);
    }

    public synchronized List<TraceEvidence> traces() {
        return List.copyOf(traces);
    }

    public synchronized List<LinkMapEvidence> linkMaps() {
        return List.copyOf(linkMaps);
    }

    public synchronized List<String> expectations() {
        return List.copyOf(expectations);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** True when nothing was captured (expectations alone are not evidence). */
    public synchronized boolean isEmpty() {
        return commands.isEmpty() && toolchains.isEmpty() && traces.isEmpty() && linkMaps.isEmpty() && notes.isEmpty()
                && elfFiles.isEmpty();
    }
}
