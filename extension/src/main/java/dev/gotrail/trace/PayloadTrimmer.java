package dev.gotrail.trace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a {@link GoTrace} memory-light: the data of read/write-style calls (object files, archives
 * with {@code -s 4096}) is most of a {@code go build} trace and nothing gotrail infers depends on
 * it. Payload strings longer than {@link #KEEP} characters are cut to that many, marked the way
 * strace marks {@code -s} truncation ({@code "..."...}) and flagged {@link TraceEvent#TRUNCATED};
 * the raw log keeps everything. Reads of go's settings files (the go/env file, {@code $GOROOT/go.env},
 * go.mod, go.work) stay whole: they are CONFIG_FILE and toolchain-switch evidence.
 */
final class PayloadTrimmer implements TraceSink {

    static final int KEEP = 512;

    private static final Set<String> DATA_CALLS = Set.of("read", "write", "pread64", "pwrite64", "readv", "writev",
            "preadv", "pwritev", "preadv2", "pwritev2", "recvfrom", "sendto", "recvmsg", "sendmsg", "getdents64");

    private final TraceSink next;
    /** pid<<32 | fd of opened go/env files, whose reads are kept whole. */
    private final Set<Long> keepWhole = new HashSet<>();

    PayloadTrimmer(TraceSink next) {
        this.next = next;
    }

    @Override
    public void event(TraceEvent e) {
        if (e.kind() == EventKind.SYSCALL) {
            String name = e.name();
            if (name.startsWith("open") && e.succeeded() && keptWhole(e.rawArgs())) {
                keepWhole.add(key(e.pid(), e.retval()));
            } else if (DATA_CALLS.contains(name) && e.rawArgs().length() > 2 * KEEP) {
                List<String> args = e.args();
                if (args.isEmpty() || !keepWhole.contains(key(e.pid(), StraceValues.leadingNumber(args.get(0))))) {
                    e = trim(e);
                }
            }
        }
        next.event(e);
    }

    /** go's settings files: the go/env file, $GOROOT/go.env, go.mod, go.work (what decides GOROOT and GOTOOLCHAIN). */
    private static boolean keptWhole(String rawArgs) {
        return rawArgs.contains("/go/env\"") || rawArgs.contains("/go.env\"") || rawArgs.contains("/go.mod\"")
                || rawArgs.contains("/go.work\"");
    }

    private static long key(int pid, long fd) {
        return ((long) pid << 32) ^ (fd & 0xffffffffL);
    }

    private static TraceEvent trim(TraceEvent e) {
        String raw = e.rawArgs();
        int q = raw.indexOf('"');
        if (q < 0) {
            return e;
        }
        int close = StraceValues.skipString(raw, q);
        if (close - q <= KEEP) {
            return e;
        }
        int limit = q + 1 + KEEP;
        int cut = q + 1;
        while (cut < limit) {
            int len = 1;
            if (raw.charAt(cut) == '\\' && cut + 1 < close) {
                char n = raw.charAt(cut + 1);
                if (n == 'x') {
                    len = 4;
                } else if (n >= '0' && n <= '7') {
                    len = 2;
                    while (len < 4 && cut + len < close && raw.charAt(cut + len) >= '0' && raw.charAt(cut + len) <= '7') len++;
                } else {
                    len = 2;
                }
            }
            if (cut + len > limit) {
                break; // never cut an escape sequence in half
            }
            cut += len;
        }
        String rest = raw.substring(close + 1);
        if (rest.startsWith("...")) {
            rest = rest.substring(3);
        }
        String shorter = raw.substring(0, cut) + "\"..." + rest;
        return e.withArgs(shorter, e.flags() | TraceEvent.TRUNCATED);
    }

    @Override
    public void unparsed(UnparsedLine line) {
        next.unparsed(line);
    }

    @Override
    public void parsedLine() {
        next.parsedLine();
    }

    @Override
    public void firstProcessIdentified(int pid) {
        next.firstProcessIdentified(pid);
    }

    @Override
    public void cutLastLine(UnparsedLine line) {
        next.cutLastLine(line);
    }
}
