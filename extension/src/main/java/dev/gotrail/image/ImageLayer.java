package dev.gotrail.image;

/**
 * One layer of an image, bottom first.
 *
 * @param digest    the blob digest, e.g. {@code sha256:…} (for a docker-archive layer stored by
 *                  name: the digest of the file as stored)
 * @param mediaType the descriptor's media type ("" for docker-archive layers)
 * @param size      the blob size in bytes as stored (compressed)
 * @param diffId    the digest of the uncompressed layer tar from the config's {@code rootfs.diff_ids}; "" when absent
 * @param compression what the layer was stored as: {@code none}, {@code gzip} or {@code zstd}
 */
public record ImageLayer(String digest, String mediaType, long size, String diffId, String compression) {
}
