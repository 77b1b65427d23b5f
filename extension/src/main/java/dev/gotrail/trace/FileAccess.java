package dev.gotrail.trace;

/**
 * One path-taking call: {@code openat}, {@code stat}, {@code access}, {@code readlink}, {@code execve}...
 *
 * @param path    the path as the call saw it; a relative path is joined to the {@code -y} decoration of its dirfd when the trace had one ({@link TraceText} rule)
 * @param result  the return value, or {@link TraceEvent#UNKNOWN}
 * @param errno   e.g. {@code ENOENT}; null on success
 * @param evidence the trace line, for messages
 */
public record FileAccess(int pid, String syscall, String path, long result, String errno, long line, String evidence) {

    public boolean succeeded() {
        return errno == null && result != TraceEvent.UNKNOWN;
    }

    /** The path's original bytes. */
    public byte[] pathBytes() {
        return TraceText.encode(path);
    }
}
