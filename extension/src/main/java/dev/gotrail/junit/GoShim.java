package dev.gotrail.junit;

import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.TraceFormat;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.tracer.Tracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory holding a generated {@code go} shell script that runs the real go under the tracer,
 * one log per call, so code under test that shells out to {@code go} (found on PATH) is traced
 * too. Each call leaves three files in {@code calls/}: {@code ID} (the arguments, NUL-separated),
 * {@code ID.log} (the trace) and, once go has exited, {@code ID.exit}. IDs start with the call's
 * start time in nanoseconds, so name order is call order.
 */
final class GoShim {

    private final Path directory;
    private final Path calls;
    private final Path goBinary;
    private final TraceFormat format;

    private GoShim(Path directory, Path calls, Path goBinary, TraceFormat format) {
        this.directory = directory;
        this.calls = calls;
        this.goBinary = goBinary;
        this.format = format;
    }

    static GoShim create(Tracer tracer, Path goBinary, Path root) {
        try {
            Path bin = Files.createDirectories(root.resolve("bin"));
            Path calls = Files.createDirectories(root.resolve("calls"));
            Path script = bin.resolve("go");
            Path staged = root.resolve("go.staged");
            Files.writeString(staged, script(tracer, goBinary, calls), StandardCharsets.UTF_8);
            copyInAnotherProcess(staged, script);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new GoShim(bin, calls, goBinary, TraceFormat.of(tracer.format()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the go shim under " + root, e);
        }
    }

    /**
     * Why not write the script directly: while this JVM has a file open for writing, a process
     * forked meanwhile by another thread (parallel tests) inherits that descriptor for a moment,
     * and exec of the file then fails with ETXTBSY ("Text file busy"). A shell that meets ETXTBSY
     * goes on searching PATH, so the code under test would silently run another, untraced go.
     * A file written by a child process that has exited is open nowhere.
     */
    static void copyInAnotherProcess(Path from, Path to) throws IOException {
        Process cp = new ProcessBuilder("cp", from.toString(), to.toString()).redirectErrorStream(true).start();
        cp.getOutputStream().close();
        String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (cp.waitFor() != 0) {
                throw new IOException("cp " + from + " " + to + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + to, e);
        }
        Files.delete(from);
    }

    /** The script: the tracer's own command line for the real go, with a per-call log. */
    static String script(Tracer tracer, Path goBinary, Path calls) {
        String placeholder = "/gotrail-shim-log-placeholder";
        List<String> line = tracer.wrap(CommandSpec.of(goBinary.toString()), Path.of(placeholder)).command();
        StringBuilder cmd = new StringBuilder();
        for (String word : line) {
            cmd.append(word.equals(placeholder) ? "\"$call.log\"" : quote(word)).append(' ');
        }
        cmd.append("\"$@\"");
        return "#!/bin/sh\n"
                + "# gotrail go shim: runs " + goBinary + " under " + tracer.name() + ", one trace log per call.\n"
                + "calls=" + quote(calls.toString()) + "\n"
                + NEW_CALL_RECORD
                + cmd + "\n"
                + CALL_EXIT;
    }

    /**
     * Script lines shared with {@link PathShim}: a new call record under {@code $calls} (a file
     * named by start time and pid, holding the NUL-separated arguments) in {@code $call}.
     */
    static final String NEW_CALL_RECORD =
            "call=$(mktemp \"$calls/$(date +%s%N 2>/dev/null || date +%s)-$$-XXXXXX\") || exit 125\n"
            + "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$call\"\n";

    /** Script lines shared with {@link PathShim}: record the traced command's exit status and pass it on. */
    static final String CALL_EXIT = "status=$?\n"
            + "echo \"$status\" > \"$call.exit\"\n"
            + "exit \"$status\"\n";

    /** {@code word} as one single-quoted shell word. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    Path directory() {
        return directory;
    }

    Path goBinary() {
        return goBinary;
    }

    /**
     * A finished call through the shim.
     *
     * @param id    the call's id (its file name in {@code calls/}; unique, name order is call order)
     * @param trace what the call did
     */
    record Call(String id, GoTrace trace) {
    }

    /** Every finished call, in call order (calls still running are left out). */
    List<GoTrace> traces() {
        return calls().stream().map(Call::trace).toList();
    }

    /** Every finished call with its id, in call order (calls still running are left out). */
    List<Call> calls() {
        List<Path> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls)) {
            files.filter(p -> !p.getFileName().toString().contains(".")).sorted().forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the shim's calls in " + calls, e);
        }
        List<Call> finished = new ArrayList<>();
        for (Path id : ids) {
            Path exit = id.resolveSibling(id.getFileName() + ".exit");
            Path log = id.resolveSibling(id.getFileName() + ".log");
            if (!Files.exists(exit) || !Files.exists(log)) {
                continue;
            }
            try {
                List<String> command = new ArrayList<>();
                command.add(goBinary.toString());
                String args = Files.readString(id, StandardCharsets.UTF_8);
                if (!args.isEmpty()) {
                    command.addAll(Arrays.asList(args.substring(0, args.length() - 1).split("\0", -1)));
                }
                int exitCode = Integer.parseInt(Files.readString(exit).strip());
                finished.add(new Call(id.getFileName().toString(), GoTrace.from(command, exitCode, "", "", format, log)));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read the shim call " + id + ": " + e.getMessage(), e);
            }
        }
        return finished;
    }
}
