package dev.gotrail.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The loader-relevant facts of one ELF file, read without executing it: class, byte order,
 * machine, type, the program interpreter, the dynamic section (NEEDED in order, SONAME, RPATH,
 * RUNPATH, FLAGS_1) and the symbol-version sections (VERNEED, VERDEF).
 *
 * <p>The reader works like the loader does: program headers first (section headers may be
 * stripped), dynamic-section addresses mapped to file offsets through the PT_LOAD segments. It
 * reads bounded ranges only; corrupt, truncated or hostile files give an
 * {@link ElfFormatException} naming the file and the offset, never a larger allocation than the
 * file nor an endless loop.
 */
public final class ElfFile {

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final long DF_1_NODEFLIB = 0x800;
    public static final long DF_1_PIE = 0x08000000L;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    private static final long DT_VERDEF = 0x6ffffffcL;
    private static final long DT_VERDEFNUM = 0x6ffffffdL;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final int VER_FLG_BASE = 1;
    private static final int VER_FLG_WEAK = 2;

    private final Path path;
    private final int elfClass;
    private final ByteOrder byteOrder;
    private final int osAbi;
    private final int type;
    private final ElfMachine machine;
    private final boolean hasDynamicSegment;
    private final String interpreter;
    private final List<String> needed;
    private final String soname;
    private final String rpath;
    private final String runpath;
    private final long flags1;
    private final List<VersionNeed> versionNeeds;
    private final List<VersionDefinition> versionDefinitions;

    private ElfFile(Parser p) {
        this.path = p.in.file();
        this.elfClass = p.is64 ? 64 : 32;
        this.byteOrder = p.in.order();
        this.osAbi = p.osAbi;
        this.type = p.type;
        this.machine = new ElfMachine(p.machine);
        this.hasDynamicSegment = p.dynamicOffset >= 0;
        this.interpreter = p.interpreter;
        this.needed = List.copyOf(p.needed);
        this.soname = p.soname;
        this.rpath = p.rpath;
        this.runpath = p.runpath;
        this.flags1 = p.flags1;
        this.versionNeeds = List.copyOf(p.versionNeeds);
        this.versionDefinitions = List.copyOf(p.versionDefinitions);
    }

