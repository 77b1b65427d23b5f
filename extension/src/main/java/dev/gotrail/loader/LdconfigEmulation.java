package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfHeader;
import dev.gotrail.elf.ElfMachine;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The cache {@code ldconfig -r ROOT} (glibc 2.36, elf/ldconfig.c and elf/cache.c) would write for a
 * root that has none, built in memory: the directories of /etc/ld.so.conf, then ldconfig's own
 * (SLIBDIR, LIBDIR), duplicates dropped by file identity; each directory's glibc-hwcaps
 * subdirectories; the legacy hwcap subdirectories ({@code tls}, {@code x86_64}, {@code avx512_1},
 * {@code haswell}, {@code xeon_phi}) found while scanning. In each directory every {@code lib*.so*},
 * {@code ld-*.so*}, {@code ld.so.*} file that is an ELF shared object of a known machine gives one
 * entry per SONAME (a file beats a link; among equals the newer name by {@code _dl_cache_libcmp}),
 * cached as {@code DIR/SONAME} (the link ldconfig creates) or, in glibc-hwcaps subdirectories, as the
 * file itself. Entries are sorted like {@code cache.c}'s {@code compare}.
 *
 * <p>Not emulated: the x86 ISA level of glibc-hwcaps entries (read by ldconfig from
 * {@code GNU_PROPERTY_X86_ISA_1_NEEDED}; always 0 here, which is what baseline builds give),
 * {@code dir=libc5}-style type suffixes, the old-format part of a compat cache.
 */
final class LdconfigEmulation {

    private static final long HWCAP_EXTENSION = 1L << 62;
    private static final int FLAG_ELF = 0x0001;
    private static final int FLAG_ELF_LIBC6 = 0x0003;
    private static final int FLAG_X8664_LIB64 = 0x0300;
    private static final int FLAG_X8664_LIBX32 = 0x0800;
    /** sysdeps/x86/dl-hwcap.h: _dl_string_hwcap bits and the platforms from HWCAP_PLATFORMS_START. */
    private static final Map<String, Integer> HWCAP_BITS = Map.of("sse2", 0, "x86_64", 1, "avx512_1", 2);
    private static final Map<String, Integer> PLATFORM_BITS = Map.of("haswell", 48, "xeon_phi", 49);
    private static final int TLS_HWCAP_BIT = 63;

    /** One directory to scan ({@code struct dir_entry}). */
    private record Dir(String path, String glibcHwcaps, Object fileKey) {
    }

    /** One library of a directory ({@code struct dlib_entry}). */
    private static final class Dlib {
        String name;
        final String soname;
        final int flag;
        boolean isLink;

        Dlib(String name, String soname, int flag, boolean isLink) {
            this.name = name;
            this.soname = soname;
            this.flag = flag;
            this.isLink = isLink;
        }
    }

    /** One cache entry before sorting ({@code struct cache_entry}). */
    private record Pending(String lib, String path, int flags, long hwcap, String glibcHwcaps, int bitsHwcap) {
    }

    private final RootFs fs;
    private final List<Dir> dirs = new ArrayList<>();
    private final List<Pending> entries = new ArrayList<>();
    private final Map<String, String> createdLinks = new LinkedHashMap<>();
    private LdSoCache cache;

    private LdconfigEmulation(RootFs fs) {
        this.fs = fs;
    }

    /**
     * Runs the emulation.
     *
     * @param confDirs    the directories of /etc/ld.so.conf in order (loader paths)
     * @param builtinDirs ldconfig's SLIBDIR and LIBDIR for this root
     */
    static LdconfigEmulation run(RootFs fs, List<String> confDirs, List<String> builtinDirs) {
        LdconfigEmulation e = new LdconfigEmulation(fs);
        for (String d : confDirs) e.addDir(d);
        for (String d : builtinDirs) e.addDir(d);
        for (int i = 0; i < e.dirs.size(); i++) { // grows while legacy hwcap subdirectories are found
            e.searchDir(e.dirs.get(i));
        }
        e.cache = e.write();
        return e;
    }

    /** The cache ldconfig would write. */
    LdSoCache cache() {
        return cache;
    }

    /** The SONAME links ldconfig would create where none exists: link path to the file it names (loader paths). */
    Map<String, String> createdLinks() {
        return createdLinks;
    }

