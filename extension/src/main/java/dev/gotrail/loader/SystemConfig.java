package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.VersionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the root's ld.so was built with and what it reads: the default ("system") directories, the
 * $LIB expansion, the glibc version (which decides glibc-hwcaps and the legacy tls/platform
 * subdirectories), the search subdirectories for this CPU and the ld.so.cache or its emulation.
 * One per root, machine and ELF class.
 */
final class SystemConfig {

    final List<String> systemDirs;
    final String libToken;
    final SymbolVersion glibcVersion;
    final List<String> subdirs;
    final LdSoCache cache;
    final LdconfigScan scan;
    final String cacheWarning;
    final String defaultInterpreter;
    final int cacheFlags;
    /** /etc/ld.so.preload when the root has one (read per resolution: it is tiny), else null. */
    final Path preloadFile;

    private SystemConfig(List<String> systemDirs, String libToken, SymbolVersion glibcVersion, List<String> subdirs,
            LdSoCache cache, LdconfigScan scan, String cacheWarning, String defaultInterpreter, int cacheFlags, Path preloadFile) {
        this.systemDirs = systemDirs;
        this.libToken = libToken;
        this.glibcVersion = glibcVersion;
        this.subdirs = subdirs;
        this.cache = cache;
        this.scan = scan;
        this.cacheWarning = cacheWarning;
        this.defaultInterpreter = defaultInterpreter;
        this.cacheFlags = cacheFlags;
        this.preloadFile = preloadFile;
    }

    static SystemConfig of(RootFs fs, Loader.Shared shared, int machine, int elfClass) {
        String key = fs.root() + "|" + machine + "|" + elfClass;
        return (SystemConfig) shared.perRoot.computeIfAbsent(key, k -> build(fs, shared, machine, elfClass));
    }

    private static SystemConfig build(RootFs fs, Loader.Shared shared, int machine, int elfClass) {
        boolean is64 = elfClass == 64;
        String triplet = switch (machine) {
            case 62 -> is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
            case 3 -> "i386-linux-gnu";
            case 183 -> "aarch64-linux-gnu";
            case 40 -> "arm-linux-gnueabihf";
            case 243 -> "riscv64-linux-gnu";
            default -> "";
        };
        List<String> dirs = new ArrayList<>();
        String lib;
        if (!triplet.isEmpty() && (fs.isDirectory("/lib/" + triplet) || fs.isDirectory("/usr/lib/" + triplet))) {
            // Debian/Ubuntu multiarch: SYSTEM_DIRS and $LIB of their glibc build.
            dirs.add("/lib/" + triplet + "/");
            dirs.add("/usr/lib/" + triplet + "/");
            dirs.add("/lib/");
            dirs.add("/usr/lib/");
            lib = "lib/" + triplet;
        } else if (is64 && machine != 183) {
            dirs.add("/lib64/");
            dirs.add("/usr/lib64/");
            lib = "lib64";
        } else if (machine == 183) {
            dirs.add("/lib64/");
            dirs.add("/usr/lib64/");
            lib = "lib64";
        } else {
            dirs.add("/lib/");
            dirs.add("/usr/lib/");
            lib = "lib";
        }
        SymbolVersion glibc = null;
        for (String d : dirs) {
            Path libc = fs.resolve(d + "libc.so.6");
            if (libc != null && Files.isRegularFile(libc)) {
                try {
                    ElfFile elf = shared.elf(libc);
                    if (elf.machine().code() != machine || elf.elfClass() != elfClass) continue;
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
        CpuFeatures cpu = CpuFeatures.host();
        List<String> subdirs = new ArrayList<>();
        boolean hwcaps = glibc == null || glibc.isAtLeast("2.33");
        boolean legacy = glibc != null && glibc.isAtMost("2.36");
        if (hwcaps && machine == 62 && is64) {
            for (String h : cpu.glibcHwcaps()) subdirs.add("glibc-hwcaps/" + h);
        }
        if (legacy && machine == 62 && is64) {
            subdirs.addAll(cpu.legacySubdirs()); // ends with ""
        } else {
            subdirs.add("");
        }
        LdSoCache cache = null;
        LdconfigScan scan = null;
        String warning = null;
        Path cacheFile = fs.resolve("/etc/ld.so.cache");
        if (cacheFile != null && Files.isRegularFile(cacheFile)) {
            try {
                cache = LdSoCache.read(cacheFile);
            } catch (IOException e) {
                warning = "ld.so.cache ignored, as the loader would: " + e.getMessage();
            }
        } else {
            List<String> scanDirs = new ArrayList<>(LdSoConf.directories(fs, "/etc/ld.so.conf"));
            for (String d : dirs) scanDirs.add(d.length() > 1 ? d.substring(0, d.length() - 1) : d);
            scan = LdconfigScan.scan(fs, scanDirs);
        }
        String interp = switch (machine) {
            case 62 -> is64 ? "/lib64/ld-linux-x86-64.so.2" : "/libx32/ld-linux-x32.so.2";
            case 3 -> "/lib/ld-linux.so.2";
            case 183 -> "/lib/ld-linux-aarch64.so.1";
            case 40 -> "/lib/ld-linux-armhf.so.3";
            case 243 -> "/lib/ld-linux-riscv64-lp64d.so.1";
            default -> null;
        };
        Path preload = fs.resolve("/etc/ld.so.preload");
        return new SystemConfig(List.copyOf(dirs), lib, glibc, List.copyOf(subdirs), cache, scan, warning, interp,
                LdSoCache.expectedFlags(machine, is64), preload != null && Files.isRegularFile(preload) ? preload : null);
    }

    /** The cache's answer for a name (best entry only), or the scan emulation's. */
    Optional<String> cacheLookup(String name, int machine, int elfClass) {
        if (cache != null) {
            return cache.lookup(name, cacheFlags);
        }
        if (scan != null) {
            return scan.lookup(name, machine, elfClass);
        }
        return Optional.empty();
    }

    boolean approximate() {
        return scan != null;
    }
}
