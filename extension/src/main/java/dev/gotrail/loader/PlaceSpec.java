package dev.gotrail.loader;

import java.nio.file.Path;

/**
 * A file of this machine and where to place it in a root, as {@code gotrail ldd --place} and
 * {@code @AssumeSharedLibs(place)} write it: {@code HOSTFILE[:/PATH]}. Without {@code :/PATH} the
 * file goes where {@link Loader#defaultPlacement(Path)} puts it.
 *
 * @param hostFile   the file of this machine, as written (relative paths stay relative)
 * @param pathInRoot where it is placed in the root, as written, or the default placement
 */
public record PlaceSpec(Path hostFile, String pathInRoot) {

    /** Splits {@code spec} at its last {@code ":/"}; a colon not followed by {@code /} is part of the file name. */
    public static PlaceSpec parse(String spec) {
        int colon = spec.lastIndexOf(":/");
        Path host = Path.of(colon > 0 ? spec.substring(0, colon) : spec);
        return new PlaceSpec(host, colon > 0 ? spec.substring(colon + 1) : Loader.defaultPlacement(host));
    }
}
