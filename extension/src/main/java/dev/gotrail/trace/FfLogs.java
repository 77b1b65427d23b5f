package dev.gotrail.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file naming of {@code strace -ff -o PREFIX}: one log per process, {@code PREFIX.PID}, whose lines
 * carry no pid prefix (the pid is the file's suffix).
 */
public final class FfLogs {

    private FfLogs() {
    }

    /** The pid suffix of {@code prefix.1234} (at most 7 digits), else 0. */
    public static int pidOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1 || name.length() - dot > 8) {
            return 0;
        }
        int pid = 0;
        for (int i = dot + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }

    /**
     * The logs of {@code strace -ff -o PREFIX}: {@code PREFIX} itself when it is a file, else the files
     * {@code PREFIX.PID} sorted by pid (empty when there are none).
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static List<Path> files(Path prefix) {
        if (Files.isRegularFile(prefix)) {
            return List.of(prefix);
        }
        Path dir = prefix.toAbsolutePath().getParent();
        String name = prefix.getFileName().toString() + ".";
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                int pid = pidOf(p);
                return n.startsWith(name) && pid > 0 && n.length() - name.length() == String.valueOf(pid).length();
            }).forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingInt(FfLogs::pidOf));
        return out;
    }
}
