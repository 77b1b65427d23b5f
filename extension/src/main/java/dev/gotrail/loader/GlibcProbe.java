package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.VersionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the release of one libc.so.6: the banner glibc's csu/version.c compiles in ("GNU C
 * Library (…) stable release version 2.36.") when present, else the highest GLIBC_x.y version
 * definition. The file is streamed once in blocks (libc.so.6 is a few MiB), never loaded whole.
 */
final class GlibcProbe {

    private static final byte[] MARK = "release version ".getBytes(StandardCharsets.US_ASCII);
    /** The release number, complete only when a non-digit follows (else the rest is in the next block). */
    private static final Pattern NUMBER = Pattern.compile("^([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)[^0-9.]|^([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)\\.[^0-9]");

    private GlibcProbe() {
    }

    /** The release of {@code elf} (a libc.so.6) known to the loader as {@code loaderPath}; empty when it is not glibc's. */
    static Optional<GlibcRelease> of(String loaderPath, ElfFile elf) {
        Optional<SymbolVersion> banner = banner(elf.path());
        if (banner.isPresent()) {
            return Optional.of(new GlibcRelease(loaderPath, banner.get(), GlibcRelease.BANNER));
        }
        SymbolVersion max = null;
        for (VersionDefinition d : elf.versionDefinitions()) {
            Optional<SymbolVersion> v = SymbolVersion.parse(d.name());
            if (v.isPresent() && v.get().prefix().equals("GLIBC") && (max == null || v.get().compareTo(max) > 0)) {
                max = v.get();
            }
        }
        return max == null ? Optional.empty()
                : Optional.of(new GlibcRelease(loaderPath, SymbolVersion.of(max.toString()), GlibcRelease.VERSION_DEFINITIONS));
    }

    /**
     * The libc.so.6 a binary of {@code expected}'s machine and class would load in the root when
     * nothing else (RPATH, LD_LIBRARY_PATH) intervenes: the ld.so.cache's entry, else the first
     * default directory that has one; its release.
     */
    static Optional<GlibcRelease> inRoot(RootFs fs, Loader.Shared shared, SystemConfig sys, ExpectedObject expected) {
        java.util.List<String> candidates = new java.util.ArrayList<>();
        sys.cacheLookup("libc.so.6").ifPresent(candidates::add);
        sys.systemDirs.forEach(d -> candidates.add(d + "libc.so.6"));
        for (String c : candidates) {
            Path host = fs.resolve(c);
            if (host == null || !Files.isRegularFile(host)) {
                continue;
            }
            try {
                ElfFile elf = shared.elf(host);
                if (elf.machine().equals(expected.machine()) && elf.elfClass() == expected.bits()) {
                    return shared.glibc(c, elf);
                }
            } catch (IOException e) {
                // not a readable ELF file: the loader would go on to the next candidate too
            }
        }
        return Optional.empty();
    }

    /** The number after "GNU C Library … release version " in the file, if any. */
    static Optional<SymbolVersion> banner(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int keep = 0;
            int n;
            while ((n = in.read(buf, keep, buf.length - keep)) > 0) {
                int len = keep + n;
                for (int at = indexOf(buf, 0, len, MARK); at >= 0; at = indexOf(buf, at + 1, len, MARK)) {
                    int tail = Math.min(24, len - at - MARK.length);
                    if (isGlibcBanner(buf, at)) {
                        Matcher m = NUMBER.matcher(new String(buf, at + MARK.length, tail, StandardCharsets.ISO_8859_1));
                        if (m.find()) {
                            return Optional.of(SymbolVersion.of(m.group(1) != null ? m.group(1) : m.group(2)));
                        }
                    }
                }
                // keep the tail so that a banner across two blocks is found in the next one
                keep = Math.min(256, len);
                System.arraycopy(buf, len - keep, buf, 0, keep);
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: fall back to the version definitions
        }
        return Optional.empty();
    }

    /** The banner's string starts with "GNU C Library" within the 200 bytes before the mark, without a NUL between. */
    private static boolean isGlibcBanner(byte[] buf, int at) {
        int from = Math.max(0, at - 200);
        String before = new String(buf, from, at - from, StandardCharsets.ISO_8859_1);
        int nul = before.lastIndexOf('\0');
        return before.substring(nul + 1).contains("GNU C Library");
    }

    private static int indexOf(byte[] buf, int from, int len, byte[] mark) {
        outer:
        for (int i = from; i + mark.length <= len; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (buf[i + j] != mark[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
