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
        // AssertJ spreads one sentence over many short lines: join them, then wrap to at most 3 lines
        List<String> message = wrap(String.join(" ", verdict.messageLines(6)), 180, 2);
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
            all.add("trace: " + t.label() + " exited " + t.exitCode() + ", " + t.processTree().size() + " process(es), "
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
            redacted.add(r.length() > MAX_LINE_LENGTH ? r.substring(0, MAX_LINE_LENGTH - 1) + "…" : r);
        }
        return redacted;
    }

    static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        String rest = text.strip();
        while (!rest.isEmpty() && lines.size() < maxLines) {
            if (rest.length() <= width) {
                lines.add(rest);
                rest = "";
                break;
            }
            int cut = rest.lastIndexOf(' ', width);
            if (cut < width / 2) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty() && !lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, lines.get(last) + " …");
        }
        return lines;
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
