package dev.gotrail.trace;

/**
 * A shared object the dynamic loader or {@code dlopen} opened (or failed to open).
 *
 * @param loaded true when the open succeeded and the file was mapped ({@code mmap} of its fd)
 *               or, without mmap evidence, opened successfully
 * @param errno  why the open failed (e.g. {@code ENOENT} for a library-path probe), or null
 */
public record SharedObject(int pid, String path, boolean loaded, String errno, long line, String evidence) {
}
