package dev.gotrail.evidence;

import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.tracer.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything gotrail learnt while one test ran: the commands with their results, the toolchain
 * facts, traces, link maps and free-form notes. One bundle per test, kept in the test's
 * {@code ExtensionContext.Store}; safe to add to from several threads.
 */
public final class EvidenceBundle {

    private final String testId;
    private final List<CommandResult> commands = new ArrayList<>();
    private final List<GoToolchain> toolchains = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public EvidenceBundle(String testId) {
        this.testId = Objects.requireNonNull(testId, "testId");
    }

    public String testId() {
        return testId;
    }

    public synchronized void addCommand(CommandResult result) {
        commands.add(result);
    }

    public synchronized void addToolchain(GoToolchain toolchain) {
        if (!toolchains.contains(toolchain)) {
            toolchains.add(toolchain);
        }
    }

    public synchronized void addNote(String note) {
        notes.add(note);
    }

    public synchronized List<CommandResult> commands() {
        return List.copyOf(commands);
    }

    public synchronized List<GoToolchain> toolchains() {
        return List.copyOf(toolchains);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    public synchronized boolean isEmpty() {
        return commands.isEmpty() && toolchains.isEmpty() && notes.isEmpty();
    }
}
