package dev.gotrail.testsupport;

import dev.gotrail.trace.GoTrace;
import dev.gotrail.trace.TraceParsers;
import dev.gotrail.trace.TraceFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs real commands under the real strace for the trace tests, and finds the shared corpus. */
public final class RealTraces {

    /** Evidence-grade flags: follow forks, long strings, full environments, decorated fds. */
    public static final List<String> FLAGS = List.of("-f", "-s", "4096", "-v", "-yy");

    private RealTraces() {
    }

    /** The outcome of one traced run: the command result and the log. */
    public record Run(CommandResult result, Path log) {
    }

    /** A clean Go environment in {@code tmp}: own HOME, GOCACHE, GOPATH, no GOROOT, no toolchain downloads. */
    public static Map<String, String> goEnv(Path tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("GOCACHE", tmp.resolve("gocache").toString());
        env.put("GOPATH", tmp.resolve("gopath").toString());
        env.put("GOTOOLCHAIN", "local");
        env.put("GOFLAGS", "");
        env.put("GOTELEMETRY", "off");
        env.put("GOPROXY", "off");
        return env;
    }

    public static Run strace(Path tmp, List<String> flags, List<String> command, Map<String, String> env, Path dir) {
        Path strace = RealTools.strace();
        Path log = tmp.resolve("trace-" + System.nanoTime() + ".log");
        List<String> line = new ArrayList<>();
        line.add(strace.toString());
        line.addAll(flags);
        if (!flags.contains("-o")) {
            line.add("-o");
            line.add(log.toString());
        }
        line.add("--");
        line.addAll(command);
        CommandSpec spec = CommandSpec.of(line).withDir(dir == null ? tmp : dir).withTimeout(Duration.ofMinutes(4))
                .withoutEnv("GOROOT").withEnv(env);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() == null) {
                spec = spec.withoutEnv(e.getKey());
            }
        }
        CommandResult r = CommandRunner.run(spec);
        assertThat(r.started()).as(r.describe()).isTrue();
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        if (r.stderr().contains("PTRACE_TRACEME") || r.stderr().contains("ptrace(PTRACE_SEIZE")) {
            String why = "strace cannot trace here (ptrace forbidden): " + r.stderr();
            if (RealTools.strict()) {
                fail(why);
            }
            abort(why);
        }
        return new Run(r, log);
    }

    public static GoTrace goTrace(Path tmp, List<String> command, Map<String, String> env, Path dir) {
        Run run = strace(tmp, FLAGS, command, env, dir);
        return GoTrace.from(command, run.result().exitCode(), run.result().stdout(), run.result().stderr(),
                TraceFormat.STRACE, run.log());
    }

    /** gccgo's go command (Debian gccgo-12 installs it as /usr/bin/go-12, never as "go"); see {@link RealTools#gccgoGo()}. */
    public static Path gccgoGo() {
        return RealTools.gccgoGo();
    }

    /** {@code ../shared/trace-corpus} next to the repository, found by walking up from the working directory. */
    public static Path corpus() {
        return RealTools.traceCorpus();
    }

    public static long countLines(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            long n = 0;
            for (byte c : b) {
                if (c == '\n') n++;
            }
            return b.length > 0 && b[b.length - 1] != '\n' ? n + 1 : n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }
}
