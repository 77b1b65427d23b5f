package dev.gotrail.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of a small file go read during a trace (the go/env file, {@code $GOROOT/go.env}, go.mod,
 * go.work): the data of the {@code read}s of its descriptor when the trace has them (strace traced
 * {@code read}), else the file itself when it has not changed since the trace was written. gotrail's
 * own tracer does not trace {@code read} (it would cost more than the tracing overhead bar allows,
 * docs/internals/performance.md): its {@code openat} proves that go consulted the file, and the file,
 * unchanged, gives what go read. A file modified after the trace, or gone, gives no text.
 */
final class ConsultedFiles {

    /** go's settings files are small; anything bigger is not read from the disk. */
    static final long MAX_BYTES = 64 * 1024;

    /** What a file said, and how gotrail knows it. */
    record Content(String text, String how) {
    }

    private final long traceWrittenMillis;

    /** @param traceWrittenMillis when the trace log was last written (epoch ms), or {@link Long#MIN_VALUE} to never read the disk */
    ConsultedFiles(long traceWrittenMillis) {
        this.traceWrittenMillis = traceWrittenMillis;
    }

    /** The last-modified time of the newest log, or {@link Long#MIN_VALUE} when unknown. */
    static ConsultedFiles forLogs(List<Path> logs) {
        long newest = Long.MIN_VALUE;
        for (Path log : logs) {
            try {
                newest = Math.max(newest, Files.getLastModifiedTime(log).toMillis());
            } catch (IOException | RuntimeException e) {
                // a log that vanished after parsing: no disk contents then
            }
        }
        return new ConsultedFiles(newest);
    }

    /**
     * The text go read from the file {@code open} opened, or null when neither the trace nor the
     * unchanged file can say.
     *
     * @param open  a successful open of the file
     * @param group the calls of the opening process and its threads, in log order
     */
    Content of(FileAccess open, List<TraceEvent> group) {
        StringBuilder sb = null;
        for (TraceEvent e : group) {
            if (e.line() <= open.line() || e.kind() != EventKind.SYSCALL) {
                continue;
            }
            String name = e.name();
            List<String> args;
            if (name.equals("close") && (args = e.args()).size() == 1 && StraceValues.leadingNumber(args.get(0)) == open.result()) {
                break;
            }
            if (name.startsWith("open") && e.succeeded() && e.retval() == open.result()) {
                break; // the descriptor was closed unseen and reused
            }
            if ((name.equals("read") || name.equals("pread64")) && e.succeeded() && e.retval() > 0
                    && (args = e.args()).size() >= 2 && StraceValues.leadingNumber(args.get(0)) == open.result()) {
                String data = StraceValues.decodeString(args.get(1));
                if (data != null) {
                    sb = sb == null ? new StringBuilder() : sb;
                    sb.append(data);
                }
            }
        }
        if (sb != null) {
            return new Content(sb.toString(), "read in the trace");
        }
        return fromDisk(Path.of(open.path()));
    }

    private Content fromDisk(Path file) {
        if (traceWrittenMillis == Long.MIN_VALUE || !file.isAbsolute()) {
            return null;
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES
                    || Files.getLastModifiedTime(file).toMillis() > traceWrittenMillis) {
                return null;
            }
            return new Content(Files.readString(file, StandardCharsets.UTF_8), "the file, unchanged since the trace");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
