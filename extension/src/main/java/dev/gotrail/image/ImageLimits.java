package dev.gotrail.image;

/**
 * Bounds on what unpacking one image may consume; an image beyond them is rejected as hostile
 * (docs/images.md, "Safety") before it fills the disk.
 *
 * @param maxEntries     layer entries over all layers
 * @param maxEntryBytes  size of one regular file
 * @param maxTotalBytes  sum of the sizes of all regular files written (uncompressed)
 * @param maxJsonBytes   size of one index, manifest or config document
 */
public record ImageLimits(long maxEntries, long maxEntryBytes, long maxTotalBytes, long maxJsonBytes) {

    /** 2 million entries, 16 GiB per file, 64 GiB in all, 16 MiB per JSON document. */
    public static final ImageLimits DEFAULT = new ImageLimits(2_000_000, 16L << 30, 64L << 30, 16L << 20);

    public ImageLimits {
        if (maxEntries <= 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxJsonBytes <= 0) {
            throw new IllegalArgumentException("image limits must be positive: " + maxEntries + ", " + maxEntryBytes
                    + ", " + maxTotalBytes + ", " + maxJsonBytes);
        }
    }
}
