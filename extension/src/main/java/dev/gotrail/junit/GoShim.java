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
 *
 * <p>Inside {@code @GoImage} the script runs the image's go in the image's sandbox instead (the
 * launcher of {@link dev.gotrail.image.ImageSandbox#callerLauncher}): strace wraps the launcher,
 * the caller's directory is bound at the same path, and each call's trace is narrowed to go's own
 * process and what it started ({@link GoTrace#launched}), as for {@link GoCommand#trace()}.
 */
final class GoShim {

    /**
     * The caller's variables a shim into an image passes on (when the caller has set them), like
     * {@code docker run -e NAME}: cmd/go's settings ({@code go help environment}) whose values are
     * not paths of this machine. GOROOT, GOPATH, GOCACHE, CC and the like are left out on purpose: a
     * path of this machine means nothing in the image, and the image's own values stay in force.
     */
    static final List<String> PASSED_INTO_IMAGE = List.of("GOOS", "GOARCH", "GO386", "GOAMD64", "GOARM", "GOARM64",
            "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM", "CGO_ENABLED", "CGO_CFLAGS", "CGO_CPPFLAGS",
            "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS", "GOFLAGS", "GOEXPERIMENT", "GODEBUG", "GOTOOLCHAIN", "GO111MODULE",
            "GOWORK", "GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOVCS");

    private final Path directory;
    private final Path calls;
    private final Path goBinary;
    private final TraceFormat format;
    private final boolean launched;

    private GoShim(Path directory, Path calls, Path goBinary, TraceFormat format, boolean launched) {
        this.directory = directory;
        this.calls = calls;
        this.goBinary = goBinary;
        this.format = format;
        this.launched = launched;
    }

    /**
     * The shim for {@code goBinary} under {@code root}: on this machine when {@code launcher} is
     * null, else {@code goBinary} is the image's go and {@code launcher} the words that run it in
     * the image with the caller's arguments appended.
     */
    static GoShim create(Tracer tracer, Path goBinary, Path root, List<String> launcher) {
        try {
            Path bin = Files.createDirectories(root.resolve("bin"));
            Path calls = Files.createDirectories(root.resolve("calls"));
            Path script = bin.resolve("go");
            Path staged = root.resolve("go.staged");
            String text = launcher == null ? script(tracer, goBinary, calls)
                    : script(tracer, launcher, calls, goBinary + " inside an image's sandbox");
            Files.writeString(staged, text, StandardCharsets.UTF_8);
            copyInAnotherProcess(staged, script);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new GoShim(bin, calls, goBinary, TraceFormat.of(tracer.format()), launcher != null);
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
        return script(tracer, List.of(goBinary.toString()), calls, goBinary.toString());
    }

    /** The script running {@code command} and the caller's arguments under the tracer; {@code what} names it. */
    static String script(Tracer tracer, List<String> command, Path calls, String what) {
        String placeholder = "/gotrail-shim-log-placeholder";
        List<String> line = tracer.wrap(CommandSpec.of(command), Path.of(placeholder)).command();
        StringBuilder cmd = new StringBuilder();
        for (String word : line) {
            cmd.append(word.equals(placeholder) ? "\"$call.log\"" : quote(word)).append(' ');
        }
        cmd.append("\"$@\"");
        return "#!/bin/sh\n"
                + "# gotrail go shim: runs " + what + " under " + tracer.name() + ", one trace log per call.\n"
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
        List<Call> finished = new ArrayList<>();
        for (Path id : finishedCalls(calls)) {
            try {
                List<String> command = new ArrayList<>();
                command.add(goBinary.toString());
                command.addAll(arguments(id));
                GoTrace trace = GoTrace.from(command, exitCode(id), "", "", format, sibling(id, ".log"));
                finished.add(new Call(id.getFileName().toString(), launched ? trace.launched(goBinary.toString(), command) : trace));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read the shim call " + id + ": " + e.getMessage(), e);
            }
        }
        return finished;
    }

    /**
     * The call records in {@code calls} (shared with {@link PathShim}) whose exit status and trace
     * log both exist, in call order (their names start with the start time).
     */
    static List<Path> finishedCalls(Path calls) {
        List<Path> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls)) {
            files.filter(p -> !p.getFileName().toString().contains(".")).sorted().forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the shim's calls in " + calls, e);
        }
        return ids.stream().filter(id -> Files.exists(sibling(id, ".exit")) && Files.exists(sibling(id, ".log"))).toList();
    }

    /** The file {@code suffix} of call record {@code id}: {@code .log}, {@code .exit}, … */
    static Path sibling(Path id, String suffix) {
        return id.resolveSibling(id.getFileName() + suffix);
    }

    /** The arguments the call was made with (its record: NUL-terminated words). */
    static List<String> arguments(Path id) throws IOException {
        String args = Files.readString(id, StandardCharsets.UTF_8);
        return args.isEmpty() ? List.of() : Arrays.asList(args.substring(0, args.length() - 1).split("\0", -1));
    }

    /** The exit status the call's record holds. */
    static int exitCode(Path id) throws IOException {
        return Integer.parseInt(Files.readString(sibling(id, ".exit")).strip());
    }
}
