package dev.gotrail.tracer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;

/**
 * Runs a command with commons-exec: environment changes, working directory, captured output and a
 * timeout that kills the whole process tree. The tree matters for traced commands: killing only
 * strace would leave its tracees running, detached.
 */
public final class CommandRunner {

    /** Captured stdout/stderr are cut after this many bytes each (a note says how much was cut). */
    public static final int MAX_CAPTURE_BYTES = 8 * 1024 * 1024;

    private CommandRunner() {
    }

    public static CommandResult run(CommandSpec spec) {
        Map<String, String> env = spec.effectiveEnvironment();
        Path dir = spec.dir() == null ? Path.of("").toAbsolutePath() : spec.dir();
        CommandLine line = new CommandLine(spec.command().get(0));
        for (String arg : spec.command().subList(1, spec.command().size())) {
            line.addArgument(arg, false); // no quoting: arguments reach execve as given
        }
        BoundedBuffer out = new BoundedBuffer(MAX_CAPTURE_BYTES);
        BoundedBuffer err = new BoundedBuffer(MAX_CAPTURE_BYTES);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(spec.timeout());
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(dir.toFile()).get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // every exit code is a result, not an exception
        long start = System.nanoTime();
        int exit;
        String startError = null;
        if (!Files.isDirectory(dir)) {
            return new CommandResult(spec.command(), dir, env, -1, "", "", false, Duration.ZERO,
                    "working directory " + dir + " does not exist");
        }
        try {
            exit = executor.execute(line, env);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
            if (!watchdog.killedProcess()) {
                startError = describeStartFailure(spec, e);
            }
        } catch (IOException e) {
            exit = -1;
            startError = describeStartFailure(spec, e);
        }
        watchdog.killTree(); // also reaps anything the command left running in the background
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        boolean timedOut = watchdog.killedProcess();
        return new CommandResult(spec.command(), dir, env, timedOut ? -1 : exit, out.text(), err.text(),
                timedOut, elapsed, startError);
    }

    private static String describeStartFailure(CommandSpec spec, IOException e) {
        String program = spec.command().get(0);
        Path p = Path.of(program);
        if (program.contains("/") && !Files.exists(p)) {
            return program + " does not exist";
        }
        if (program.contains("/") && !Files.isExecutable(p)) {
            return program + " is not executable (chmod +x it)";
        }
        String msg = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        return msg == null ? e.toString() : msg;
    }

    /** Keeps the first {@code limit} bytes and counts the rest. */
    static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private long dropped;

        BoundedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < limit) {
                bytes.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, limit - bytes.size());
            int keep = Math.min(room, len);
            bytes.write(b, off, keep);
            dropped += len - keep;
        }

        synchronized String text() {
            String s = bytes.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[gotrail: " + dropped + " more bytes not captured]\n";
        }
    }

    /**
     * commons-exec's watchdog destroys only the direct child. This one remembers the process and
     * kills its descendants too, repeatedly, so children forked while killing are caught.
     */
    static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private volatile Process process;
        // killTree() runs before super.timeoutOccured(), which then sees a dead process and does
        // not set its own flag; remember the timeout here so timed-out runs are reported as such.
        private volatile boolean fired;

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout) {
            super(timeout.toMillis());
        }

        @Override
        public synchronized void start(Process started) {
            this.process = started;
            super.start(started);
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            fired = true;
            killTree();
            super.timeoutOccured(w);
        }

        @Override
        public synchronized boolean killedProcess() {
            return fired || super.killedProcess();
        }

        void killTree() {
            Process p = process;
            if (p == null) {
                return;
            }
            Set<ProcessHandle> known = new LinkedHashSet<>();
            known.add(p.toHandle());
            for (int round = 0; round < 50; round++) {
                Map<Long, ProcessHandle> alive = new LinkedHashMap<>();
                for (ProcessHandle h : known) {
                    if (h.isAlive()) {
                        alive.put(h.pid(), h);
                    }
                    h.descendants().forEach(d -> alive.put(d.pid(), d));
                }
                if (alive.isEmpty()) {
                    return;
                }
                known.addAll(alive.values());
                alive.values().forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle h : alive.values()) {
                    try {
                        h.onExit().get(100, TimeUnit.MILLISECONDS);
                    } catch (Exception ignored) {
                        // still dying; the next round sees it again
                    }
                }
            }
        }
    }
}