    /**
     * Reads {@code file}.
     *
     * @throws ElfFormatException when it is not a well-formed ELF file (names file and offset)
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         when it cannot be read
     */
    public static ElfFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            BoundedReader in = new BoundedReader(ch, file, ch.size());
            Parser p = new Parser(in);
            p.parse();
            return new ElfFile(p);
        }
    }

    public Path path() {
        return path;
    }

    /** 32 or 64 (ELFCLASS32 / ELFCLASS64). */
    public int elfClass() {
        return elfClass;
    }

    public boolean is64Bit() {
        return elfClass == 64;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** EI_OSABI (0 = System V, 3 = GNU). */
    public int osAbi() {
        return osAbi;
    }

    /** e_type: {@link #ET_EXEC}, {@link #ET_DYN}, ... */
    public int type() {
        return type;
    }

    public ElfMachine machine() {
        return machine;
    }

    /** PT_INTERP, the program interpreter the kernel loads (e.g. /lib64/ld-linux-x86-64.so.2). */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    /** DT_NEEDED entries in file order (the loader's breadth-first order depends on it). */
    public List<String> needed() {
        return needed;
    }

    public Optional<String> soname() {
        return Optional.ofNullable(soname);
    }

    /** DT_RPATH as written (ignored by the loader when DT_RUNPATH is present). */
    public Optional<String> rpath() {
        return Optional.ofNullable(rpath);
    }

    public Optional<String> runpath() {
        return Optional.ofNullable(runpath);
    }

    /** DT_FLAGS_1 (0 when absent). */
    public long flags1() {
        return flags1;
    }

    /** DF_1_NODEFLIB: the loader must not use the default directories (nor cache entries in them). */
    public boolean noDefaultLib() {
        return (flags1 & DF_1_NODEFLIB) != 0;
    }

    public List<VersionNeed> versionNeeds() {
        return versionNeeds;
    }

    public List<VersionDefinition> versionDefinitions() {
        return versionDefinitions;
    }

    /** True when the file has a dynamic section (PT_DYNAMIC). */
    public boolean isDynamic() {
        return hasDynamicSegment;
    }

    /** Static-pie: position independent, relocates itself, no interpreter and no dependencies. */
    public boolean isStaticPie() {
        return type == ET_DYN && interpreter == null && hasDynamicSegment && needed.isEmpty()
                && (flags1 & DF_1_PIE) != 0;
    }

    /** Statically linked: no program interpreter and no dynamic section, or a static-pie. */
    public boolean isStatic() {
        return (interpreter == null && !hasDynamicSegment) || isStaticPie();
    }

    /** A position-independent executable (ET_DYN with an interpreter or DF_1_PIE). */
    public boolean isPie() {
        return type == ET_DYN && (interpreter != null || (flags1 & DF_1_PIE) != 0);
    }

    /** A shared library: ET_DYN that is neither a PIE nor an executable. */
    public boolean isSharedLibrary() {
        return type == ET_DYN && !isPie();
    }

    @Override
    public String toString() {
        return path + " (ELF" + elfClass + " " + machine + (isStatic() ? ", static" : "") + ")";
    }

    /** One parse; fields are filled in order and validated as they are read. */
    private static final class Parser {
        private final BoundedReader in;
        private boolean is64;
        private int osAbi;
        private int type;
        private int machine;
        private final List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
        private long dynamicOffset = -1;
        private long dynamicSize;
        private String interpreter;
        private final List<String> needed = new ArrayList<>();
        private String soname;
        private String rpath;
        private String runpath;
        private long flags1;
        private final List<VersionNeed> versionNeeds = new ArrayList<>();
        private final List<VersionDefinition> versionDefinitions = new ArrayList<>();
        private long strtabOffset;
        private long strtabEnd;

        Parser(BoundedReader in) {
            this.in = in;
        }

        void parse() throws ElfFormatException {
            if (in.size() < 16) {
                throw in.error(0, "file too short for an ELF identification (" + in.size() + " bytes)");
            }
            ByteBuffer ident = in.read(0, 16, "ELF identification");
            if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L' || ident.get(3) != 'F') {
                throw in.error(0, "not an ELF file (bad magic)");
            }
            int cls = ident.get(4);
            if (cls != 1 && cls != 2) {
                throw in.error(4, "invalid ELF class " + cls);
            }
            is64 = cls == 2;
            int data = ident.get(5);
            if (data != 1 && data != 2) {
                throw in.error(5, "invalid ELF data encoding " + data);
            }
            in.order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            osAbi = ident.get(7) & 0xff;
            int ehsize = is64 ? 64 : 52;
            if (in.size() < ehsize) {
                throw in.error(0, "file too short for an ELF header (" + in.size() + " of " + ehsize + " bytes)");
            }
            ByteBuffer h = in.read(0, ehsize, "ELF header");
            type = h.getShort(16) & 0xffff;
            machine = h.getShort(18) & 0xffff;
            long phoff = is64 ? h.getLong(32) : h.getInt(28) & 0xffffffffL;
            int phentsize = h.getShort(is64 ? 54 : 42) & 0xffff;
            int phnum = h.getShort(is64 ? 56 : 44) & 0xffff;
            if (phnum == 0) {
                return; // relocatable object or core-less file: nothing for the loader
            }
            int minEntry = is64 ? 56 : 32;
            if (phentsize < minEntry) {
                throw in.error(is64 ? 54 : 42, "program header entry size " + phentsize + " is smaller than " + minEntry);
            }
            if (phnum == 0xffff) {
                throw in.error(is64 ? 56 : 44, "extended program header numbering (PN_XNUM) is not supported");
            }
            ByteBuffer ph = in.read(phoff, (long) phentsize * phnum, "program header table");
            long interpOffset = -1;
            long interpSize = 0;
            for (int i = 0; i < phnum; i++) {
                int base = i * phentsize;
                int pType = ph.getInt(base);
                long offset = is64 ? ph.getLong(base + 8) : ph.getInt(base + 4) & 0xffffffffL;
                long vaddr = is64 ? ph.getLong(base + 16) : ph.getInt(base + 8) & 0xffffffffL;
                long filesz = is64 ? ph.getLong(base + 32) : ph.getInt(base + 16) & 0xffffffffL;
                long entryOffset = phoff + base;
                switch (pType) {
                    case PT_LOAD -> loads.add(new long[] {vaddr, offset, filesz});
                    case PT_INTERP -> {
                        interpOffset = offset;
                        interpSize = filesz;
                        checkRange(offset, filesz, entryOffset, "PT_INTERP");
                    }
                    case PT_DYNAMIC -> {
                        checkRange(offset, filesz, entryOffset, "PT_DYNAMIC");
                        dynamicOffset = offset;
                        dynamicSize = filesz;
                    }
                    default -> {
                        // other segments do not matter to the loader's search
                    }
                }
            }
            if (interpOffset >= 0) {
                interpreter = in.string(interpOffset, interpOffset + interpSize, "PT_INTERP");
            }
            if (dynamicOffset >= 0) {
                readDynamic();
            }
        }

        private void checkRange(long offset, long size, long at, String what) throws ElfFormatException {
            if (offset < 0 || size < 0 || offset > in.size() || size > in.size() - offset) {
                throw in.error(at, what + " segment [" + offset + ", +" + size + ") lies outside the file of "
                        + in.size() + " bytes");
            }
        }

        private void readDynamic() throws ElfFormatException {
            int entSize = is64 ? 16 : 8;
            int count = (int) Math.min(dynamicSize / entSize, Integer.MAX_VALUE);
            ByteBuffer d = in.read(dynamicOffset, (long) count * entSize, "dynamic section");
            long strtab = -1;
            long strsz = -1;
            List<long[]> strings = new ArrayList<>(); // {tag, value, fileOffsetOfEntry}
            long verneed = -1;
            long verneednum = 0;
            long verdef = -1;
            long verdefnum = 0;
            for (int i = 0; i < count; i++) {
                long tag = is64 ? d.getLong(i * entSize) : d.getInt(i * entSize);
                long val = is64 ? d.getLong(i * entSize + 8) : d.getInt(i * entSize + 4) & 0xffffffffL;
                long at = dynamicOffset + (long) i * entSize;
                if (tag == DT_NULL) {
                    break;
                } else if (tag == DT_STRTAB) {
                    strtab = toOffset(val, at, "DT_STRTAB");
                } else if (tag == DT_STRSZ) {
                    strsz = val;
                } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
                    strings.add(new long[] {tag, val, at});
                } else if (tag == DT_FLAGS_1) {
                    flags1 = val;
                } else if (tag == DT_VERNEED) {
                    verneed = toOffset(val, at, "DT_VERNEED");
                } else if (tag == DT_VERNEEDNUM) {
                    verneednum = val;
                } else if (tag == DT_VERDEF) {
                    verdef = toOffset(val, at, "DT_VERDEF");
                } else if (tag == DT_VERDEFNUM) {
                    verdefnum = val;
                }
            }
            boolean needStrings = !strings.isEmpty() || verneed >= 0 || verdef >= 0;
            if (!needStrings) {
                return;
            }
            if (strtab < 0) {
                throw in.error(dynamicOffset, "dynamic section has names but no DT_STRTAB");
            }
            strtabOffset = strtab;
            strtabEnd = strsz < 0 ? in.size() : Math.min(in.size(), strtab + Math.max(0, strsz));
            if (strsz > in.size() - strtab) {
                throw in.error(dynamicOffset, "DT_STRSZ " + strsz + " runs past the end of the file");
            }
            for (long[] s : strings) {
                String value = str(s[1], s[2], "dynamic string");
                if (s[0] == DT_NEEDED) {
                    needed.add(value);
                } else if (s[0] == DT_SONAME) {
                    soname = value;
                } else if (s[0] == DT_RPATH) {
                    rpath = value;
                } else {
                    runpath = value;
                }
            }
            if (verneed >= 0) {
                readVerneed(verneed, verneednum);
            }
            if (verdef >= 0) {
                readVerdef(verdef, verdefnum);
            }
        }

        private String str(long index, long at, String what) throws ElfFormatException {
            if (index < 0 || index >= strtabEnd - strtabOffset) {
                throw in.error(at, what + ": string index " + index + " outside the string table of "
                        + (strtabEnd - strtabOffset) + " bytes");
            }
            return in.string(strtabOffset + index, strtabEnd, what);
        }

        /** Maps a virtual address to a file offset through the PT_LOAD segment that holds it. */
        private long toOffset(long vaddr, long at, String what) throws ElfFormatException {
            for (long[] l : loads) {
                if (Long.compareUnsigned(vaddr, l[0]) >= 0 && Long.compareUnsigned(vaddr - l[0], l[2]) < 0) {
                    long off = l[1] + (vaddr - l[0]);
                    if (off < 0 || off >= in.size()) {
                        break;
                    }
                    return off;
                }
            }
            throw in.error(at, what + " address 0x" + Long.toHexString(vaddr) + " is not inside any PT_LOAD segment's file data");
        }

        private void readVerneed(long start, long num) throws ElfFormatException {
            Set<Long> seen = new HashSet<>();
            long pos = start;
            // Each entry is at least 16 bytes, so a well-formed file cannot hold more than size/16.
            long limit = Math.min(num, in.size() / 16);
            for (long n = 0; n < limit; n++) {
                if (!seen.add(pos)) {
                    throw in.error(pos, "cyclic vn_next chain in the version needs");
                }
                ByteBuffer e = in.read(pos, 16, "Elf_Verneed");
                int cnt = e.getShort(2) & 0xffff;
                long file = e.getInt(4) & 0xffffffffL;
                long aux = e.getInt(8) & 0xffffffffL;
                long next = e.getInt(12) & 0xffffffffL;
                String fileName = str(file, pos + 4, "vn_file");
                List<VersionNeed.Requirement> reqs = new ArrayList<>();
                Set<Long> seenAux = new HashSet<>();
                long apos = pos + aux;
                long auxLimit = Math.min(cnt, in.size() / 16);
                for (long a = 0; a < auxLimit; a++) {
                    if (!seenAux.add(apos)) {
                        throw in.error(apos, "cyclic vna_next chain in the version needs of " + fileName);
                    }
                    ByteBuffer x = in.read(apos, 16, "Elf_Vernaux");
                    long hash = x.getInt(0) & 0xffffffffL;
                    int flags = x.getShort(4) & 0xffff;
                    long name = x.getInt(8) & 0xffffffffL;
                    long anext = x.getInt(12) & 0xffffffffL;
                    reqs.add(new VersionNeed.Requirement(str(name, apos + 8, "vna_name"), hash, (flags & VER_FLG_WEAK) != 0));
                    if (anext == 0) {
                        break;
                    }
                    apos += anext;
                }
                versionNeeds.add(new VersionNeed(fileName, reqs));
                if (next == 0) {
                    break;
                }
                pos += next;
            }
        }

        private void readVerdef(long start, long num) throws ElfFormatException {
            Set<Long> seen = new HashSet<>();
            long pos = start;
            long limit = Math.min(num, in.size() / 20);
            for (long n = 0; n < limit; n++) {
                if (!seen.add(pos)) {
                    throw in.error(pos, "cyclic vd_next chain in the version definitions");
                }
                ByteBuffer e = in.read(pos, 20, "Elf_Verdef");
                int flags = e.getShort(2) & 0xffff;
                int ndx = e.getShort(4) & 0xffff;
                int cnt = e.getShort(6) & 0xffff;
                long hash = e.getInt(8) & 0xffffffffL;
                long aux = e.getInt(12) & 0xffffffffL;
                long next = e.getInt(16) & 0xffffffffL;
                String name = null;
                List<String> parents = new ArrayList<>();
                Set<Long> seenAux = new HashSet<>();
                long apos = pos + aux;
                long auxLimit = Math.min(cnt, in.size() / 8);
                for (long a = 0; a < auxLimit; a++) {
                    if (!seenAux.add(apos)) {
                        throw in.error(apos, "cyclic vda_next chain in the version definitions");
                    }
                    ByteBuffer x = in.read(apos, 8, "Elf_Verdaux");
                    String s = str(x.getInt(0) & 0xffffffffL, apos, "vda_name");
                    if (name == null) {
                        name = s;
                    } else {
                        parents.add(s);
                    }
                    long anext = x.getInt(4) & 0xffffffffL;
                    if (anext == 0) {
                        break;
                    }
                    apos += anext;
                }
                if (name == null) {
                    throw in.error(pos, "version definition without a name (vd_cnt 0)");
                }
                versionDefinitions.add(new VersionDefinition(name, hash, ndx, (flags & VER_FLG_BASE) != 0, parents));
                if (next == 0) {
                    break;
                }
                pos += next;
            }
        }
    }
}
