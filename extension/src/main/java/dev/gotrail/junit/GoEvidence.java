package dev.gotrail.junit;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.process.CommandResult;
import dev.gotrail.trace.GoTrace;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The running test's evidence bundle, for test code: inject a {@code GoEvidence} parameter (into a
 * test, {@code @BeforeEach} or {@code @BeforeAll} method) of a test carrying any gotrail annotation
 * or {@link CollectEvidence}, and add what the test found itself — a {@link LinkMap} from
 * {@code Loader.at(root).resolve(…)}, an {@link ElfFile}, a {@link CommandResult} of a command it
 * ran, a {@link GoTrace} it built, a note. It is written with the evidence gotrail collected
 * (docs/evidence.md): under {@link #directory()} when the test fails, or always with
 * {@code gotrail.evidence=always}.
 *
 * <p>Injected into a {@code @BeforeAll} method it adds to the class's bundle, which is written in
 * front of each of its tests' own evidence. Thread-safe: several threads of one test may add at
 * once. Each call adds one entry; nothing is deduplicated (add what you produced, once).
 * Commands run through an injected {@link GoCommand} and traces of {@code @TraceGoCommand},
 * {@code GoCommand.trace()} and the go shim are recorded already: adding them again lists them twice.
 */
public final class GoEvidence {

    private final EvidenceBundle bundle;
    private final Path directory;

    GoEvidence(EvidenceBundle bundle, Path directory) {
        this.bundle = bundle;
        this.directory = directory;
    }

    /** Adds a link map: its tree with the reasons, missing libraries with every path tried, version problems, its JSON. */
    public GoEvidence add(LinkMap linkMap) {
        bundle.addLinkMap(Objects.requireNonNull(linkMap, "linkMap"));
        return this;
    }

    /** Adds an ELF file's loading facts (class, machine, interpreter, needed, rpath, runpath, versions): {@code elf.txt}. */
    public GoEvidence add(ElfFile elf) {
        bundle.addElfFile(Objects.requireNonNull(elf, "elf"));
        return this;
    }

    /** Adds a command's result (e.g. from {@code CommandRunner.run(CommandSpec.of(…))}): {@code commands.txt}. */
    public GoEvidence add(CommandResult result) {
        bundle.addCommand(Objects.requireNonNull(result, "result"));
        return this;
    }

    /** Adds a trace: its raw log (copied, redacted), summary, process tree, failed accesses and JSON. */
    public GoEvidence add(GoTrace trace) {
        bundle.addTrace(Objects.requireNonNull(trace, "trace"));
        return this;
    }

    /** Adds a note, shown in the digest, {@code summary.txt} and {@code evidence.html} (redacted like everything else). */
    public GoEvidence note(String note) {
        bundle.addNote(Objects.requireNonNull(note, "note"));
        return this;
    }

    /**
     * Where this test's evidence is kept: {@code gotrail.evidence.dir/<test>/} (default
     * {@code target/gotrail/<test>/}, absolute). It is written after the test, on failure or
     * with {@code gotrail.evidence=always}; it does not exist before.
     */
    public Path directory() {
        return directory;
    }
}