    /** {@code add_dir_1}: trailing slashes dropped, missing directories skipped, one entry per directory identity. */
    private void addDir(String line) {
        String path = line.strip();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.isEmpty()) return;
        Path host = fs.resolve(path);
        if (host == null || !Files.isDirectory(host)) return;
        if (addSingle(new Dir(path, null, fs.fileKey(host)))) {
            addGlibcHwcaps(path, host);
        }
    }

    private boolean addSingle(Dir d) {
        for (Dir x : dirs) {
            if (x.fileKey().equals(d.fileKey())) return false;
        }
        dirs.add(d);
        return true;
    }

    /** {@code add_glibc_hwcaps_subdirectories}: every non-hidden subdirectory of DIR/glibc-hwcaps without ':'. */
    private void addGlibcHwcaps(String path, Path host) {
        Path gh = host.resolve("glibc-hwcaps");
        if (!Files.isDirectory(gh)) return;
        for (String n : list(gh)) {
            if (n.startsWith(".") || n.contains(":")) continue;
            Path sub = fs.resolve(path + "/glibc-hwcaps/" + n);
            if (sub != null && Files.isDirectory(sub)) {
                addSingle(new Dir(path + "/glibc-hwcaps/" + n, n, fs.fileKey(sub)));
            }
        }
    }

    /** {@code search_dir}. */
    private void searchDir(Dir entry) {
        Path dirHost = fs.resolve(entry.path());
        if (dirHost == null || !Files.isDirectory(dirHost)) return;
        long hwcap = entry.glibcHwcaps() == null ? pathHwcap(entry.path()) : 0;
        Map<String, Dlib> dlibs = new LinkedHashMap<>();
        for (String name : list(dirHost)) {
            Path file = dirHost.resolve(name);
            boolean isLink = Files.isSymbolicLink(file);
            boolean isReg = !isLink && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
            boolean isDir = !isLink && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
            if (!isLink && !isReg && !isDir) continue;
            if (!isDso(name) && (isReg || entry.glibcHwcaps() != null || !isHwcapPlatform(name))) continue;
            if (name.endsWith(".#prelink#") || name.matches(".*\\.#prelink#\\.......")) continue;
            String loaderPath = entry.path() + "/" + name;
            Path target = isLink ? fs.resolve(loaderPath) : file;
            if (target == null || !Files.exists(target)) continue; // dangling link (ldconfig removes stale .so. links)
            if (isLink) isDir = Files.isDirectory(target);
            if (entry.glibcHwcaps() == null && isDir && isHwcapPlatform(name)) {
                addSingle(new Dir(loaderPath, null, fs.fileKey(target)));
                continue;
            }
            if (!Files.isRegularFile(target)) continue;
            Scanned s = processFile(target, name);
            if (s == null) continue;
            String soname = s.soname();
            if (isLink) {
                // a link counts as one only when it is the SONAME link or the development link (libfoo.so -> SONAME)
                boolean keep = name.equals(soname) || (name.endsWith(".so") && soname.startsWith(name));
                isLink = keep;
                if (keep) soname = name;
            }
            Dlib known = dlibs.get(soname);
            if (known == null) {
                dlibs.put(soname, new Dlib(name, soname, s.flag(), isLink));
            } else if ((!isLink && known.isLink) || (isLink == known.isLink && LdSoCache.libcmp(known.name, name) < 0)) {
                known.name = name;
                known.isLink = isLink;
            }
        }
        List<Dlib> ordered = new ArrayList<>(dlibs.values());
        java.util.Collections.reverse(ordered); // dlibs is built by adding at the head
        for (Dlib d : ordered) {
            String filename;
            if (entry.glibcHwcaps() == null) {
                filename = d.soname;
                if (!d.isLink && !d.name.equals(d.soname)) {
                    String link = entry.path() + "/" + d.soname;
                    Path existing = fs.resolve(link);
                    if (existing == null) createdLinks.put(link, entry.path() + "/" + d.name);
                }
            } else {
                filename = d.name;
            }
            entries.add(new Pending(d.soname, entry.path() + "/" + filename, d.flag, hwcap, entry.glibcHwcaps(), Long.bitCount(hwcap)));
        }
    }

    private record Scanned(String soname, int flag) {
    }

    /** {@code process_file} and {@code process_elf_file}: the SONAME (or the file name) and the cache flags; null to skip. */
    private static Scanned processFile(Path file, String name) {
        try {
            if (Files.size(file) < ElfHeader.MAX_SIZE) return null; // "too small, not checked"
            ElfHeader h = ElfHeader.read(file);
            if (!h.magic()) return null; // linker scripts, text
            ElfFile elf = ElfFile.read(file);
            if (elf.type() != ElfFile.ET_DYN || !elf.isDynamic()) return null;
            int flag;
            ElfMachine m = elf.machine();
            if (m.equals(ElfMachine.X86_64)) {
                flag = (elf.is64Bit() ? FLAG_X8664_LIB64 : FLAG_X8664_LIBX32) | FLAG_ELF_LIBC6;
            } else if (m.equals(ElfMachine.I386) && !elf.is64Bit()) {
                flag = elf.needed().contains("libc.so.6") || elf.needed().contains("libm.so.6")
                        || "/lib/ld-linux.so.2".equals(elf.interpreter().orElse(null)) ? FLAG_ELF_LIBC6 : FLAG_ELF;
            } else {
                return null; // "is for unknown machine": this ldconfig is the x86 one
            }
            return new Scanned(elf.soname().orElse(name), flag);
        } catch (IOException | RuntimeException e) {
            return null; // ldconfig warns and skips the file
        }
    }

    /** {@code _dl_is_dso}. */
    static boolean isDso(String name) {
        return ((name.startsWith("lib") || name.startsWith("ld-")) && name.contains(".so"))
                || name.startsWith("ld.so.") || name.startsWith("ld64.so.");
    }

    /** {@code is_hwcap_platform}: an important hwcap name (x86_64, avx512_1), a platform, or tls. */
    static boolean isHwcapPlatform(String name) {
        return name.equals("x86_64") || name.equals("avx512_1") || PLATFORM_BITS.containsKey(name) || name.equals("tls");
    }

    /** {@code path_hwcap}: the hwcap bits of the trailing hwcap/platform/tls components of a directory path. */
    static long pathHwcap(String path) {
        long hwcap = 0;
        String p = path;
        while (true) {
            int slash = p.lastIndexOf('/');
            if (slash < 0) break;
            String c = p.substring(slash + 1);
            Integer bit = HWCAP_BITS.get(c);
            if (bit == null) bit = PLATFORM_BITS.get(c);
            if (bit == null && c.equals("tls")) bit = TLS_HWCAP_BIT;
            if (bit == null) break;
            hwcap += 1L << bit;
            p = p.substring(0, slash);
        }
        return hwcap;
    }

    /** {@code save_cache}: sorted entries, glibc-hwcaps names indexed in name order. */
    private LdSoCache write() {
        List<Pending> sorted = new ArrayList<>(entries);
        sorted.sort(LdconfigEmulation::compare); // stable, like cache.c's insertion after equal entries
        List<String> names = new ArrayList<>(new TreeSet<>(sorted.stream().map(Pending::glibcHwcaps).filter(Objects::nonNull).toList()));
        names.sort(Comparator.naturalOrder());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
        List<LdSoCache.Entry> out = new ArrayList<>();
        for (Pending p : sorted) {
            long hwcap = p.glibcHwcaps() == null ? p.hwcap() : HWCAP_EXTENSION | index.get(p.glibcHwcaps());
            out.add(new LdSoCache.Entry(p.flags(), p.lib(), p.path(), 0, hwcap));
        }
        return LdSoCache.inMemory(fs.root().resolve("etc/ld.so.cache"), out, names);
    }

    /** cache.c's {@code compare}: names descending (digit-aware), then flags, glibc-hwcaps first, most specific hwcap first. */
    private static int compare(Pending e1, Pending e2) {
        int res = LdSoCache.libcmp(e2.lib(), e1.lib());
        if (res != 0) return res;
        if (e1.flags() != e2.flags()) return e1.flags() < e2.flags() ? 1 : -1;
        if (e1.glibcHwcaps() != null && e2.glibcHwcaps() == null) return -1;
        if (e1.glibcHwcaps() == null && e2.glibcHwcaps() != null) return 1;
        if (e1.glibcHwcaps() != null) {
            int c = e1.glibcHwcaps().compareTo(e2.glibcHwcaps());
            if (c != 0) return c;
        }
        if (e2.bitsHwcap() != e1.bitsHwcap()) return e2.bitsHwcap() > e1.bitsHwcap() ? 1 : -1;
        if (e2.hwcap() != e1.hwcap()) return Long.compareUnsigned(e2.hwcap(), e1.hwcap()) > 0 ? 1 : -1;
        return 0;
    }

    /** Directory entries in name order (readdir order is the filesystem's; ldconfig's output does not depend on it here). */
    private static List<String> list(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) out.add(p.getFileName().toString());
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
