package dev.gotrail.junit;

import dev.gotrail.process.CommandSpec;
import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.TraceFormat;
import dev.gotrail.tracer.Tracer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The stable shim directory of {@code @TraceGoOnPath} ({@code gotrail.shim.dir}): a {@code go}
 * script that code under test finds on the test JVM's PATH. Each call finds the real go itself
 * (the next {@code go} on PATH that is not the script), runs it under the tracer and leaves in
 * {@code calls/}: {@code ID} (the arguments, NUL-separated), {@code ID.go} (the real go's path),
 * {@code ID.pids} (the call's ancestors, its parent first, one process id a line, as {@code ps}
 * reports them at the start), {@code ID.log} (the trace) and, once go has exited, {@code ID.exit}.
 * IDs start with the call's start time (wall clock, nanoseconds since the epoch), so name order is
 * call order.
 *
 * <p>The script is written once per JVM and directory, by a child process (see
 * {@link GoShim#copyInAnotherProcess}: a file this JVM held open for writing would make a
 * concurrent exec fail with ETXTBSY and the caller silently run another go).
 */
final class PathShim {

    private static final String REAL_GO = "/gotrail-real-go-placeholder";
    private static final String LOG = "/gotrail-shim-log-placeholder";
    private static final Map<Path, PathShim> WRITTEN = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path calls;
    private final TraceFormat format;

    private PathShim(Path directory, Path calls, TraceFormat format) {
        this.directory = directory;
        this.calls = calls;
        this.format = format;
    }

    /** The shim in {@code directory} (absolute), its script written by the first caller in this JVM. */
    static PathShim at(Path directory, Tracer tracer) {
        Path dir = directory.toAbsolutePath().normalize();
        return WRITTEN.computeIfAbsent(dir, d -> write(d, tracer));
    }

    private static PathShim write(Path dir, Tracer tracer) {
        try {
            Path calls = Files.createDirectories(dir.resolve("calls"));
            Path staged = Files.createTempFile(dir, "go-", ".staged");
            Files.writeString(staged, script(tracer, dir), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Copied to a new name and renamed over the old script: a shell of another JVM (a second
            // Surefire fork) may be reading the old one line by line right now.
            Path next = dir.resolve("go.next-" + ProcessHandle.current().pid());
            GoShim.copyInAnotherProcess(staged, next);
            Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(next, dir.resolve("go"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new PathShim(dir, calls, TraceFormat.of(tracer.format()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the go shim in " + dir + " (gotrail.shim.dir)", e);
        }
    }

    static String script(Tracer tracer, Path dir) {
        List<String> line = tracer.wrap(CommandSpec.of(REAL_GO), Path.of(LOG)).command();
        StringBuilder cmd = new StringBuilder();
        for (String word : line) {
            cmd.append(word.equals(LOG) ? "\"$call.log\"" : word.equals(REAL_GO) ? "\"$real\"" : GoShim.quote(word)).append(' ');
        }
        cmd.append("\"$@\"");
        return dev.gotrail.toolchain.PathShims.HEADER + ": runs the next go on PATH under " + tracer.name()
                + ", one trace log per call.\n"
                + "shim_dir=" + GoShim.quote(dir.toString()) + "\n"
                + "calls=\"$shim_dir/calls\"\n"
                + "real=\n"
                + "old_ifs=$IFS; IFS=:\n"
                + "for d in $PATH; do\n"
                + "  [ -n \"$d\" ] || d=.\n"
                + "  [ \"$d\" = \"$shim_dir\" ] && continue\n"
                + "  if [ -f \"$d/go\" ] && [ -x \"$d/go\" ] && ! [ \"$d/go\" -ef \"$0\" ]; then real=\"$d/go\"; break; fi\n"
                + "done\n"
                + "IFS=$old_ifs\n"
                + "if [ -z \"$real\" ]; then echo \"gotrail shim $0: no other go on PATH ($PATH)\" >&2; exit 127; fi\n"
                + GoShim.NEW_CALL_RECORD
                + "printf '%s' \"$real\" > \"$call.go\"\n"
                + "p=$$\n"
                + "while [ -n \"$p\" ] && [ \"$p\" -gt 1 ] 2>/dev/null; do\n"
                + "  p=$(ps -o ppid= -p \"$p\" 2>/dev/null | tr -d ' ')\n"
                + "  [ -n \"$p\" ] && echo \"$p\"\n"
                + "done > \"$call.pids\"\n"
                + cmd + "\n"
                + GoShim.CALL_EXIT;
    }


    Path directory() {
        return directory;
    }

    /** The {@code go} on {@code path} (a PATH value) that a bare "go" would run, if any. */
    static Optional<Path> firstGoOn(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator, -1)) {
            Path go = Path.of(d.isEmpty() ? "." : d).resolve("go");
            if (Files.isRegularFile(go) && Files.isExecutable(go)) {
                return Optional.of(go.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * A finished call through the shim.
     *
     * @param id         its file name in {@code calls/}
     * @param startNanos its start, wall clock nanoseconds since the epoch
     * @param ancestors  the process ids of its ancestors at the start, parent first
     * @param trace      what it did
     */
    record Call(String id, long startNanos, List<Long> ancestors, GoTrace trace) {
    }

    /**
     * The finished calls {@code wanted} accepts by start time and ancestors, in call order (calls
     * still running are left out); only their traces are parsed.
     */
    List<Call> calls(BiPredicate<Long, List<Long>> wanted) {
        List<Call> finished = new ArrayList<>();
        for (Path id : GoShim.finishedCalls(calls)) {
            String name = id.getFileName().toString();
            try {
                List<Long> ancestors = Files.readAllLines(GoShim.sibling(id, ".pids")).stream()
                        .map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
                long start = Long.parseLong(name.substring(0, name.indexOf('-')));
                if (start < 100_000_000_000L) {
                    start *= 1_000_000_000L; // date without %N: seconds
                }
                if (!wanted.test(start, ancestors)) {
                    continue;
                }
                List<String> command = new ArrayList<>();
                command.add(Files.readString(GoShim.sibling(id, ".go"), StandardCharsets.UTF_8));
                command.addAll(GoShim.arguments(id));
                GoTrace trace = GoTrace.from(command, GoShim.exitCode(id), "", "", format, GoShim.sibling(id, ".log"));
                finished.add(new Call(name, start, ancestors, trace));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the shim call " + id + ": " + e.getMessage(), e);
            }
        }
        return finished;
    }
}
