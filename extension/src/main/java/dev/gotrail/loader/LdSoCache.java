package dev.gotrail.loader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code /etc/ld.so.cache}: the {@code glibc-ld.so.cache1.1} format with its extension
 * block (generator string, glibc-hwcaps subdirectory names), the old {@code ld.so-1.7.0} format and
 * the compat layout (old entries followed by a new-format cache). {@link #lookup} repeats glibc's
 * {@code search_cache}: a binary search on the (descending, digit-aware) sorted names, then the
 * best usable entry only.
 */
public final class LdSoCache {

    /** Caches larger than this are refused as corrupt (real ones are tens of KiB). */
    static final long MAX_SIZE = 64L * 1024 * 1024;

    private static final String OLD_MAGIC = "ld.so-1.7.0";
    private static final String NEW_MAGIC = "glibc-ld.so.cache1.1";
    private static final int EXTENSION_MAGIC = 0xeaa42174;
    private static final long HWCAP_EXTENSION = 1L << 62;
    private static final int ISA_LEVEL_MASK = (1 << 10) - 1;
    private static final long HWCAP_TLS_MASK = 1L << 63;
    private static final long HWCAP_PLATFORM_MASK = 3L << 48; // x86: haswell, xeon_phi

    /** Which of the three layouts the file has. */
    public enum Format { NEW, OLD, COMPAT }

    /**
     * One cache entry.
     *
     * @param flags     FLAG_ELF_LIBC6 | architecture bits (x86-64 libc6 = 0x0303)
     * @param name      the library name (SONAME) looked up
     * @param path      the file the loader opens
     * @param osVersion minimum kernel version (new format; 0 = any)
     * @param hwcap     legacy hwcap bits, or bit 62 with a glibc-hwcaps index in the low 32 bits
     */
    public record Entry(int flags, String name, String path, long osVersion, long hwcap) {

        /** The entry stands for a library in a glibc-hwcaps subdirectory (named hwcap). */
        public boolean isGlibcHwcaps() {
            return ((hwcap >>> 32) & ~ISA_LEVEL_MASK) == (HWCAP_EXTENSION >>> 32);
        }
    }

    private final Path file;
    private final Format format;
    private final List<Entry> entries;
    private final boolean hwcapFields;
    private final String generator;
    private final List<String> glibcHwcaps;

    private LdSoCache(Path file, Format format, List<Entry> entries, boolean hwcapFields, String generator, List<String> glibcHwcaps) {
        this.file = file;
        this.format = format;
        this.entries = List.copyOf(entries);
        this.hwcapFields = hwcapFields;
        this.generator = generator;
        this.glibcHwcaps = List.copyOf(glibcHwcaps);
    }

    /** Reads and validates a cache file; a corrupt one gives an {@link IOException} naming file and offset. */
    public static LdSoCache read(Path file) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_SIZE) {
                throw corrupt(file, 0, "cache of " + size + " bytes is larger than " + MAX_SIZE + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // positional reads until full
            }
            bytes = b.array();
        }
        return parse(file, bytes);
    }

    static LdSoCache parse(Path file, byte[] d) throws IOException {
        if (startsWith(d, 0, NEW_MAGIC)) {
            return parseNew(file, d, 0, Format.NEW);
        }
        if (!startsWith(d, 0, OLD_MAGIC)) {
            throw corrupt(file, 0, "neither '" + NEW_MAGIC + "' nor '" + OLD_MAGIC + "' magic");
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.nativeOrder());
        if (d.length < 16) {
            throw corrupt(file, 0, "old-format header truncated");
        }
        long nlibs = b.getInt(12) & 0xffffffffL;
        if ((d.length - 16) / 12 < nlibs) {
            throw corrupt(file, 12, "old-format cache claims " + nlibs + " entries but has room for " + (d.length - 16) / 12);
        }
        long newStart = (16 + nlibs * 12 + 7) & ~7L;
        if (newStart + 48 <= d.length && startsWith(d, (int) newStart, NEW_MAGIC)) {
            return parseNew(file, d, (int) newStart, Format.COMPAT);
        }
        int strings = (int) (16 + nlibs * 12);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < nlibs; i++) {
            int at = 16 + i * 12;
            int flags = b.getInt(at);
            String key = string(file, d, strings, b.getInt(at + 4) & 0xffffffffL, at + 4);
            String value = string(file, d, strings, b.getInt(at + 8) & 0xffffffffL, at + 8);
            entries.add(new Entry(flags, key, value, 0, 0));
        }
        return new LdSoCache(file, Format.OLD, entries, false, null, List.of());
    }

    private static LdSoCache parseNew(Path file, byte[] d, int base, Format format) throws IOException {
        if (d.length - base < 48) {
            throw corrupt(file, base, "new-format header truncated");
        }
        int endian = d[base + 28] & 3;
        ByteOrder order = endian == 3 ? ByteOrder.BIG_ENDIAN : endian == 2 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
        if (endian == 1) {
            throw corrupt(file, base + 28, "cache byte order marked invalid");
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(order);
        long nlibs = b.getInt(base + 20) & 0xffffffffL;
        if ((d.length - base - 48) / 24 < nlibs) {
            throw corrupt(file, base + 20, "cache claims " + nlibs + " entries but has room for " + (d.length - base - 48) / 24);
        }
        long extOffset = b.getInt(base + 32) & 0xffffffffL;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < nlibs; i++) {
            int at = base + 48 + i * 24;
            int flags = b.getInt(at);
            String key = string(file, d, base, b.getInt(at + 4) & 0xffffffffL, at + 4);
            String value = string(file, d, base, b.getInt(at + 8) & 0xffffffffL, at + 8);
            long osv = b.getInt(at + 12) & 0xffffffffL;
            long hwcap = b.getLong(at + 16);
            entries.add(new Entry(flags, key, value, osv, hwcap));
        }
        String generator = null;
        List<String> hwcaps = new ArrayList<>();
        if (extOffset != 0) {
            if (extOffset % 4 != 0 || extOffset > d.length - 8) {
                throw corrupt(file, base + 32, "extension offset " + extOffset + " misaligned or past the end");
            }
            int e = (int) extOffset;
            if (b.getInt(e) != EXTENSION_MAGIC) {
                throw corrupt(file, e, "bad extension magic");
            }
            long count = b.getInt(e + 4) & 0xffffffffL;
            if ((d.length - e - 8) / 16 < count) {
                throw corrupt(file, e + 4, "extension claims " + count + " sections");
            }
            for (int i = 0; i < count; i++) {
                int s = e + 8 + i * 16;
                int tag = b.getInt(s);
                long off = b.getInt(s + 8) & 0xffffffffL;
                long size = b.getInt(s + 12) & 0xffffffffL;
                if (off > d.length || size > d.length - off) {
                    throw corrupt(file, s, "extension section " + tag + " lies outside the file");
                }
                if (tag == 0) {
                    generator = new String(d, (int) off, (int) size, StandardCharsets.UTF_8);
                } else if (tag == 1) {
                    if (size % 4 != 0) {
                        throw corrupt(file, s, "glibc-hwcaps section size " + size + " is not a multiple of 4");
                    }
                    for (int j = 0; j < size / 4; j++) {
                        hwcaps.add(string(file, d, base, b.getInt((int) off + j * 4) & 0xffffffffL, (int) off + j * 4));
                    }
                }
            }
        }
        return new LdSoCache(file, format, entries, true, generator, hwcaps);
    }

    private static String string(Path file, byte[] d, int base, long index, int at) throws IOException {
        long start = base + index;
        if (index < 0 || start >= d.length) {
            throw corrupt(file, at, "string offset " + index + " points outside the cache");
        }
        int end = (int) start;
        while (end < d.length && d[end] != 0) end++;
        if (end == d.length) {
            throw corrupt(file, at, "string at " + start + " is not NUL-terminated");
        }
        return new String(d, (int) start, end - (int) start, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] d, int at, String magic) {
        if (d.length - at < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) {
            if (d[at + i] != magic.charAt(i)) return false;
        }
        return true;
    }

    private static IOException corrupt(Path file, long offset, String problem) {
        return new IOException(file + ": offset " + offset + ": corrupt ld.so.cache: " + problem);
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** Entries in file order (sorted by descending name as ldconfig writes them). */
    public List<Entry> entries() {
        return entries;
    }

    /** The generator string of the extension block, e.g. {@code ldconfig (Debian GLIBC 2.36-9) ...}. */
    public Optional<String> generator() {
        return Optional.ofNullable(generator);
    }

    /** The glibc-hwcaps subdirectory names of the extension block, indexed by named-hwcap entries. */
    public List<String> glibcHwcaps() {
        return glibcHwcaps;
    }

    /** glibc's lookup with the host CPU: the best usable entry's path for {@code name} and the given flags. */
    public Optional<String> lookup(String name, int expectedFlags) {
        return lookup(name, expectedFlags, CpuFeatures.host());
    }

    Optional<String> lookup(String name, int expectedFlags, CpuFeatures cpu) {
        long hwcapExclude = ~(cpu.legacyHwcapBits() | HWCAP_PLATFORM_MASK | HWCAP_TLS_MASK);
        long platformBit = switch (cpu.platform()) {
            case "haswell" -> 1L << 48;
            case "xeon_phi" -> 1L << 49;
            default -> -1;
        };
        int left = 0;
        int right = entries.size() - 1;
        String best = null;
        int bestPriority = 0;
        while (left <= right) {
            int middle = (left + right) >>> 1;
            int cmp = libcmp(name, entries.get(middle).name());
            if (cmp == 0) {
                left = middle;
                while (middle > 0 && libcmp(name, entries.get(middle - 1).name()) == 0) {
                    --middle;
                }
                do {
                    Entry lib = entries.get(middle);
                    if (middle > left && libcmp(name, lib.name()) != 0) {
                        break;
                    }
                    if (lib.flags() != expectedFlags) {
                        continue;
                    }
                    boolean named = false;
                    if (hwcapFields) {
                        named = lib.isGlibcHwcaps();
                        if (named) {
                            int isa = (int) ((lib.hwcap() >>> 32) & ISA_LEVEL_MASK);
                            int supported = cpu.isaLevel() == 0 ? 0 : (1 << cpu.isaLevel()) - 1;
                            if ((isa & supported) != isa) {
                                continue;
                            }
                        }
                        if (!named && best != null) {
                            break;
                        }
                        if (!named && (lib.hwcap() & hwcapExclude) != 0) {
                            continue;
                        }
                        long platform = lib.hwcap() & HWCAP_PLATFORM_MASK;
                        if (!named && platform != 0 && platform != platformBit) {
                            continue;
                        }
                        if (named) {
                            int priority = priority(lib, cpu);
                            if (priority == 0) {
                                continue;
                            } else if (best == null || priority < bestPriority) {
                                bestPriority = priority;
                            } else {
                                continue;
                            }
                        }
                    }
                    best = lib.path();
                    if (!named) {
                        break;
                    }
                } while (++middle <= right);
                break;
            }
            if (cmp < 0) {
                left = middle + 1;
            } else {
                right = middle - 1;
            }
        }
        return Optional.ofNullable(best);
    }

    /** 1 for the best glibc-hwcaps subdirectory this CPU supports, 2 for the next, ...; 0 = unusable. */
    private int priority(Entry lib, CpuFeatures cpu) {
        long index = lib.hwcap() & 0xffffffffL;
        if (index >= glibcHwcaps.size()) {
            return 0;
        }
        int pos = cpu.glibcHwcaps().indexOf(glibcHwcaps.get((int) index));
        return pos < 0 ? 0 : pos + 1;
    }

    /** glibc's {@code _dl_cache_libcmp}: runs of digits compare numerically. */
    static int libcmp(String p1, String p2) {
        int i = 0;
        int j = 0;
        while (i < p1.length()) {
            char c1 = p1.charAt(i);
            char c2 = j < p2.length() ? p2.charAt(j) : '\0';
            if (isDigit(c1)) {
                if (isDigit(c2)) {
                    long v1 = 0;
                    long v2 = 0;
                    while (i < p1.length() && isDigit(p1.charAt(i))) v1 = Math.min(v1 * 10 + p1.charAt(i++) - '0', Integer.MAX_VALUE);
                    while (j < p2.length() && isDigit(p2.charAt(j))) v2 = Math.min(v2 * 10 + p2.charAt(j++) - '0', Integer.MAX_VALUE);
                    if (v1 != v2) {
                        return Long.compare(v1, v2);
                    }
                } else {
                    return 1;
                }
            } else if (isDigit(c2)) {
                return -1;
            } else if (c1 != c2) {
                return c1 - c2;
            } else {
                i++;
                j++;
            }
        }
        char c2 = j < p2.length() ? p2.charAt(j) : '\0';
        return -c2;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The flags glibc expects for a machine and class: x86-64 0x0303, i386 0x0003, aarch64 0x0a03. */
    static int expectedFlags(dev.gotrail.elf.ElfMachine machine, boolean is64) {
        if (machine.equals(dev.gotrail.elf.ElfMachine.X86_64)) {
            return is64 ? 0x0303 : 0x0803; // x32 uses FLAG_X8664_LIBX32
        }
        if (machine.equals(dev.gotrail.elf.ElfMachine.AARCH64)) {
            return 0x0a03;
        }
        if (machine.equals(dev.gotrail.elf.ElfMachine.RISCV)) {
            return 0x1003;
        }
        return 0x0003;
    }

    /** A cache that exists only in memory (what ldconfig would write), in the new format with hwcap fields. */
    static LdSoCache inMemory(Path wouldBeFile, List<Entry> entries, List<String> glibcHwcaps) {
        return new LdSoCache(wouldBeFile, Format.NEW, entries, true, null, glibcHwcaps);
    }
}
