package dev.gotrail.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Streaming parser for dtruss output (macOS and Solaris DTraceToolkit). Accepts the column layouts
 * {@code SYSCALL(args) = return}, {@code PID/LWP:} or {@code PID/0xTHRD:} prefixes, and the
 * optional RELATIVE, ELAPSD and CPU columns (with the {@code 232:} form of fork lines). Returns are
 * {@code = 3 0}, {@code = -1 Err#2} or the bare {@code = -1 2}; the errno number is named with the
 * Darwin errno table. Headers, {@code dtrace:} messages and the {@code CALL COUNT} table are
 * recognised; interleaved program output becomes unparsed lines. Never throws on content.
 */
public final class DtrussParser {

    /** Darwin errno numbers (sys/errno.h) for the names the trace model reports. */
    private static final Map<Integer, String> DARWIN_ERRNO = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(11, "EDEADLK"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(25, "ENOTTY"),
            Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"), Map.entry(30, "EROFS"),
            Map.entry(32, "EPIPE"), Map.entry(35, "EAGAIN"), Map.entry(36, "EINPROGRESS"), Map.entry(38, "ENOTSOCK"),
            Map.entry(45, "ENOTSUP"), Map.entry(48, "EADDRINUSE"), Map.entry(49, "EADDRNOTAVAIL"),
            Map.entry(60, "ETIMEDOUT"), Map.entry(61, "ECONNREFUSED"), Map.entry(62, "ELOOP"),
            Map.entry(63, "ENAMETOOLONG"), Map.entry(66, "ENOTEMPTY"), Map.entry(78, "ENOSYS"),
            Map.entry(93, "ENOATTR"), Map.entry(102, "EOPNOTSUPP"));

    private final TraceSink sink;
    private final NameCache names = new NameCache();
    private long lineNo;
    private boolean inCallCount;

    public DtrussParser(TraceSink sink) {
        this.sink = sink;
    }

    public static void parse(InputStream in, TraceSink sink) throws IOException {
        DtrussParser p = new DtrussParser(sink);
        LineReader.read(in, p::line);
    }

    public static void parse(Path file, TraceSink sink) {
        try (InputStream in = Files.newInputStream(file)) {
            parse(in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The errno name for a Darwin errno number, or {@code errno N}. */
    public static String errnoName(int n) {
        return DARWIN_ERRNO.getOrDefault(n, "errno " + n);
    }

    public void line(byte[] b, int off, int len, boolean terminated) {
        lineNo++;
        int end = off + len;
        while (end > off && (b[end - 1] == '\r' || b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        try {
            if (parseLine(b, off, end)) {
                sink.parsedLine();
                if (!terminated && !IncompleteLog.endsLikeARecord(TraceText.decode(b, off, len))) {
                    sink.cutLastLine(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
                }
                return;
            }
        } catch (RuntimeException e) {
            // fall through: the line is reported, never lost
        }
        UnparsedLine u = new UnparsedLine(lineNo, TraceText.decode(b, off, len));
        sink.unparsed(u);
        if (!terminated) {
            sink.cutLastLine(u); // the log's last line, without newline and no record: cut in the middle
        }
    }

    private boolean parseLine(byte[] b, int off, int end) {
        int p = off;
        while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        if (p >= end) {
            return false;
        }
        if (TraceBytes.startsWith(b, p, end, "dtrace: ")) {
            notice(b, p, end);
            return true;
        }
        if (TraceBytes.startsWith(b, p, end, "CALL ") && endsWithWord(b, p, end, "COUNT")) {
            inCallCount = true;
            summary(b, p, end);
            return true;
        }
        if (isHeader(b, p, end)) {
            inCallCount = false;
            notice(b, p, end);
            return true;
        }
        int pid = 0;
        // PID/LWP: or PID/0xTHRD:
        int q = p;
        while (q < end && TraceBytes.isDigit(b[q])) q++;
        if (q > p && q < end && b[q] == '/') {
            int v = 0;
            for (int i = p; i < q && i - p < 10; i++) v = v * 10 + (b[i] - '0');
            int r = q + 1;
            while (r < end && (TraceBytes.isHex(b[r]) || b[r] == 'x')) r++;
            if (r >= end || b[r] != ':' || r == q + 1) {
                return false;
            }
            pid = v;
            p = r + 1;
            while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        }
        // up to three numeric columns (RELATIVE, ELAPSD, CPU), possibly with a ':' suffix
        long elapsed = TraceEvent.UNKNOWN;
        long relative = TraceEvent.UNKNOWN;
        int columns = 0;
        while (p < end && TraceBytes.isDigit(b[p]) && columns < 3) {
            int s = p;
            long v = 0;
            while (p < end && TraceBytes.isDigit(b[p]) && p - s < 18) v = v * 10 + (b[p++] - '0');
            if (p < end && b[p] == ':') p++;
            if (p < end && b[p] != ' ' && b[p] != '\t') {
                p = s;
                break;
            }
            if (columns == 0) relative = v;
            if (columns == 1 || columns == 0) elapsed = v;
            columns++;
            while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        }
        if (inCallCount && columns == 0) {
            // "open_nocancel      12"
            int s = p;
            while (p < end && TraceBytes.isNameChar(b[p])) p++;
            if (p > s && p < end && (b[p] == ' ' || b[p] == '\t')) {
                while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
                int ds = p;
                while (p < end && TraceBytes.isDigit(b[p])) p++;
                if (p == end && p > ds) {
                    summary(b, s, end);
                    return true;
                }
            }
            inCallCount = false;
            return false;
        }
        int ns = p;
        while (p < end && TraceBytes.isNameChar(b[p])) p++;
        if (p == ns || p >= end || b[p] != '(') {
            return false;
        }
        String name = names.get(b, ns, p - ns);
        int argsStart = p + 1;
        int close = closeParen(b, argsStart, end);
        if (close < 0) {
            return false;
        }
        p = close + 1;
        while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        if (p >= end || b[p] != '=') {
            return false;
        }
        p++;
        while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        int rs = p;
        boolean neg = false;
        if (p < end && b[p] == '-') {
            neg = true;
            p++;
        }
        long retval = 0;
        int ds = p;
        if (p + 1 < end && b[p] == '0' && b[p + 1] == 'x') {
            p += 2;
            ds = p;
            while (p < end && TraceBytes.isHex(b[p])) retval = (retval << 4) | Character.digit(b[p++], 16);
        } else {
            while (p < end && TraceBytes.isDigit(b[p]) && p - ds < 19) retval = retval * 10 + (b[p++] - '0');
        }
        if (p == ds) {
            return false;
        }
        if (neg) retval = -retval;
        String result = TraceText.decode(b, rs, p - rs);
        while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
        String errno = null;
        int es = p;
        if (TraceBytes.startsWith(b, p, end, "Err#")) {
            p += 4;
            es = p;
        }
        int errnum = 0;
        int digits = 0;
        while (p < end && TraceBytes.isDigit(b[p]) && digits < 6) {
            errnum = errnum * 10 + (b[p++] - '0');
            digits++;
        }
        if (p != end || digits == 0 && es != p) {
            return false;
        }
        if (retval == -1 && errnum != 0) {
            errno = errnoName(errnum);
        }
        String args = TraceText.decode(b, argsStart, close - argsStart);
        sink.event(TraceEvent.call(lineNo, lineNo, pid, relative == TraceEvent.UNKNOWN ? TraceEvent.UNKNOWN : relative * 1000,
                name, args, new TraceEvent.Outcome(result, retval, errno,
                        elapsed == TraceEvent.UNKNOWN || columns < 2 ? TraceEvent.UNKNOWN : elapsed * 1000), 0));
        return true;
    }

    private static boolean isHeader(byte[] b, int p, int end) {
        // "PID/THRD  RELATIVE  ELAPSD    CPU SYSCALL(args)   = return", "SYSCALL(args) = return"
        return TraceBytes.indexOf(b, p, end, "SYSCALL(args)".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0
                && endsWithWord(b, p, end, "return");
    }

    private static boolean endsWithWord(byte[] b, int p, int end, String word) {
        int n = word.length();
        return end - p >= n && TraceBytes.startsWith(b, end - n, end, word);
    }

    private void notice(byte[] b, int p, int end) {
        sink.event(TraceEvent.notice(lineNo, 0, TraceEvent.UNKNOWN, TraceText.decode(b, p, end - p)));
    }

    private void summary(byte[] b, int p, int end) {
        sink.event(TraceEvent.summaryRow(lineNo, TraceText.decode(b, p, end - p)));
    }

    private static int closeParen(byte[] b, int p, int end) {
        int depth = 1;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                i++;
                while (i < end && b[i] != '"') {
                    if (b[i] == '\\') i++;
                    i++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
