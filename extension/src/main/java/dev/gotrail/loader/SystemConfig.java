package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfMachine;
import dev.gotrail.elf.VersionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the root's ld.so was built with and what it reads: the default ("system") directories, the
 * $LIB expansion, the glibc version (which decides glibc-hwcaps and the legacy tls/platform
 * subdirectories), the search subdirectories for this CPU, and the ld.so.cache — the root's own,
 * none when it has none (glibc then searches only its trusted directories), or on request the one
 * {@code ldconfig} would write ({@link LdconfigEmulation}). One per root, machine, class and mode.
 */
final class SystemConfig {

    final List<String> systemDirs;
    final String libToken;
    final SymbolVersion glibcVersion;
    final List<String> subdirs;
    final String cacheWarning;
    final String defaultInterpreter;
    /** /etc/ld.so.preload when the root has one (read per resolution: it is tiny), else null. */
    final Path preloadFile;
    private final LdSoCache cache;
    private final CacheSource cacheSource;
    private final int cacheFlags;
    /** Per search directory: the directories to try in it, glibc-hwcaps/legacy subdirectories that exist first. */
    private final Map<String, List<String>> searchDirs = new java.util.concurrent.ConcurrentHashMap<>();
    /** SONAME links ldconfig would create (loader path to the file it names), in as-if-ldconfig mode. */
    private final Map<String, String> createdLinks;

    private SystemConfig(List<String> systemDirs, String libToken, SymbolVersion glibcVersion, List<String> subdirs,
            LdSoCache cache, CacheSource cacheSource, Map<String, String> createdLinks, String cacheWarning,
            String defaultInterpreter, int cacheFlags, Path preloadFile) {
        this.systemDirs = systemDirs;
        this.libToken = libToken;
        this.glibcVersion = glibcVersion;
        this.subdirs = subdirs;
        this.cache = cache;
        this.cacheSource = cacheSource;
        this.createdLinks = createdLinks;
        this.cacheWarning = cacheWarning;
        this.defaultInterpreter = defaultInterpreter;
        this.cacheFlags = cacheFlags;
        this.preloadFile = preloadFile;
    }

    static SystemConfig of(RootFs fs, Loader.Shared shared, ExpectedObject expected, boolean asIfLdconfig) {
        String key = fs.root() + "|" + expected.machine().code() + "|" + expected.bits() + "|" + asIfLdconfig;
        return (SystemConfig) shared.perRoot.computeIfAbsent(key, k -> build(fs, shared, expected, asIfLdconfig));
    }

    /** The Debian/Ubuntu multiarch triplet of a machine and class; "" when there is none. */
    static String triplet(ElfMachine machine, boolean is64) {
        if (machine.equals(ElfMachine.X86_64)) return is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
        if (machine.equals(ElfMachine.I386)) return "i386-linux-gnu";
        if (machine.equals(ElfMachine.AARCH64)) return "aarch64-linux-gnu";
        if (machine.equals(ElfMachine.ARM)) return "arm-linux-gnueabihf";
        if (machine.equals(ElfMachine.RISCV)) return "riscv64-linux-gnu";
        return "";
    }

    /** The PT_INTERP a glibc toolchain writes for a machine and class; null when unknown. */
    static String interpreter(ElfMachine machine, boolean is64) {
        if (machine.equals(ElfMachine.X86_64)) return is64 ? "/lib64/ld-linux-x86-64.so.2" : "/libx32/ld-linux-x32.so.2";
        if (machine.equals(ElfMachine.I386)) return "/lib/ld-linux.so.2";
        if (machine.equals(ElfMachine.AARCH64)) return "/lib/ld-linux-aarch64.so.1";
        if (machine.equals(ElfMachine.ARM)) return "/lib/ld-linux-armhf.so.3";
        if (machine.equals(ElfMachine.RISCV)) return "/lib/ld-linux-riscv64-lp64d.so.1";
        return null;
    }

