package dev.gotrail.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming strace parser. Works on bytes (no regular expressions, no per-line decoding) and holds
 * only the calls still {@code <unfinished ...>} (one per live thread): memory is bounded by live
 * processes, not by log size. It never throws on content: every line either contributes to an
 * event or becomes an {@link UnparsedLine} with its number.
 *
 * <p>This class feeds lines to the {@link StraceGrammar} and mends lines that something broke in two:
 * one of strace's own messages written into the middle of a call line (strace writes its messages
 * and, without {@code -o}, the trace to the same stderr; the message becomes a notice event and the
 * call is joined with its continuation on the next line), or the traced program's own output (the
 * call is joined, the program's lines are reported unparsed). See docs/internals/trace-model.md for the
 * strace features covered.
 */
public final class StraceParser {

    /** Lines a broken call waits for its continuation (strace -f on a busy stderr interleaves others). */
    private static final int MAX_BROKEN_AGE = 64;
    /** The traced program's lines kept while a broken call waits. */
    private static final int MAX_HELD = 32;

    /**
     * The first part of a line broken in two, and the physical lines it spans so far.
     *
     * @param byMessage broken by a strace message: the continuation is the very next line
     */
    private record Broken(byte[] head, List<UnparsedLine> lines, boolean byMessage, List<String> messages) {

        long line() {
            return lines.get(0).line();
        }
    }

    private final TraceSink sink;
    private final StraceGrammar grammar;
    private long lineNo;
    private Broken broken;
    private int brokenAge;
    private final List<UnparsedLine> held = new ArrayList<>();
    /** The log's last line when it has no newline (only the last one can lack it). */
    private UnparsedLine unterminated;
    /** The number of the last line reported unparsed. */
    private long lastUnparsed;

    /**
     * @param defaultPid pid of every line without a pid prefix (the pid of an {@code -ff} file), or 0: then
     *                   such lines belong to the only live tracee of their moment (0 while unknown)
     */
    public StraceParser(TraceSink sink, int defaultPid) {
        this.sink = sink;
        this.grammar = new StraceGrammar(sink, defaultPid);
    }

    public StraceParser(TraceSink sink) {
        this(sink, 0);
    }

    /** Parses a whole stream, then {@link #finish()}es. I/O errors propagate; content never throws. */
    public static void parse(InputStream in, TraceSink sink, int defaultPid) throws IOException {
        StraceParser p = new StraceParser(sink, defaultPid);
        LineReader.read(in, p::line);
        p.finish();
    }

