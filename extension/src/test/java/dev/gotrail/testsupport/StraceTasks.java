package dev.gotrail.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The truth about the tasks of a raw {@code strace -f} log (lines {@code PID syscall(...) = RET}),
 * read with plain regular expressions and none of gotrail's parser: every pid in the pid column is
 * a task; a task returned by a {@code clone}/{@code clone3} whose flags hold {@code CLONE_THREAD}
 * (also across an {@code <unfinished ...>}/{@code resumed>} split) is a thread (clone(2)); the
 * other tasks are processes.
 *
 * @param processes tasks that are not threads
 * @param threads   tasks created with CLONE_THREAD
 */
public record StraceTasks(int processes, int threads) {

    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern RETURNS = Pattern.compile("\\)\\s+=\\s+(\\d+)\\s*$");

    /** Reads {@code log}. */
    public static StraceTasks of(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        Set<Integer> tasks = new HashSet<>();
        Set<Integer> threads = new HashSet<>();
        Set<Integer> pendingThreadClone = new HashSet<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int pid = Integer.parseInt(m.group(1));
            String rest = m.group(2);
            tasks.add(pid);
            boolean create = rest.matches("^(clone3?|v?fork)\\(.*");
            boolean resumed = rest.matches("^<\\.\\.\\. (clone3?|v?fork) resumed>.*");
            if (create && rest.contains("<unfinished ...>")) {
                if (rest.contains("CLONE_THREAD")) {
                    pendingThreadClone.add(pid);
                }
                continue;
            }
            if (create || resumed) {
                boolean thread = create ? rest.contains("CLONE_THREAD") : pendingThreadClone.remove(pid);
                Matcher r = RETURNS.matcher(rest);
                if (r.find()) {
                    int child = Integer.parseInt(r.group(1));
                    tasks.add(child);
                    if (thread) {
                        threads.add(child);
                    }
                }
            }
        }
        return new StraceTasks(tasks.size() - threads.size(), threads.size());
    }

    /** As gotrail words it: {@code 1 process, 5 threads}. */
    public String words() {
        return processes + (processes == 1 ? " process, " : " processes, ") + threads + (threads == 1 ? " thread" : " threads");
    }
}
