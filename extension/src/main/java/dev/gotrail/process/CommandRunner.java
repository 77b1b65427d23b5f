package dev.gotrail.process;

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
import java.util.function.Consumer;
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

    /**
     * How long to wait for stdout/stderr to reach end-of-file after the command exited. A
     * background process that inherited the pipes (say {@code sh -c 'server &'}) would otherwise
     * keep {@link #run} waiting for as long as it lives.
     */
    static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(5);

    /** Runs the command and waits for it (or its timeout). */
    public static CommandResult run(CommandSpec spec) {
        return run(spec, started -> { });
    }

    /**
     * Runs the command and waits for it (or its timeout); {@code onStart} is told the started
     * process (for instance to watch its descendants) before the wait begins.
     */
    public static CommandResult run(CommandSpec spec, Consumer<ProcessHandle> onStart) {
        Map<String, String> env = spec.effectiveEnvironment();
        Path dir = spec.dir() == null ? Path.of("").toAbsolutePath() : spec.dir().toAbsolutePath();
        CommandLine line = new CommandLine(spec.command().get(0));
        for (String arg : spec.command().subList(1, spec.command().size())) {
            line.addArgument(arg, false); // no quoting: arguments reach execve as given
        }
        BoundedBuffer out = new BoundedBuffer(MAX_CAPTURE_BYTES);
        BoundedBuffer err = new BoundedBuffer(MAX_CAPTURE_BYTES);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(spec.timeout(), onStart);
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(dir.toFile()).get();
        PumpStreamHandler pumps = new PumpStreamHandler(out, err); // no input: the command's stdin is closed at once
        pumps.setStopTimeout(DRAIN_AFTER_EXIT);
        executor.setStreamHandler(pumps);
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
            Process started = watchdog.process;
            if (started != null && !started.isAlive()) {
                // It ran and exited; commons-exec complains only because a background child kept
                // the output pipes open past DRAIN_AFTER_EXIT. The exit code is the real one.
                exit = started.exitValue();
                if (!watchdog.killedProcess() && e.getMessage() != null && e.getMessage().contains("stop timeout")) {
                    err.note("a background process kept stdout/stderr open after the command exited;"
                            + " stopped reading after " + DRAIN_AFTER_EXIT.toSeconds() + "s");
                }
            } else if (!watchdog.killedProcess()) {
                startError = describeStartFailure(spec, e);
            }
        } catch (IOException e) {
            exit = -1;
            startError = describeStartFailure(spec, e);
        }
        // After a timeout the watchdog has killed the tree already; this second sweep catches
        // processes forked while it was killing. (After a normal exit, background children have
        // been re-parented away from the command and are not ours to find.)
        watchdog.killTree();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        boolean timedOut = watchdog.killedProcess();
        return new CommandResult(spec.command(), dir, env, timedOut ? -1 : exit, out.text(), err.text(),
                timedOut, elapsed, startError, spec.timeout());
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

        synchronized void note(String text) {
            byte[] b = ("\n[gotrail: " + text + "]\n").getBytes(StandardCharsets.UTF_8);
            bytes.write(b, 0, b.length);
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
        private final Consumer<ProcessHandle> onStart;
        private volatile Process process;
        private volatile boolean timedOut;

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout, Consumer<ProcessHandle> onStart) {
            super(timeout.toMillis());
            this.onStart = onStart;
        }

        @Override
        public synchronized void start(Process started) {
            this.process = started;
            super.start(started);
            onStart.accept(started.toHandle());
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            // Set before killing: once the tree is dead, super.timeoutOccured sees an exited
            // process and would not count the kill as its own.
            timedOut = true;
            killTree();
            super.timeoutOccured(w);
        }

        @Override
        public synchronized boolean killedProcess() {
            return timedOut || super.killedProcess();
        }

        /**
         * Kills the process and every descendant. Each round first takes a snapshot of the whole
         * living tree and only then kills, so that children orphaned by a killed parent (which
         * the kernel re-parents away, out of reach of {@code descendants()}) are already known.
         * For strace that means the tracer and every tracee die in the same round: killing strace
         * alone would detach its tracees and let them run on.
         */
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
