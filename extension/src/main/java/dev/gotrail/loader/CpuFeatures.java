package dev.gotrail.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What glibc's loader derives from the CPU: the glibc-hwcaps subdirectories it searches
 * (x86-64-v4/v3/v2, best first), the legacy hwcap names and the platform string ($PLATFORM, the
 * legacy platform subdirectory). Always the host CPU: an image root runs on this machine's CPU.
 *
 * @param platform      GLRO(dl_platform): "haswell"/"xeon_phi" on capable Intel CPUs, else AT_PLATFORM
 * @param legacyHwcaps  names of the legacy AT_HWCAP bits glibc &lt;= 2.36 searches (in bit order)
 * @param glibcHwcaps   glibc-hwcaps subdirectory names the CPU supports, best first
 * @param isaLevel      highest x86-64 ISA level supported (1 = baseline .. 4 = v4), 0 elsewhere
 * @param legacyHwcapBits the legacy AT_HWCAP bits glibc matches ld.so.cache entries against
 */
record CpuFeatures(String platform, List<String> legacyHwcaps, List<String> glibcHwcaps, int isaLevel, long legacyHwcapBits) {

    private static final CpuFeatures HOST = detect(Path.of("/proc/cpuinfo"), System.getProperty("os.arch", ""));

    static CpuFeatures host() {
        return HOST;
    }

    static CpuFeatures detect(Path cpuinfo, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            String platform = arch.equals("aarch64") ? "aarch64" : arch;
            return new CpuFeatures(platform, List.of(), List.of(), 0, 0);
        }
        Set<String> flags = new HashSet<>();
        String vendor = "";
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags") && flags.isEmpty()) {
                    flags.addAll(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                } else if (line.startsWith("vendor_id") && vendor.isEmpty()) {
                    vendor = line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: assume the baseline
        }
        return fromFlags(vendor, flags);
    }

    static CpuFeatures fromFlags(String vendor, Set<String> f) {
        boolean v2 = f.containsAll(List.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"));
        // LZCNT is "abm" in /proc/cpuinfo, but hypervisors may hide that flag while glibc (reading
        // CPUID) still sees LZCNT: every CPU with AVX2 and BMI1 has it (Haswell, Piledriver and later).
        // Seen on this project's AMD EPYC VM: no "abm", and ld.so --help lists x86-64-v3/v4 as supported.
        boolean lzcnt = f.contains("abm") || f.contains("lzcnt") || f.containsAll(List.of("avx2", "bmi1"));
        boolean v3 = v2 && lzcnt && f.containsAll(List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave"));
        boolean v4 = v3 && f.containsAll(List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"));
        List<String> hwcaps = new ArrayList<>();
        if (v4) hwcaps.add("x86-64-v4");
        if (v3) hwcaps.add("x86-64-v3");
        if (v2) hwcaps.add("x86-64-v2");
        int level = v4 ? 4 : v3 ? 3 : v2 ? 2 : 1;
        // sysdeps/x86/cpu-features.c (glibc <= 2.36): platform and AVX512_1 only on Intel.
        String platform = "x86_64";
        List<String> legacy = new ArrayList<>(List.of("x86_64"));
        long bits = 1L << 1; // HWCAP_X86_64
        if (vendor.equals("GenuineIntel")) {
            if (f.contains("avx512cd")) {
                if (f.contains("avx512er") && f.contains("avx512pf")) {
                    platform = "xeon_phi";
                } else if (f.containsAll(List.of("avx512bw", "avx512dq", "avx512vl"))) {
                    legacy.add("avx512_1");
                    bits |= 1L << 2;
                }
            }
            if (platform.equals("x86_64") && lzcnt && f.containsAll(List.of("avx2", "fma", "bmi1", "bmi2", "movbe", "popcnt"))) {
                platform = "haswell";
            }
        }
        return new CpuFeatures(platform, List.copyOf(legacy), List.copyOf(hwcaps), level, bits);
    }

    /**
     * The legacy subdirectories glibc &lt;= 2.36 appends to each search directory, in its order:
     * every subset of [tls, hwcaps..., platform], largest first (e.g. tls/x86_64/x86_64, tls/x86_64,
     * tls/x86_64, tls, x86_64/x86_64, x86_64, x86_64, "").
     */
    List<String> legacySubdirs() {
        List<String> caps = new ArrayList<>();
        caps.add("tls");
        caps.addAll(legacyHwcaps);
        caps.add(platform);
        int k = caps.size();
        List<String> out = new ArrayList<>();
        for (int n = 0; n < (1 << k); n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < k; i++) {
                if ((n & (1 << (k - 1 - i))) == 0) {
                    if (sb.length() > 0) sb.append('/');
                    sb.append(caps.get(i));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