    /**
     * Parses a log file; the pid of lines without a prefix comes from an {@code -ff} name ({@link FfLogs#pidOf}).
     *
     * @throws UncheckedIOException when the file cannot be read, naming it
     */
    public static void parse(Path file, TraceSink sink) {
        try (InputStream in = Files.newInputStream(file)) {
            parse(in, sink, FfLogs.pidOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Feeds one line (without its newline). {@code terminated} is false for a last line that had no newline. */
    public void line(byte[] b, int off, int len, boolean terminated) {
        lineNo++;
        if (!terminated) {
            unterminated = new UnparsedLine(lineNo, TraceText.decode(b, off, len));
            grammar.cut = false;
        }
        int end = off + len;
        if (end > off && b[end - 1] == '\r') {
            end--;
        }
        try {
            if (broken != null) {
                if (continueBroken(b, off, end, len, terminated)) {
                    return;
                }
            } else if (grammar.line(b, off, end, !terminated, lineNo)) {
                sink.parsedLine();
                return;
            }
            if (!startBroken(b, off, end, len, terminated)) {
                unparsed(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
            }
        } catch (RuntimeException e) {
            // A parser bug must not lose the line or abort the log: report it as unparsed.
            unparsed(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
        }
    }

    private void unparsed(UnparsedLine line) {
        lastUnparsed = line.line();
        sink.unparsed(line);
    }

    /** A line that is not a record by itself: broken by a strace message, or a call the program's output broke. */
    private boolean startBroken(byte[] b, int off, int end, int len, boolean terminated) {
        int splice = StraceMessages.spliceStart(b, off, end);
        if (splice > off && !blank(b, off, splice)) {
            String message = TraceText.decode(b, splice, end - splice);
            if (!StraceMessages.canStartRecord(b, off, splice)) {
                // a piece of another message before this one: the whole line is strace's
                grammar.notice(TraceText.decode(b, off, end - off), lineNo, 0, TraceEvent.UNKNOWN);
                sink.parsedLine();
                return true;
            }
            // the call's process is the one of the line's start: what the message says counts after it
            grammar.emitNotice(message, lineNo, 0, TraceEvent.UNKNOWN);
            broken = new Broken(Arrays.copyOfRange(b, off, splice),
                    List.of(new UnparsedLine(lineNo, TraceText.decode(b, off, len))), true, List.of(message));
            brokenAge = 0;
            return true;
        }
        if (terminated && TraceBytes.indexOf(b, off, end, (byte) '(') >= 0) {
            // a call whose line the traced program's own output broke ("write(2, "x"..., 5x\n) = 5"):
            // try it joined with the next line
            broken = new Broken(Arrays.copyOfRange(b, off, end),
                    List.of(new UnparsedLine(lineNo, TraceText.decode(b, off, len))), false, List.of());
            brokenAge = 0;
            return true;
        }
        return false;
    }

    /** A line while a broken one waits; false when the broken line was given up and this one is to be read afresh. */
    private boolean continueBroken(byte[] b, int off, int end, int len, boolean terminated) {
        Broken c = broken;
        int p = TraceBytes.skipSpaces(b, off, end);
        // strace continues the line right after its message, unless another message follows first
        boolean joinFirst = c.byMessage && (p >= end || !StraceMessages.isMessage(b, p, end));
        if (joinFirst && joined(c, b, off, end, terminated)) {
            return true;
        }
        if (c.byMessage && p == off && c.messages.size() < MAX_HELD && StraceMessages.isMessage(b, off, end)) {
            // a second message of strace's own before it goes on with the line ("SIGCHLDstrace: …" then
            // "strace: Process 7 attached" then ", child_tidptr=…) = 7"): a notice now, but what it says
            // about the processes counts after the call, as for the first one
            String message = TraceText.decode(b, off, end - off);
            grammar.emitNotice(message, lineNo, 0, TraceEvent.UNKNOWN);
            sink.parsedLine();
            List<String> messages = new ArrayList<>(c.messages);
            messages.add(message);
            broken = new Broken(c.head, c.lines, true, messages);
            return true;
        }
        // "  strace: …": the line had got as far as the spaces when a second message came; the spaces
        // belong to the broken record, the message is a notice (handled with the spliced ones below)
        boolean spacesThenMessage = c.byMessage && !joinFirst && p > off && StraceMessages.spliceStart(b, off, end) == p;
        // "1 Estrace: …" after "… = -": strace continued the broken line and was interrupted again
        // before it ended. Its piece must not be read as a record of its own ("1 " is no pid prefix).
        boolean continuedThenMessage = c.byMessage && joinFirst && StraceMessages.spliceStart(b, off, end) > off;
        if (!spacesThenMessage && !continuedThenMessage && grammar.line(b, off, end, !terminated, lineNo)) {
            // other threads' lines come between a call the program broke and its continuation
            if (++brokenAge > MAX_BROKEN_AGE) {
                giveUp();
            }
            sink.parsedLine();
            return true;
        }
        if (!joinFirst && !spacesThenMessage && joined(c, b, off, end, terminated)) {
            return true;
        }
        int splice = StraceMessages.spliceStart(b, off, end);
        if (c.byMessage && splice > off) {
            // a second message in the continuation: the line goes on further down
            String message = TraceText.decode(b, splice, end - splice);
            grammar.emitNotice(message, lineNo, 0, TraceEvent.UNKNOWN);
            byte[] head = Arrays.copyOf(c.head, c.head.length + (splice - off));
            System.arraycopy(b, off, head, c.head.length, splice - off);
            List<UnparsedLine> lines = new ArrayList<>(c.lines);
            lines.add(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
            List<String> messages = new ArrayList<>(c.messages);
            messages.add(message);
            if (!StraceMessages.canStartRecord(head, 0, head.length)) {
                // no record after all: pieces of a message that others interleaved with
                broken = null;
                messages.forEach(grammar::takeNotice);
                grammar.emitNotice(TraceText.decode(head, 0, head.length), c.line(), 0, TraceEvent.UNKNOWN);
                for (int i = 0; i < lines.size(); i++) {
                    sink.parsedLine();
                }
                return true;
            }
            broken = new Broken(head, lines, true, messages);
            return true;
        }
        if (terminated && held.size() < MAX_HELD && !looksLikeCallStart(b, off, end)) {
            held.add(new UnparsedLine(lineNo, TraceText.decode(b, off, len)));
            return true;
        }
        giveUp();
        return false;
    }

    /** Tries the broken line's head joined with this line; on success every line of it is parsed. */
    private boolean joined(Broken c, byte[] b, int off, int end, boolean terminated) {
        byte[] joined = Arrays.copyOf(c.head, c.head.length + (end - off));
        System.arraycopy(b, off, joined, c.head.length, end - off);
        if (!grammar.line(joined, 0, joined.length, !terminated, c.line())) {
            return false;
        }
        broken = null;
        c.messages.forEach(grammar::takeNotice);
        held.forEach(this::unparsed); // the program's own output between the halves
        held.clear();
        for (int i = 0; i <= c.lines.size(); i++) {
            sink.parsedLine();
        }
        return true;
    }

    private void giveUp() {
        if (broken != null) {
            broken.messages.forEach(grammar::takeNotice);
            broken.lines.forEach(this::unparsed);
            broken = null;
            held.forEach(this::unparsed);
            held.clear();
        }
    }

    private static boolean blank(byte[] b, int s, int e) {
        return TraceBytes.skipSpaces(b, s, e) >= e;
    }

    /** A line that begins like a trace record ("1234 name(" or "name("): never program output to hold. */
    private static boolean looksLikeCallStart(byte[] b, int off, int end) {
        int p = off;
        while (p < end && (TraceBytes.isDigit(b[p]) || b[p] == ' ')) p++;
        int s = p;
        while (p < end && TraceBytes.isNameChar(b[p])) p++;
        return p > s && p < end && b[p] == '(' || p < end && (b[p] == '<' || b[p] == '+' || b[p] == '[');
    }

    /**
     * Ends the log: calls still unfinished are emitted as incomplete, a broken line as unparsed, and
     * a last line without newline that is no whole record (read as a cut call, unparsed, or not
     * ending as a record ends: {@link IncompleteLog#endsLikeARecord}) is reported to
     * {@link TraceSink#cutLastLine}.
     */
    public void finish() {
        giveUp();
        grammar.pending().drain().forEach(sink::event);
        if (unterminated != null && (grammar.cut || lastUnparsed == unterminated.line()
                || !IncompleteLog.endsLikeARecord(unterminated.text()))) {
            sink.cutLastLine(unterminated);
        }
    }

    /**
     * Ends a chunk of a log that continues elsewhere: like {@link #finish()}, but the calls still
     * unfinished are returned (as incomplete events) instead of emitted, so that the caller can join
     * them with the resumed halves at the start of the next chunk.
     */
    List<TraceEvent> finishChunk() {
        giveUp();
        return grammar.pending().drain();
    }

    /** Lines seen so far. */
    public long lines() {
        return lineNo;
    }
}
