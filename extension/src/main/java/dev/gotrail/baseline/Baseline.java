package dev.gotrail.baseline;

import dev.gotrail.json.Json;
import dev.gotrail.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A baseline file: a reviewed JSON document of facts about targets, checked into the user's
 * repository, and the check of the facts found now against it.
 *
 * <p>The file is {@code {"format": "gotrail-baseline/1", "ignore": [JSON Pointer patterns],
 * "targets": {name: {section: facts}}}}, pretty-printed with two-space indentation, targets
 * sorted by name, sections and facts in a fixed order, and a newline at the end, so that the same
 * facts always give the same bytes and a review diff shows only what changed. Volatile values are
 * kept out by the fact sources ({@link BaselineTarget}) and normalised ({@code $TMPDIR},
 * {@code $HOME}); the {@code ignore} patterns name more facts to leave out.
 *
 * <p>{@link #check} is the snapshot-testing policy (Jest snapshots, insta, ApprovalTests): verify
 * by default; a missing baseline is created locally and fails in CI; {@code gotrail.baseline=update}
 * rewrites the file and is refused in CI; a failed check writes the candidate ({@code NAME.new},
 * as insta's {@code .snap.new}) and the diff ({@code NAME.diff}) under the candidate directory.
 */
public final class Baseline {

    /** The value of the {@code format} member. */
    public static final String FORMAT = "gotrail-baseline/1";
    /** At most this many changes are quoted in a message; the {@code .diff} file has them all. */
    static final int MAX_QUOTED_CHANGES = 60;

    private final Path file;
    private final List<String> ignores;
    private final Map<String, Object> targets;

    private Baseline(Path file, List<String> ignores, Map<String, Object> targets) {
        this.file = file;
        this.ignores = List.copyOf(ignores);
        this.targets = targets;
    }

    /**
     * Reads a baseline file.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws BaselineFormatException           when it is not valid JSON (names line and column) or not a baseline
     */
    public static Baseline read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object doc;
        try {
            doc = JsonReader.parse(text, file.toString());
        } catch (JsonReader.JsonSyntaxException e) {
            throw new BaselineFormatException(file, e.line(), e.column(), "not valid JSON: " + e.problem());
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new BaselineFormatException(file, "a baseline is a JSON object with \"format\", \"ignore\" and \"targets\"");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new BaselineFormatException(file, "\"format\" is " + Json.compact(m.get("format")) + ", expected \"" + FORMAT + "\"");
        }
        List<String> ignores = new ArrayList<>();
        Object ig = m.get("ignore");
        if (ig != null) {
            if (!(ig instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String s && s.startsWith("/"))) {
                throw new BaselineFormatException(file, "\"ignore\" must be an array of JSON Pointer patterns (strings starting with '/')");
            }
            l.forEach(x -> ignores.add((String) x));
        }
        if (!(m.get("targets") instanceof Map<?, ?> t)) {
            throw new BaselineFormatException(file, "\"targets\" must be an object: {name: {section: facts}}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> targets = (Map<String, Object>) t;
        return new Baseline(file, ignores, targets);
    }

    /** The file this baseline was read from. */
    public Path file() {
        return file;
    }

    /** The ignore patterns declared in the file. */
    public List<String> ignores() {
        return ignores;
    }

    /** The recorded targets: {name: {section: facts}}, as JSON trees. */
    public Map<String, Object> targets() {
        return targets;
    }

    /**
     * The document that records {@code targets}: volatile values normalised, ignored facts left
     * out, targets sorted by name, every value as the JSON reader gives it back.
     *
     * @throws IllegalArgumentException when two targets have the same name, or a pattern is not a JSON Pointer
     */
    public static Map<String, Object> document(List<BaselineTarget> targets, List<String> ignores) {
        VolatileValues volatileValues = VolatileValues.ofThisMachine();
        Map<String, Object> byName = new TreeMap<>();
        for (BaselineTarget t : targets) {
            String name = volatileValues.string(t.name());
            if (byName.put(name, t.sections()) != null) {
                throw new IllegalArgumentException("two targets are named " + name + " (temporary and home directories are"
                        + " normalised): give one another name, BaselineTarget.as(NAME) in the API, NAME=PATH on the command line");
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("ignore", List.copyOf(ignores));
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put("targets", volatileValues.normalise(byName));
        doc.put("targets", ((Map<?, ?>) new BaselineIgnores(ignores).prune(wrapper)).get("targets"));
        return roundTrip(doc);
    }

    /** The exact text of a baseline file holding {@code document}: pretty JSON and a final newline. */
    public static String render(Map<String, Object> document) {
        return Json.write(document) + "\n";
    }

    /**
     * Writes a baseline of {@code targets} to {@code file} (replacing it atomically where the file
     * system allows), creating parent directories.
     */
    public static void record(Path file, List<BaselineTarget> targets, List<String> ignores) throws IOException {
        write(file, render(document(targets, ignores)));
    }

    /**
     * The drift of {@code targets} from this baseline: the changes that turn the recorded facts
     * into the facts found now, paths starting at {@code /targets}. Facts matched by the file's
     * ignore patterns or {@code extraIgnores} are not compared.
     */
    public List<BaselineChange> verify(List<BaselineTarget> targets, List<String> extraIgnores) {
        List<String> all = merged(ignores, extraIgnores);
        BaselineIgnores ignoring = new BaselineIgnores(all);
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("targets", this.targets);
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("targets", document(targets, all).get("targets"));
        return BaselineDiff.diff(ignoring.prune(recorded), ignoring.prune(now));
    }

    /**
     * Checks {@code targets} against {@code file} by the snapshot policy of {@code settings}:
     * <ul>
     * <li>no file: outside CI it is created ({@link BaselineResult.Status#CREATED}); in CI the
     *     check fails ({@link BaselineResult.Status#MISSING}) and only the candidate is written;</li>
     * <li>{@code update} in CI: refused ({@link BaselineResult.Status#UPDATE_REFUSED}), the file
     *     is left alone, any drift is reported and the candidate written;</li>
     * <li>drift: {@code update} rewrites the file (keeping its ignore patterns;
     *     {@link BaselineResult.Status#UPDATED}); {@code verify} fails
     *     ({@link BaselineResult.Status#DRIFTED}) and writes the candidate and the diff;</li>
     * <li>no drift: {@link BaselineResult.Status#MATCHED}; stale candidates are deleted.</li>
     * </ul>
     *
     * @param extraIgnores ignore patterns declared in code (not written into the file)
     * @throws BaselineFormatException when the existing file is not a valid baseline
     * @throws IOException             when a file cannot be read or written
     */
    public static BaselineResult check(Path file, List<BaselineTarget> targets, List<String> extraIgnores, BaselineSettings settings)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path candidate = candidatePath(settings.candidateDir(), file);
        Path diffFile = candidate.resolveSibling(candidate.getFileName().toString().replaceFirst("\\.new$", ".diff"));
        boolean refused = settings.mode() == BaselineSettings.Mode.UPDATE && settings.ci();
        String refusal = "gotrail.baseline=update is refused because the environment variable CI is set: a baseline is"
                + " reviewed and committed, never rewritten by CI.";

        if (!Files.exists(file)) {
            String text = render(document(targets, List.of()));
            if (settings.ci()) {
                write(candidate, text);
                String msg = (refused ? refusal + "\n" : "") + "Baseline " + file + " does not exist, and CI is set: a missing baseline"
                        + " fails in CI.\nThe facts found now are in " + candidate + ": review them and commit them as " + file
                        + " (or run the tests locally, where a missing baseline is created).";
                return new BaselineResult(refused ? BaselineResult.Status.UPDATE_REFUSED : BaselineResult.Status.MISSING,
                        file, List.of(), Optional.of(candidate), msg);
            }
            write(file, text);
            deleteStale(candidate, diffFile);
            return new BaselineResult(BaselineResult.Status.CREATED, file, List.of(), Optional.empty(),
                    "Baseline " + file + " did not exist: created it with " + targets.size() + " target(s). Review it and commit it.");
        }

        Baseline recorded = read(file);
        List<BaselineChange> changes = recorded.verify(targets, extraIgnores);
        String newText = render(document(targets, recorded.ignores()));
        if (refused) {
            if (!changes.isEmpty()) {
                write(candidate, newText);
                write(diffFile, diffText(file, changes));
            }
            String msg = refusal + (changes.isEmpty() ? "\nThe facts match " + file + "; unset gotrail.baseline."
                    : "\n" + drift(file, changes) + "\n" + review(candidate, diffFile));
            return new BaselineResult(BaselineResult.Status.UPDATE_REFUSED, file, changes,
                    changes.isEmpty() ? Optional.empty() : Optional.of(candidate), msg);
        }
        if (changes.isEmpty()) {
            deleteStale(candidate, diffFile);
            return new BaselineResult(BaselineResult.Status.MATCHED, file, changes, Optional.empty(),
                    "Baseline " + file + ": the facts of " + targets.size() + " target(s) match.");
        }
        if (settings.mode() == BaselineSettings.Mode.UPDATE) {
            write(file, newText);
            deleteStale(candidate, diffFile);
            return new BaselineResult(BaselineResult.Status.UPDATED, file, changes, Optional.empty(),
                    "Updated " + drift(file, changes).replaceFirst("^Baseline", "baseline") + "\nReview the change before committing it.");
        }
        write(candidate, newText);
        write(diffFile, diffText(file, changes));
        return new BaselineResult(BaselineResult.Status.DRIFTED, file, changes, Optional.of(candidate),
                drift(file, changes) + "\n" + review(candidate, diffFile));
    }

    /** "Baseline F: N facts drifted (+ added, - removed, ~ changed):" and the changes, at most {@link #MAX_QUOTED_CHANGES}. */
    static String drift(Path file, List<BaselineChange> changes) {
        StringBuilder sb = new StringBuilder("Baseline ").append(file).append(": ").append(changes.size())
                .append(changes.size() == 1 ? " fact drifted" : " facts drifted").append(" (+ added, - removed, ~ changed):");
        for (int i = 0; i < changes.size() && i < MAX_QUOTED_CHANGES; i++) {
            sb.append("\n  ").append(changes.get(i));
        }
        if (changes.size() > MAX_QUOTED_CHANGES) {
            sb.append("\n  … and ").append(changes.size() - MAX_QUOTED_CHANGES).append(" more");
        }
        return sb.toString();
    }

    private static String review(Path candidate, Path diffFile) {
        return "The facts found now are in " + candidate + " (the diff in " + diffFile + "): review them; to accept them run"
                + " with -Dgotrail.baseline=update outside CI (command line: gotrail baseline verify --update), or copy the"
                + " candidate over the baseline.";
    }

    private static String diffText(Path file, List<BaselineChange> changes) {
        StringBuilder sb = new StringBuilder("# drift from ").append(file).append(" (+ added, - removed, ~ changed)\n");
        changes.forEach(c -> sb.append(c).append('\n'));
        return sb.toString();
    }

    /**
     * Where the candidate for {@code file} goes: its path relative to the working directory (or
     * its absolute path without the root) under {@code dir}, plus {@code .new}.
     */
    static Path candidatePath(Path dir, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        Path rel = abs.startsWith(cwd) ? cwd.relativize(abs) : abs.getRoot().relativize(abs);
        return dir.resolve(rel.toString() + ".new");
    }

    private static void deleteStale(Path candidate, Path diffFile) throws IOException {
        Files.deleteIfExists(candidate);
        Files.deleteIfExists(diffFile);
    }

    private static List<String> merged(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> roundTrip(Map<String, Object> doc) {
        try {
            return (Map<String, Object>) JsonReader.parse(Json.write(doc), "facts");
        } catch (JsonReader.JsonSyntaxException e) {
            throw new IllegalStateException("the JSON writer produced unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
