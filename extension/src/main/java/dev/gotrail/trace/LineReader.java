package dev.gotrail.trace;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: the parsers work on bytes. The buffer grows
 * only as far as the longest line (strace -v lines with a full environment reach tens of KB).
 */
final class LineReader {

    interface LineHandler {
        /** One line without its {@code \n} (a trailing {@code \r} is kept); {@code terminated} is false for a last line without newline. */
        void line(byte[] b, int off, int len, boolean terminated);
    }

    static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private LineReader() {
    }

    /** First '\n' in [from, end), eight bytes at a time (SWAR zero-byte test), or -1. */
    static int indexOfNewline(byte[] b, int from, int end) {
        int i = from;
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static void read(InputStream in, LineHandler handler) throws IOException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scan = end;
            end += n;
            int i = scan;
            while (true) {
                int nl = indexOfNewline(buf, i, end);
                if (nl < 0) {
                    break;
                }
                handler.line(buf, start, nl - start, true);
                start = nl + 1;
                i = nl + 1;
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
        if (end > start) {
            handler.line(buf, start, end - start, false);
        }
    }
}
