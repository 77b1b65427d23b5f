package dev.gotrail.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /etc/ld.so.conf} as ldconfig (glibc 2.36) reads it: one directory per line, {@code #} comments, {@code include} lines with glob patterns (relative
 * ones resolved against the including file's directory, matches in sorted order like glob(3)) and
 * {@code hwcap} lines, which ldconfig ignores. Every file is read inside the given root.
 */
final class LdSoConf {

    private static final int MAX_DEPTH = 16;

    private LdSoConf() {
    }

    /** The directories in order, duplicates removed; {@code conf} is a loader path inside the root. */
    static List<String> directories(RootFs fs, String conf) {
        Set<String> out = new LinkedHashSet<>();
        read(fs, conf, out, 0);
        return new ArrayList<>(out);
    }

    private static void read(RootFs fs, String conf, Set<String> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        Path host = fs.resolve(conf);
        if (host == null || !Files.isRegularFile(host)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(host, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return;
        }
        String confDir = conf.contains("/") ? conf.substring(0, conf.lastIndexOf('/')) : ".";
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include") && line.length() > 7 && Character.isWhitespace(line.charAt(7))) {
                for (String pattern : line.substring(8).strip().split("\\s+")) {
                    String abs = pattern.startsWith("/") ? pattern : (confDir.isEmpty() ? "" : confDir) + "/" + pattern;
                    for (String match : glob(fs, abs)) {
                        read(fs, match, out, depth + 1);
                    }
                }
            } else if (line.startsWith("hwcap") && line.length() > 5 && Character.isWhitespace(line.charAt(5))) {
                continue; // ldconfig: "hwcap" lines are ignored since glibc 2.31
            } else {
                // ldconfig (glibc >= 2.32) takes the whole line as one directory: no splitting on ':'.
                String dir = line;
                int eq = dir.indexOf('=');
                if (eq >= 0) dir = dir.substring(0, eq).strip(); // old "dir=libc5" type suffix
                while (dir.length() > 1 && dir.endsWith("/")) dir = dir.substring(0, dir.length() - 1);
                if (!dir.isEmpty()) out.add(dir);
            }
        }
    }

    /** glob(3) on the last path component only (the common {@code /etc/ld.so.conf.d/*.conf}); sorted. */
    static List<String> glob(RootFs fs, String pattern) {
        int slash = pattern.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : pattern.substring(0, slash);
        String name = pattern.substring(slash + 1);
        List<String> out = new ArrayList<>();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            out.add(pattern);
            return out;
        }
        Path hostDir = fs.resolve(dir);
        if (hostDir == null || !Files.isDirectory(hostDir)) {
            return out;
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && m.matches(Path.of(n))) {
                    out.add((dir.endsWith("/") ? dir : dir + "/") + n);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
