package dev.gotrail.evidence;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.process.CommandResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The short story of a failure, added to it as a suppressed exception so that every report shows
 * it next to the assertion message: what was expected, what the evidence shows and where the
 * files are. At most {@value #MAX_LINES} lines; the rest is in {@code summary.txt}. Carries no
 * stack trace: it is a message, not an error of its own.
 */
public final class EvidenceDigest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int MAX_LINES = 20;
    private static final int MAX_LINE_LENGTH = 240;
    /** At most this many digest lines quote the failure message; the whole message is in summary.txt. */
    static final int MESSAGE_LINES = 4;
    static final int MESSAGE_WIDTH = 180;
    /** An indented line continues a preceding fragment shorter than this ("Expecting", "to use GOROOT"). */
    private static final int FRAGMENT = 40;

    private final transient Path directory;
    private final List<String> lines;

    public EvidenceDigest(List<String> lines, Path directory) {
        super(String.join("\n", lines), null, false, false);
        this.lines = List.copyOf(lines);
        this.directory = directory;
    }

    public List<String> lines() {
        return lines;
    }

    /** The evidence directory of the test. */
    public Path directory() {
        return directory;
    }

    /** Builds the digest lines, already redacted. */
    static List<String> lines(EvidenceBundle bundle, Verdict verdict, Path directory, List<Path> files, Redactor redactor) {
        List<String> all = new ArrayList<>();
        all.add("gotrail evidence for " + bundle.displayName() + " (" + verdict.word() + ")");
        for (String expectation : bundle.expectations()) {
            all.add("expected: " + expectation);
        }
        List<String> message = messageLines(verdict.rawMessageLines(12), MESSAGE_WIDTH, MESSAGE_LINES);
        for (int i = 0; i < message.size(); i++) {
            all.add((i == 0 ? (verdict.failed() ? "failure:  " : "reason:   ") : "          ") + message.get(i));
        }
        for (GoToolchain t : bundle.toolchains()) {
            all.add("toolchain: " + ToolchainFacts.oneLine(t));
            int shown = 0;
            for (Finding f : t.problems()) {
                if (shown++ < 3) {
                    all.add("  finding: " + f.severity() + " [" + f.id() + "] " + f.message());
                }
            }
        }
        for (CommandResult c : bundle.commands()) {
            all.add("command: " + c.describe() + " (in " + c.dir() + ")");
        }
        for (TraceEvidence t : bundle.traces()) {
            String first = t.summary().isEmpty() ? "" : ": " + t.summary().get(0);
            // processes and threads counted apart, as every message says them; by hand: the tree's processes
            String counts = t.processCounts().isEmpty() ? t.processTree().size() + " process(es)" : t.processCounts();
            all.add("trace: " + t.label() + " exited " + t.exitCode() + ", " + counts + ", "
                    + t.failedAccesses().size() + " failed access(es)" + first);
        }
        for (LinkMapEvidence l : bundle.linkMaps()) {
            all.add("link map: " + l.binary() + (l.root().equals("/") ? "" : " in root " + l.root()) + ": "
                    + (l.tree().size()) + " object(s), " + l.missing().size() + " missing, "
                    + l.versionProblems().size() + " version problem(s)");
            l.missing().stream().limit(2).forEach(m -> all.add("  missing: " + m));
            l.versionProblems().stream().limit(2).forEach(v -> all.add("  version: " + v));
        }
        for (ElfEvidence e : bundle.elfFiles()) {
            all.add("elf: " + e.path() + ": " + (e.lines().isEmpty() ? "" : e.lines().get(0).replaceFirst("^type:\\s+", "")));
        }
        for (String note : bundle.notes()) {
            all.add("note: " + note);
        }
        List<String> tail = new ArrayList<>();
        tail.add("files: " + directory + " (" + files.size() + " files: " + names(files) + ")");
        tail.add("open:  " + directory.resolve(EvidenceWriter.HTML).toUri());

        List<String> out = new ArrayList<>();
        int room = MAX_LINES - tail.size();
        for (int i = 0; i < all.size(); i++) {
            if (out.size() == room - 1 && all.size() - i > 1) {
                out.add("… " + (all.size() - i) + " more line(s) in " + directory.resolve(EvidenceWriter.SUMMARY));
                break;
            }
            out.add(all.get(i));
        }
        out.addAll(tail);
        List<String> redacted = new ArrayList<>();
        for (String line : out) {
            String r = redactor.redactText(line);
            redacted.add(shorten(r, MAX_LINE_LENGTH));
        }
        return redacted;
    }

    /**
     * The message as digest lines, readable and with every word whole: AssertJ's fragments
     * ("Expecting" / "  value", "to use GOROOT" / "  value") are joined, every other line (a
     * timeout's "Still running …" and each process under it) stays a line of its own; each is
     * wrapped at spaces to {@code width}; at most {@code maxLines}, the last ending in " …" when
     * more follows. A word longer than the width (a long path, a token) is kept whole on its line.
     */
    static List<String> messageLines(List<String> raw, int width, int maxLines) {
        List<String> logical = new ArrayList<>();
        for (String line : raw) {
            if (line.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            int last = logical.size() - 1;
            if (indented && last >= 0 && logical.get(last).length() < FRAGMENT) {
                logical.set(last, logical.get(last) + " " + line.strip());
            } else {
                logical.add(line.strip());
            }
        }
        List<String> out = new ArrayList<>();
        boolean more = false;
        for (String line : logical) {
            for (String part : wrap(line, width)) {
                if (out.size() == maxLines) {
                    more = true;
                    break;
                }
                out.add(part);
            }
            if (more) {
                break;
            }
        }
        if (more && !out.isEmpty()) {
            out.set(out.size() - 1, out.get(out.size() - 1) + " …");
        }
        return out;
    }

    /** Wraps at spaces; a word longer than {@code width} stays whole on a line of its own. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > width) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    /**
     * A line cut at a space with " …": the last space before {@code max}, or — when a long word
     * crosses the limit — the space after that word, so the word stays whole (the line is then a
     * little longer); a line without such a space is left whole.
     */
    static String shorten(String line, int max) {
        if (line.length() <= max) {
            return line;
        }
        int start = 0;
        while (start < line.length() && line.charAt(start) == ' ') {
            start++; // the indentation of a continuation line is no place to cut
        }
        int cut = line.lastIndexOf(' ', max - 2);
        if (cut < Math.max(start + 1, max / 2)) {
            cut = line.indexOf(' ', max - 2); // a long word crosses the limit: keep it whole, cut after it
        }
        return cut <= start ? line : line.substring(0, cut) + " …";
    }

    private static String names(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(f.getFileName());
        }
        return sb.toString();
    }
}
