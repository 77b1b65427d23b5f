package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An emulation of the cache {@code ldconfig} would build, for image roots that have no
 * {@code /etc/ld.so.cache}: the ld.so.conf directories, then the trusted system directories, each
 * scanned for {@code lib*.so*} shared objects whose SONAME file exists in the same directory; the
 * first directory that provides a SONAME wins. Approximate by nature (ldconfig would also create
 * missing SONAME links and index glibc-hwcaps subdirectories), so results that rely on it are
 * marked approximate.
 */
final class LdconfigScan {

    private final Map<String, List<String[]>> bySoname = new HashMap<>(); // soname -> {path, class/machine key}

    private LdconfigScan() {
    }

    static LdconfigScan scan(RootFs fs, List<String> dirs) {
        LdconfigScan s = new LdconfigScan();
        for (String dir : dirs) {
            Path host = fs.resolve(dir);
            if (host == null || !Files.isDirectory(host)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                List<Path> files = new ArrayList<>();
                ds.forEach(files::add);
                files.sort(null);
                for (Path p : files) {
                    String n = p.getFileName().toString();
                    if (!(n.startsWith("lib") || n.startsWith("ld-")) || !n.contains(".so")) continue;
                    if (!Files.isRegularFile(p)) continue;
                    try {
                        ElfFile elf = ElfFile.read(p);
                        Optional<String> soname = elf.soname();
                        if (elf.type() != ElfFile.ET_DYN || soname.isEmpty() || soname.get().contains("/")) continue;
                        String sonamePath = (dir.endsWith("/") ? dir : dir + "/") + soname.get();
                        if (!fs.isRegularFile(sonamePath)) continue;
                        List<String[]> list = s.bySoname.computeIfAbsent(soname.get(), k -> new ArrayList<>());
                        String key = elf.machine().code() + "/" + elf.elfClass();
                        if (list.stream().noneMatch(e -> e[1].equals(key))) {
                            list.add(new String[] {sonamePath, key});
                        }
                    } catch (IOException | RuntimeException e) {
                        // not a loadable library: ldconfig skips it too
                    }
                }
            } catch (IOException e) {
                // unreadable directory: ldconfig warns and goes on
            }
        }
        return s;
    }

    Optional<String> lookup(String name, int machine, int elfClass) {
        String key = machine + "/" + elfClass;
        return bySoname.getOrDefault(name, List.of()).stream().filter(e -> e[1].equals(key)).map(e -> e[0]).findFirst();
    }
}
