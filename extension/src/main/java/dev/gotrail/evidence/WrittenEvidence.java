package dev.gotrail.evidence;

import java.nio.file.Path;
import java.util.List;

/**
 * The evidence files written for one test.
 *
 * @param directory the test's evidence directory (absolute)
 * @param files     every file written, absolute, in the order a reader should open them
 * @param digest    the digest lines (at most {@value EvidenceDigest#MAX_LINES})
 */
public record WrittenEvidence(Path directory, List<Path> files, List<String> digest) {

    public WrittenEvidence {
        files = List.copyOf(files);
        digest = List.copyOf(digest);
    }

    public Path html() {
        return directory.resolve(EvidenceWriter.HTML);
    }
}