    private static SystemConfig build(RootFs fs, Loader.Shared shared, ExpectedObject expected, boolean asIfLdconfig) {
        boolean is64 = expected.is64();
        ElfMachine machine = expected.machine();
        String triplet = triplet(machine, is64);
        List<String> dirs = new ArrayList<>();
        String lib;
        if (!triplet.isEmpty() && (fs.isDirectory("/lib/" + triplet) || fs.isDirectory("/usr/lib/" + triplet))) {
            // Debian/Ubuntu multiarch: SYSTEM_DIRS and $LIB of their glibc build.
            dirs.add("/lib/" + triplet + "/");
            dirs.add("/usr/lib/" + triplet + "/");
            dirs.add("/lib/");
            dirs.add("/usr/lib/");
            lib = "lib/" + triplet;
        } else if (is64) {
            dirs.add("/lib64/");
            dirs.add("/usr/lib64/");
            lib = "lib64";
        } else {
            dirs.add("/lib/");
            dirs.add("/usr/lib/");
            lib = "lib";
        }
        SymbolVersion glibc = glibcVersion(fs, shared, expected, dirs);
        CpuFeatures cpu = CpuFeatures.host();
        List<String> subdirs = new ArrayList<>();
        boolean hwcaps = glibc == null || glibc.isAtLeast("2.33");
        boolean legacy = glibc != null && glibc.isAtMost("2.36");
        boolean x8664 = machine.equals(ElfMachine.X86_64) && is64;
        if (hwcaps && x8664) {
            for (String h : cpu.glibcHwcaps()) subdirs.add("glibc-hwcaps/" + h);
        }
        if (legacy && x8664) {
            subdirs.addAll(cpu.legacySubdirs()); // ends with ""
        } else {
            subdirs.add("");
        }
        LdSoCache cache = null;
        CacheSource source = CacheSource.NONE;
        Map<String, String> links = Map.of();
        String warning;
        Path cacheFile = fs.resolve("/etc/ld.so.cache");
        if (cacheFile != null && Files.isRegularFile(cacheFile)) {
            try {
                cache = LdSoCache.read(cacheFile);
                source = CacheSource.LD_SO_CACHE;
                warning = null;
            } catch (IOException e) {
                warning = "ld.so.cache ignored, as the loader would: " + e.getMessage();
            }
        } else if (asIfLdconfig) {
            // ldconfig's own directories: SLIBDIR and LIBDIR (the first two system directories).
            List<String> builtin = new ArrayList<>();
            for (String d : dirs.subList(0, 2)) builtin.add(d.substring(0, d.length() - 1));
            LdconfigEmulation emulation = LdconfigEmulation.run(fs, LdSoConf.directories(fs, "/etc/ld.so.conf"), builtin);
            cache = emulation.cache();
            links = emulation.createdLinks();
            source = CacheSource.AS_IF_LDCONFIG;
            warning = "answered as if ldconfig had run in " + fs.root() + ": it has no /etc/ld.so.cache, so the real loader"
                    + " would search only its trusted directories (ldconfig -r " + fs.root() + " would write the cache used here)";
        } else {
            warning = "no /etc/ld.so.cache in " + fs.root() + ": the loader searches only its trusted directories"
                    + " and never reads /etc/ld.so.conf (to compare, ask for an answer as if ldconfig had run:"
                    + " gotrail ldd --as-if-ldconfig, Loader.asIfLdconfig())";
        }
        Path preload = fs.resolve("/etc/ld.so.preload");
        return new SystemConfig(List.copyOf(dirs), lib, glibc, List.copyOf(subdirs), cache, source, links, warning,
                interpreter(machine, is64), LdSoCache.expectedFlags(machine, is64),
                preload != null && Files.isRegularFile(preload) ? preload : null);
    }

    /** The highest GLIBC_x.y version the root's libc.so.6 of this machine and class defines; null when unknown. */
    private static SymbolVersion glibcVersion(RootFs fs, Loader.Shared shared, ExpectedObject expected, List<String> dirs) {
        SymbolVersion glibc = null;
        for (String d : dirs) {
            Path libc = fs.resolve(d + "libc.so.6");
            if (libc != null && Files.isRegularFile(libc)) {
                try {
                    ElfFile elf = shared.elf(libc);
                    if (!elf.machine().equals(expected.machine()) || elf.elfClass() != expected.bits()) continue;
                    for (VersionDefinition v : elf.versionDefinitions()) {
                        Optional<SymbolVersion> sv = SymbolVersion.parse(v.name());
                        if (sv.isPresent() && sv.get().prefix().equals("GLIBC") && (glibc == null || sv.get().compareTo(glibc) > 0)) {
                            glibc = sv.get();
                        }
                    }
                    break;
                } catch (IOException e) {
                    // unreadable libc: version unknown
                }
            }
        }
        return glibc;
    }

    /**
     * The directories {@code open_path} tries for one search directory {@code dir} (ending in "/",
     * or "" for the working directory): each existing glibc-hwcaps/legacy subdirectory in glibc's
     * order, then {@code dir} itself. Computed once per directory, like glibc's per-directory
     * {@code status[]} (a subdirectory that does not exist is never tried again).
     */
    List<String> searchDirs(RootFs fs, Loader.Shared shared, String dir) {
        String key = dir.startsWith("/") ? dir : fs.cwd() + "\0" + dir;
        return searchDirs.computeIfAbsent(key, k -> {
            List<String> out = new ArrayList<>();
            for (String sub : subdirs) {
                if (sub.isEmpty()) {
                    out.add(dir);
                    continue;
                }
                String d = dir + sub + "/";
                Path hd = fs.resolve(d);
                if (hd != null && shared.isDirectory(hd)) out.add(d);
            }
            return List.copyOf(out);
        });
    }

    /** The cache's answer for a name (glibc's best entry only); empty without a cache. */
    Optional<String> cacheLookup(String name) {
        return cache == null ? Optional.empty() : cache.lookup(name, cacheFlags);
    }

    /** The reason an object found through {@link #cacheLookup} carries. */
    LoadReason cacheReason() {
        return cacheSource == CacheSource.AS_IF_LDCONFIG ? LoadReason.AS_IF_LDCONFIG : LoadReason.LD_SO_CACHE;
    }

    CacheSource cacheSource() {
        return cacheSource;
    }

    /** The file a SONAME link ldconfig would create points to (a loader path), or null. */
    String createdLink(String loaderPath) {
        return createdLinks.get(loaderPath);
    }
}
