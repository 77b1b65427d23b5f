package dev.gotrail.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An output stream that redacts what passes through it, line by line, with
 * {@link Redactor#redactPrinted}: the command line prints through it, so nothing it prints (human
 * reports, JSON, the traced program's own output) shows a secret. Bytes are held until a line is
 * complete — a secret printed in two pieces is still seen whole — so {@link #flush()} passes on
 * complete lines only; {@link #finish()} passes on the rest. A line longer than
 * {@value #MAX_LINE} bytes is redacted and passed on in pieces of that size.
 *
 * <p>{@link #close()} finishes but does not close the underlying stream (it is usually
 * {@code System.out}). Not thread-safe on its own; wrap it in a {@code PrintStream}, which
 * synchronises.
 */
public final class RedactingOutputStream extends OutputStream {

    /** Longest line held back, in bytes. */
    public static final int MAX_LINE = 1 << 20;

    private final OutputStream out;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    public RedactingOutputStream(OutputStream out, Redactor redactor) {
        this.out = Objects.requireNonNull(out, "out");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit(true);
        } else if (line.size() >= MAX_LINE) {
            emit(false);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i + 1 - start);
                emit(true);
                start = i + 1;
            } else if (line.size() + (i + 1 - start) >= MAX_LINE) {
                line.write(b, start, i + 1 - start);
                emit(false);
                start = i + 1;
            }
        }
        line.write(b, start, end - start);
    }

    /** Passes on complete lines; a partial line waits for its end or for {@link #finish()}. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Passes on the partial line, if any, and flushes. */
    public void finish() throws IOException {
        if (line.size() > 0) {
            emit(false);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private void emit(boolean endsWithNewline) throws IOException {
        // ISO-8859-1: one char per byte, so any bytes (UTF-8 or not) survive unchanged
        String text = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        String body = endsWithNewline ? text.substring(0, text.length() - 1) : text;
        out.write(redactor.redactPrintedLatin1(body).getBytes(StandardCharsets.ISO_8859_1));
        if (endsWithNewline) {
            out.write('\n');
        }
    }
}
