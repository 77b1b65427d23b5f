package dev.gotrail.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Summarises a large strace log on several cores: the file is cut at line boundaries into one chunk
 * per core, each chunk is parsed by its own parser, and the chunks are stitched together: calls
 * left {@code <unfinished ...>} at the end of a chunk are joined with their {@code resumed} halves
 * at the start of the next, and line numbers are shifted, so the result equals a sequential parse.
 */
final class ParallelSummary {

    /** Below this size one thread is faster than starting more. */
    static final long MIN_PARALLEL_BYTES = 32L << 20;

    private ParallelSummary() {
    }

    /**
     * @param tails  calls left unfinished at the chunk's end
     * @param heads  per pid, a resumed half that was the pid's first call event in the chunk, with the
     *               number of execs listed before it (to keep the exec list in log order)
     * @param active pids with any event in the chunk or a call pending at its end
     */
    private record Chunk(TraceSummary summary, List<TraceEvent> tails, Map<Integer, Head> heads, Set<Integer> active, long lines) {
    }

    private record Head(TraceEvent event, int execIndex) {
    }

    static TraceSummary summarize(Path file, TraceFormat format, int threads) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] cuts = cuts(ch, size, threads);
            ExecutorService pool = Executors.newFixedThreadPool(cuts.length - 1, r -> {
                Thread t = new Thread(r, "gotrail-parse");
                t.setDaemon(true);
                return t;
            });
            try {
                List<CompletableFuture<Chunk>> futures = new ArrayList<>();
                for (int i = 0; i + 1 < cuts.length; i++) {
                    long from = cuts[i];
                    long to = cuts[i + 1];
                    boolean first = i == 0;
                    boolean last = i + 2 == cuts.length;
                    futures.add(CompletableFuture.supplyAsync(() -> chunk(file, format, ch, from, to, first, last), pool));
                }
                TraceSummary total = null;
                List<TraceEvent> tails = new ArrayList<>();
                long lines = 0;
                for (CompletableFuture<Chunk> f : futures) {
                    Chunk c = f.get();
                    if (total == null) {
                        total = c.summary;
                        tails = new ArrayList<>(c.tails);
                    } else {
                        tails = stitch(total, tails, c, lines);
                        total.append(c.summary, lines);
                    }
                    lines += c.lines;
                }
                tails.forEach(total::event);
                return total;
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing " + file, e);
        }
    }

    /** Chunk boundaries: just after a newline near each 1/n of the file. */
    private static long[] cuts(FileChannel ch, long size, int n) throws IOException {
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (int i = 1; i < n; i++) {
            long pos = Math.max(size * i / n, cuts.get(cuts.size() - 1));
            long cut = -1;
            while (cut < 0 && pos < size) {
                buf.clear();
                int r = ch.read(buf, pos);
                if (r <= 0) break;
                for (int k = 0; k < r; k++) {
                    if (buf.get(k) == '\n') {
                        cut = pos + k + 1;
                        break;
                    }
                }
                pos += r;
            }
            if (cut > 0 && cut < size && cut > cuts.get(cuts.size() - 1)) {
                cuts.add(cut);
            }
        }
        cuts.add(size);
        long[] out = new long[cuts.size()];
        for (int i = 0; i < out.length; i++) out[i] = cuts.get(i);
        return out;
    }

    private static Chunk chunk(Path file, TraceFormat format, FileChannel ch, long from, long to, boolean first, boolean last) {
        TraceSummary summary = new TraceSummary(file, format);
        Map<Integer, Head> heads = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        Set<Integer> active = new HashSet<>();
        TraceSink sink = first ? summary : new TraceSink() {
            @Override
            public void event(TraceEvent e) {
                active.add(e.pid());
                if (e.kind() == EventKind.SYSCALL && seen.add(e.pid()) && e.has(TraceEvent.RESUMED_ONLY)) {
                    // may continue a call the previous chunk left unfinished
                    heads.put(e.pid(), new Head(e, summary.execsListed()));
                } else {
                    summary.event(e);
                }
            }

            @Override
            public void unparsed(UnparsedLine line) {
                summary.unparsed(line);
            }

            @Override
            public void parsedLine() {
                summary.parsedLine();
            }

            @Override
            public boolean keepArgs(String syscall) {
                return summary.keepArgs(syscall);
            }

            @Override
            public void cutLastLine(UnparsedLine line) {
                summary.cutLastLine(line);
            }
        };
        StraceParser parser = new StraceParser(sink, 0);
        try (InputStream in = new RangeInputStream(ch, from, to)) {
            LineReader.read(in, parser::line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace log " + file + ": " + e.getMessage(), e);
        }
        List<TraceEvent> tails;
        if (last) {
            parser.finish();
            tails = List.of();
        } else {
            tails = parser.finishChunk();
        }
        tails.forEach(t -> active.add(t.pid()));
        return new Chunk(summary, tails, heads, active, parser.lines());
    }

    /**
     * Joins the unfinished calls before a cut with the resumed halves after it, counting them into
     * the later chunk's summary (execs at their place in the log). A call still blocked across the
     * whole chunk (its pid did nothing there) is carried on; returns the tails for the next cut.
     */
    private static List<TraceEvent> stitch(TraceSummary total, List<TraceEvent> tails, Chunk c, long offset) {
        TraceSummary later = c.summary;
        List<TraceEvent> carried = new ArrayList<>();
        // later heads first: inserting at a higher exec index must not shift a lower one
        List<Head> joinedOrder = new ArrayList<>();
        Map<Head, TraceEvent> joined = new HashMap<>();
        for (TraceEvent t : tails) {
            Head h = c.heads.remove(t.pid());
            if (h != null && h.event.name().equals(t.name())) {
                TraceEvent e = h.event;
                String head = t.rawArgs().stripTrailing();
                String cont = e.rawArgs();
                String args = head.isEmpty() ? cont : cont.isEmpty() ? head : head.endsWith(",") ? head + " " + cont : head + cont;
                int flags = (t.flags() | e.flags()) & ~(TraceEvent.INCOMPLETE | TraceEvent.RESUMED_ONLY)
                        | (e.flags() & TraceEvent.INCOMPLETE);
                joined.put(h, TraceEvent.call(t.line(), e.endLine() + offset, t.pid(), t.timeNanos(), t.name(), args,
                        e.outcome(), flags));
                joinedOrder.add(h);
            } else if (h == null && !c.active.contains(t.pid())) {
                carried.add(t); // still blocked: it resumes in a later chunk
            } else {
                total.event(t);
                if (h != null) {
                    joined.put(h, h.event);
                    joinedOrder.add(h);
                }
            }
        }
        for (Head h : c.heads.values()) {
            joined.put(h, h.event);
            joinedOrder.add(h);
        }
        joinedOrder.sort((a, b) -> Integer.compare(b.execIndex, a.execIndex));
        for (Head h : joinedOrder) {
            later.eventAt(joined.get(h), h.execIndex);
        }
        carried.addAll(c.tails);
        return carried;
    }

    /** Reads [from, to) of a file channel with positional reads (chunks share the channel). */
    private static final class RangeInputStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        RangeInputStream(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.pos = from;
            this.end = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - pos);
            int r = ch.read(ByteBuffer.wrap(b, off, n), pos);
            if (r > 0) {
                pos += r;
            }
            return r;
        }

        @Override
        public void close() {
            // the channel belongs to the caller
        }
    }
}
