package dev.gotrail.evidence;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.MissingLibrary;
import dev.gotrail.loader.VersionProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A link map as evidence: the binary, the root it was resolved in, the tree of loaded objects
 * (libtree style, each with the reason it was found) and the problems.
 *
 * @param binary          the analysed ELF file
 * @param root            filesystem root of the resolution ("/" for the host)
 * @param tree            the tree's lines, e.g. {@code ├── libc.so.6 [ld.so.cache] /lib/x86_64-linux-gnu/libc.so.6}
 * @param missing         one line per missing library with every path tried
 * @param versionProblems one line per unsatisfied symbol version, in glibc's words
 * @param json            the link map's JSON shape ({@link LinkMap#toJsonMap()}, as {@code gotrail ldd --json}
 *                        prints it), written to {@code linkmap.json}; empty when built by hand
 */
public record LinkMapEvidence(String binary, String root, List<String> tree, List<String> missing, List<String> versionProblems,
                              Map<String, Object> json) {

    public LinkMapEvidence {
        Objects.requireNonNull(binary, "binary");
        root = root == null ? "/" : root;
        tree = List.copyOf(tree);
        missing = List.copyOf(missing);
        versionProblems = List.copyOf(versionProblems);
        json = json == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }

    /** Link-map evidence without a JSON shape (built by hand). */
    public LinkMapEvidence(String binary, String root, List<String> tree, List<String> missing, List<String> versionProblems) {
        this(binary, root, tree, missing, versionProblems, Map.of());
    }

    public static LinkMapEvidence from(LinkMap map) {
        List<String> missing = new ArrayList<>();
        for (MissingLibrary m : map.missing()) {
            missing.add(m.soname() + " (needed by " + m.neededBy() + ")" + (m.note().isEmpty() ? "" : ": " + m.note())
                    + "; tried " + (m.searched().isEmpty() ? "nothing" : String.join(", ", m.searched())));
        }
        List<String> versions = new ArrayList<>();
        for (VersionProblem v : map.versionProblems()) {
            versions.add(v.message() + (v.weak() ? " (weak: a warning only)" : ""));
        }
        map.errors().forEach(e -> versions.add("error: " + e.path() + ": " + e.message()));
        List<String> tree = map.tree().lines().toList();
        return new LinkMapEvidence(map.binary(), map.root(), tree, missing, versions, map.toJsonMap());
    }

    public boolean hasProblems() {
        return !missing.isEmpty() || !versionProblems.isEmpty();
    }
}
