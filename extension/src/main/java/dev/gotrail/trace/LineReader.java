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

    private LineReader() {
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
            for (int i = scan; i < end; i++) {
                if (buf[i] == '\n') {
                    handler.line(buf, start, i - start, true);
                    start = i + 1;
                }
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
