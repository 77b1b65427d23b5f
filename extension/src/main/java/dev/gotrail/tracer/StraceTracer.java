package dev.gotrail.tracer;

import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * strace (Linux). The flags are chosen for the evidence gotrail needs at the lowest cost measured
 * (docs/tracing.md, "Flags" and "Overhead"):
 * <ul>
 *   <li>{@code -f}: follow forks and threads; {@code go build} runs compile, asm, link, cgo, gcc;</li>
 *   <li>{@code -q}: no "attached"/"detached" notices (exit statuses stay; the process tree needs them);</li>
 *   <li>{@code -e abbrev=!execve,execveat}: what {@code -v} does, but for execve only: complete
 *       environments, which prove {@code GOROOT=} and {@code GOTOOLCHAIN_INTERNAL_SWITCH_*} (secret
 *       values are redacted in evidence), while stat structures stay short;</li>
 *   <li>{@code -s 4096}: paths and environment entries are never cut;</li>
 *   <li>{@code -e trace=%file,%process,mmap,?mmap2}: opens, the stat family, readlink(at), access,
 *       faccessat(2), execve(at), chdir; clone/clone3/fork/vfork/exit_group/wait4; mmap for loaded
 *       shared objects. Everything else (futex, read, write, epoll…) is left out: half the log size;</li>
 *   <li>{@code -e signal=!SIGURG}: Go's goroutine preemption signal is noise;</li>
 *   <li>{@code --seccomp-bpf}: the kernel stops only at the traced syscalls instead of at every
 *       one (go's runtime makes many futex/epoll/nanosleep calls); the cheapest variant measured
 *       (docs/tracing.md). strace older than 5.3 does not know it: the detector then falls back to
 *       {@link #withoutSeccompBpf()};</li>
 *   <li>{@code -o LOG}: the trace goes to a file, the program's stdout and stderr stay its own.</li>
 * </ul>
 */
public final class StraceTracer implements Tracer {

    /** The syscalls traced; see the class comment. */
    public static final String SYSCALLS = "%file,%process,mmap,?mmap2";

    /** Every flag before {@code -o LOG -- COMMAND}. */
    public static final List<String> FLAGS = List.of(
            "-f", "-q", "-e", "abbrev=!execve,execveat", "-s", "4096", "--seccomp-bpf",
            "-e", "trace=" + SYSCALLS, "-e", "signal=!SIGURG");

    /** ptrace refused: strace 4.x–6.x phrase it as "PTRACE_TRACEME…", "ptrace(PTRACE_SEIZE, …)", "attach: ptrace(…)". */
    private static final Pattern PTRACE_DENIED = Pattern.compile(
            "(?i)(ptrace|PTRACE_[A-Z_]+).*(Operation not permitted|Permission denied)");

    /** strace prefixes its messages with argv[0]: "strace: ", "/usr/bin/strace: ". */
    private static final Pattern STRACE_PREFIX = Pattern.compile("(\\S*/)?strace: ");

    private final String strace;
    private final List<String> flags;

    /** @param strace the strace binary: a path, or a bare name looked up on PATH */
    public StraceTracer(String strace) {
        this(strace, FLAGS);
    }

    private StraceTracer(String strace, List<String> flags) {
        this.strace = Objects.requireNonNull(strace, "strace");
        this.flags = List.copyOf(flags);
    }

    /** The same tracer without {@code --seccomp-bpf}, for strace before 5.3 or kernels without seccomp. */
    public StraceTracer withoutSeccompBpf() {
        return new StraceTracer(strace, flags.stream().filter(f -> !f.equals("--seccomp-bpf")).toList());
    }

    /** The flags this tracer puts before {@code -o LOG -- COMMAND}. */
    public List<String> flags() {
        return flags;
    }

    /** True when strace's stderr says it does not know {@code --seccomp-bpf} (strace before 5.3, kernels without it). */
    public static boolean rejectsSeccompBpf(String stderr) {
        return stderr != null && stderr.contains("seccomp") && (stderr.contains("unrecognized option")
                || stderr.contains("invalid option") || stderr.contains("not supported") || stderr.contains("unavailable"));
    }

    /** strace from PATH. */
    public StraceTracer() {
        this("strace");
    }

    public String executable() {
        return strace;
    }

    @Override
    public String name() {
        return "strace";
    }

    @Override
    public String format() {
        return "strace";
    }

    @Override
    public CommandSpec wrap(CommandSpec command, Path log) {
        List<String> line = new ArrayList<>();
        line.add(strace);
        line.addAll(flags);
        line.add("-o");
        line.add(log.toAbsolutePath().toString());
        line.add("--");
        line.addAll(command.command());
        return command.withCommand(line);
    }

    @Override
    public Optional<TracerProblem> recognise(String tracerOutput) {
        for (String line : (tracerOutput == null ? "" : tracerOutput).split("\n")) {
            String l = line.strip();
            if (STRACE_PREFIX.matcher(l).lookingAt() && PTRACE_DENIED.matcher(l).find()) {
                return Optional.of(ptraceForbidden(l));
            }
        }
        return Optional.empty();
    }

    /** The problem for a refused ptrace, with the container and the Yama fix. */
    public static TracerProblem ptraceForbidden(String evidence) {
        return new TracerProblem(TracerProblem.Cause.PTRACE_FORBIDDEN, "strace",
                "strace is installed but the kernel does not let it trace (ptrace is forbidden); "
                        + "typical in containers without CAP_SYS_PTRACE" + yamaNote(),
                "run the container with --cap-add SYS_PTRACE (docker/podman; Kubernetes: "
                        + "securityContext.capabilities.add: [\"SYS_PTRACE\"]; Docker before 19.03 also needs "
                        + "--security-opt seccomp=unconfined); on a host, allow ptrace of children with "
                        + "'sysctl kernel.yama.ptrace_scope=1' (3 forbids it until reboot); or set gotrail.tracer=none "
                        + "to run untraced",
                evidence);
    }

    /** The problem for a missing strace binary. */
    public static TracerProblem notInstalled(String strace, boolean configured) {
        String what = configured
                ? "gotrail.strace is '" + strace + "' but that is not an executable file"
                : "strace is not installed (no strace on PATH)";
        return new TracerProblem(TracerProblem.Cause.NOT_INSTALLED, "strace", what,
                configured
                        ? "point gotrail.strace at the strace binary, e.g. /usr/bin/strace, or remove it to use PATH"
                        : "install it: apt-get install strace (Debian/Ubuntu), dnf install strace (Fedora/RHEL), "
                                + "apk add strace (Alpine); or set gotrail.tracer=none to run untraced",
                "");
    }

    private static String yamaNote() {
        try {
            Path scope = Path.of("/proc/sys/kernel/yama/ptrace_scope");
            if (Files.isReadable(scope)) {
                String v = Files.readString(scope).strip();
                return " (kernel.yama.ptrace_scope is " + v + (v.equals("3") ? ": no process may use ptrace)" : ")");
            }
        } catch (IOException | RuntimeException e) {
            // the note is a courtesy; the fix text covers every case
        }
        return "";
    }

    @Override
    public String toString() {
        return strace + " " + String.join(" ", flags);
    }
}
