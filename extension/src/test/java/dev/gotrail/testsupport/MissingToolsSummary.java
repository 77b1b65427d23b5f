package dev.gotrail.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end-of-run summary: which tools were missing and how many tests each one skipped (or, in
 * strict mode, failed), with the one command that installs them all. Thread-safe: tests finish on
 * many threads at once.
 */
public final class MissingToolsSummary {

    /** The summary's first words; scripts (.ci/fresh-machine-check) look for them. */
    public static final String HEADLINE = "gotrail: tools missing on this machine";

    private final Map<String, Set<String>> testsByTool = new TreeMap<>();
    private final Map<String, String> installByTool = new TreeMap<>();
    private final Set<String> tests = new LinkedHashSet<>();

    /** Records that the tests {@code testIds} could not run for lack of {@code missing}. */
    public synchronized void record(List<MissingTool> missing, List<String> testIds) {
        for (MissingTool m : missing) {
            testsByTool.computeIfAbsent(m.tool(), k -> new LinkedHashSet<>()).addAll(testIds);
            installByTool.putIfAbsent(m.tool(), m.install());
        }
        tests.addAll(testIds);
    }

    public synchronized boolean isEmpty() {
        return tests.isEmpty();
    }

    /** Number of tests per missing tool, by tool name (sorted). */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        testsByTool.forEach((tool, ids) -> counts.put(tool, ids.size()));
        return counts;
    }

    /**
     * The summary, e.g.
     * <pre>
     * gotrail: tools missing on this machine; 12 tests were skipped:
     *   go 1.21   8 tests   apt-get install -t bookworm-backports golang-1.21-go
     *   strace    4 tests   apt-get install strace
     * Install them all with: bash .ci/install-tools
     * </pre>
     * {@code strict} says "failed (gotrail.strict=true)" instead of "were skipped". Empty when nothing was missing.
     */
    public synchronized String render(boolean strict) {
        if (tests.isEmpty()) {
            return "";
        }
        int width = testsByTool.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add(HEADLINE + "; " + tests.size() + (tests.size() == 1 ? " test " : " tests ")
                + (strict ? "failed (gotrail.strict=true):" : (tests.size() == 1 ? "was" : "were") + " skipped:"));
        testsByTool.forEach((tool, ids) -> {
            String install = installByTool.get(tool);
            lines.add(String.format("  %-" + width + "s %4d %-5s  %s", tool, ids.size(), ids.size() == 1 ? "test" : "tests",
                    install.isEmpty() ? "(no package installs it)" : install).stripTrailing());
        });
        lines.add("Install them all with: " + MissingTool.INSTALL_ALL);
        return String.join(System.lineSeparator(), lines);
    }
}
