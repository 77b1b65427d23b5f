package dev.gotrail.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ELF file in /usr/bin, /usr/sbin and /usr/lib/x86_64-linux-gnu (trusted system files)
 * resolved by gotrail and by the real loader through {@code ldd}: the same objects from the same
 * paths in the same order, the same missing names and the same version errors, for 100% of them.
 *
 * <p>ldd is wrong in one known way, handled here rather than papered over: it runs
 * {@code ld.so FILE}, so $ORIGIN is computed from the path as given, while the kernel-started
 * program gets it from /proc/self/exe (the real path). /usr/bin/java is a symlink chain into
 * /usr/lib/jvm with RUNPATH $ORIGIN/../lib: {@code ldd /usr/bin/java} says "libjli.so => not
 * found" although java runs fine. Both sides therefore analyse the real path of every file.
 */
class LddConformanceTest {

    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin",
            "/usr/lib/" + (System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64") + "-linux-gnu");
    private static final Pattern FOUND = Pattern.compile("^\\t(\\S+) => (\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern NOT_FOUND = Pattern.compile("^\\t(\\S+) => not found$");
    private static final Pattern DIRECT = Pattern.compile("^\\t(\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern VERSION = Pattern.compile("^\\t?(\\S+): (\\S+): version `([^']+)' not found \\(required by (\\S+)\\)$");

    /** What ldd said about one file. */
    static final class LddView {
        final List<String> loaded = new ArrayList<>(); // "name => path" in order
        final Set<String> notFound = new TreeSet<>();
        final Set<String> versionErrors = new TreeSet<>();
        boolean notDynamic;
        final List<String> unexplained = new ArrayList<>();
    }

    @Test
    void gotrailAgreesWithLddOnEverySystemElfFile() throws Exception {
        List<String> files = systemElfFiles();
        assertThat(files).as("ELF files found under " + DIRS).hasSizeGreaterThan(100);
        Map<String, LddView> ldd = runLdd(files);

        Loader loader = Loader.at(Path.of("/"));
        List<String> disagreements = new ArrayList<>();
        for (String f : files) {
            LddView view = ldd.get(f);
            if (view == null) {
                disagreements.add(f + ": no ldd output");
                continue;
            }
            LinkMap map = loader.resolve(f);
            String diff = compare(f, view, map);
            if (diff != null) disagreements.add(diff);
        }
        assertThat(disagreements).as("files where gotrail and ldd disagree (of " + files.size() + ")").isEmpty();
    }

    private static String compare(String file, LddView ldd, LinkMap map) {
        if (!ldd.unexplained.isEmpty()) {
            return file + ": unexplained ldd output " + ldd.unexplained;
        }
        if (ldd.notDynamic) {
            return map.libraries().isEmpty() && map.missing().isEmpty() ? null
                    : file + ": ldd says not dynamic / statically linked but gotrail loads " + map.libraries();
        }
        if (!map.errors().isEmpty()) {
            return file + ": gotrail reports errors " + map.errors() + " but ldd loads " + ldd.loaded;
        }
        List<String> ours = new ArrayList<>();
        for (LoadedObject o : map.libraries()) {
            if (o.reason() == LoadReason.INTERPRETER) {
                // rtld.c drops ld.so from the list ldd prints when no object names it, although the
                // kernel mapped it; gotrail keeps it (it is loaded), so compare only when referenced.
                if (isReferenced(map, o) || ldd.loaded.contains(o.path())) ours.add(o.path());
            } else {
                ours.add(o.requestedAs() + " => " + o.path());
            }
        }
        Set<String> ourMissing = new TreeSet<>();
        map.missing().forEach(m -> ourMissing.add(m.soname()));
        Set<String> ourVersions = new TreeSet<>();
        map.versionProblems().stream().filter(v -> !v.weak())
                .forEach(v -> ourVersions.add(v.file() + " " + v.version() + " " + v.requiredBy()));
        if (!ours.equals(ldd.loaded) || !ourMissing.equals(ldd.notFound) || !ourVersions.equals(ldd.versionErrors)) {
            return file + ":\n  ldd:     " + ldd.loaded + " missing " + ldd.notFound + " versions " + ldd.versionErrors
                    + "\n  gotrail: " + ours + " missing " + ourMissing + " versions " + ourVersions;
        }
        return null;
    }

    private static boolean isReferenced(LinkMap map, LoadedObject interp) {
        for (LoadedObject o : map.objects()) {
            if (o == interp) continue;
            try {
                List<String> needed = dev.gotrail.elf.ElfFile.read(Path.of(o.path())).needed();
                if (needed.contains(interp.soname()) || needed.contains(interp.path())) return true;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** Real paths of the ELF regular files directly in DIRS, deduplicated. */
    static List<String> systemElfFiles() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String dir : DIRS) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (!Files.isRegularFile(p)) continue;
                    Path real;
                    try {
                        real = p.toRealPath();
                    } catch (IOException e) {
                        continue;
                    }
                    if (isElf(real)) out.add(real.toString());
                }
            }
        }
        return new ArrayList<>(out);
    }

    static boolean isElf(Path p) {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(magic, 0, 4) == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** ldd in batches on two threads (the machine has two cores); output merged per file. */
    static Map<String, LddView> runLdd(List<String> files) throws Exception {
        int batch = 60;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, LddView>>> parts = new ArrayList<>();
            for (int i = 0; i < files.size(); i += batch) {
                List<String> chunk = files.subList(i, Math.min(files.size(), i + batch));
                parts.add(pool.submit(() -> lddBatch(chunk)));
            }
            Map<String, LddView> all = new LinkedHashMap<>();
            for (Future<Map<String, LddView>> f : parts) all.putAll(f.get());
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, LddView> lddBatch(List<String> chunk) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "for f in \"$@\"; do echo \"@@@ $f\"; ldd \"$f\" 2>&1; done", "sh"));
        cmd.addAll(chunk);
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd).withoutEnv("LD_LIBRARY_PATH").withoutEnv("LD_PRELOAD")
                .withTimeout(Duration.ofMinutes(5)));
        Map<String, LddView> out = new LinkedHashMap<>();
        LddView cur = null;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("@@@ ")) {
                cur = new LddView();
                out.put(line.substring(4), cur);
                continue;
            }
            if (cur == null || line.isBlank()) continue;
            Matcher m;
            if ((m = FOUND.matcher(line)).matches()) {
                cur.loaded.add(m.group(1) + " => " + m.group(2));
            } else if ((m = NOT_FOUND.matcher(line)).matches()) {
                cur.notFound.add(m.group(1));
            } else if ((m = DIRECT.matcher(line)).matches()) {
                if (!m.group(1).startsWith("linux-vdso")) cur.loaded.add(m.group(1)); // the vDSO is no file
            } else if ((m = VERSION.matcher(line)).matches()) {
                cur.versionErrors.add(m.group(2) + " " + m.group(3) + " " + m.group(4));
            } else if (line.equals("\tnot a dynamic executable") || line.equals("\tstatically linked")) {
                cur.notDynamic = true;
            } else if (line.startsWith("ldd: warning: you do not have execution permission")) {
                continue; // ldd still lists the libraries of a non-executable shared object
            } else {
                cur.unexplained.add(line);
            }
        }
        return out;
    }
}
