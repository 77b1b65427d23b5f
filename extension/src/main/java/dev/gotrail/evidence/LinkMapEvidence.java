package dev.gotrail.evidence;

import java.util.List;
import java.util.Objects;

/**
 * A link map as evidence: the binary, the root it was resolved in, the tree of loaded objects
 * (one line each, indented by depth, with the reason it was found) and the problems.
 *
 * @param binary          the analysed ELF file
 * @param root            filesystem root of the resolution ("/" for the host)
 * @param tree            indented lines such as {@code   libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 [LD_SO_CACHE]}
 * @param missing         one line per missing library with every path tried
 * @param versionProblems one line per missing symbol version
 */
public record LinkMapEvidence(String binary, String root, List<String> tree, List<String> missing, List<String> versionProblems) {

    public LinkMapEvidence {
        Objects.requireNonNull(binary, "binary");
        root = root == null ? "/" : root;
        tree = List.copyOf(tree);
        missing = List.copyOf(missing);
        versionProblems = List.copyOf(versionProblems);
    }

    public boolean hasProblems() {
        return !missing.isEmpty() || !versionProblems.isEmpty();
    }
}
