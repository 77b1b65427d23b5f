package dev.gotrail.buildinfo;

import dev.gotrail.elf.ElfFile;
import java.io.IOException;
import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The build information the Go linker embeds in every binary — what {@code go version -m} prints —
 * read from the file without running anything (and without a Go toolchain): the Go version that
 * built it, the main package path, the main module, the dependencies with versions, sums and
 * replacements, and the build settings in order ({@code -buildmode}, {@code -compiler},
 * {@code -ldflags}, {@code -trimpath}, {@code CGO_ENABLED}, {@code GOARCH}, {@code GOOS},
 * {@code GOAMD64}, {@code vcs.revision}, {@code vcs.modified}, …).
 *
 * <p>Reads ELF (32/64-bit, little/big-endian, stripped or without section headers), Mach-O and PE
 * files like Go's {@code debug/buildinfo}: the {@code .go.buildinfo} section or the first writable
 * data segment, the 16-byte-aligned {@code "\xff Go buildinf:"} header, then the Go 1.18+ inline
 * strings or the older pointer-based strings; the module text is parsed as
 * {@code runtime/debug.ParseBuildInfo} does. docs/build-info.md.
 */
public final class GoBuildInfo {

    private final Path file;
    private final String binaryFormat;
    private final String goVersion;
    private final String path;
    private final GoModule main;
    private final List<GoModule> deps;
    private final List<BuildSetting> buildSettings;
    private final Map<String, String> settings;

    private GoBuildInfo(Path file, String binaryFormat, String goVersion, ModInfoParser.Parsed parsed) {
        this.file = file;
        this.binaryFormat = binaryFormat;
        this.goVersion = goVersion;
        this.path = parsed.path();
        this.main = parsed.main();
        this.deps = parsed.deps();
        this.buildSettings = parsed.settings();
        Map<String, String> map = new LinkedHashMap<>();
        for (BuildSetting s : buildSettings) {
            map.put(s.key(), s.value());
        }
        this.settings = Collections.unmodifiableMap(map);
    }

    /**
     * Reads the build information of {@code file}.
     *
     * @return empty when the file is not a Go binary: not ELF, Mach-O or PE, or an executable
     *         without Go build information (C programs, gccgo binaries)
     * @throws GoBinaryFormatException when the file's headers or its build-info blob are corrupt or
     *                                 truncated (names the file and the offset)
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException             when it cannot be read
     */
    public static Optional<GoBuildInfo> read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory");
        }
        try (RandomAccessFile raf = openForReading(file)) {
            FileBytes in = new FileBytes(raf, file, raf.length());
            Executable x = open(in);
            if (x == null) {
                return Optional.empty();
            }
            BuildInfoReader.Raw raw = new BuildInfoReader(in, x).read();
            if (raw == null) {
                return Optional.empty();
            }
            ModInfoParser.Parsed parsed;
            try {
                parsed = ModInfoParser.parse(raw.modInfo());
            } catch (ModInfoParser.ParseError e) {
                throw in.error(raw.modInfoOffset(), e.getMessage());
            }
            return Optional.of(new GoBuildInfo(file, raw.format(), raw.version(), parsed));
        }
    }

    /** RandomAccessFile reports every failure to open as FileNotFoundException; give NIO's precise exceptions instead. */
    private static RandomAccessFile openForReading(Path file) throws IOException {
        try {
            return new RandomAccessFile(file.toFile(), "r");
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            throw new AccessDeniedException(file.toString(), null, e.getMessage());
        }
    }

    /** The build information of an ELF file already read; see {@link #read(Path)}. */
    public static Optional<GoBuildInfo> read(ElfFile elf) throws IOException {
        return read(elf.path());
    }

    /** The container, recognised by its magic number as in Go's readRawBuildInfo; null for anything else. */
    private static Executable open(FileBytes in) throws GoBinaryFormatException {
        byte[] ident = in.prefix(0, 16);
        if (ident.length < 16) {
            return null; // Go needs 16 bytes to recognise any format
        }
        if (ident[0] == 0x7f && ident[1] == 'E' && ident[2] == 'L' && ident[3] == 'F') {
            return ElfExecutable.read(in, ident);
        }
        if (ident[0] == 'M' && ident[1] == 'Z') {
            return PeExecutable.read(in);
        }
        if (MachOExecutable.isMachO(ident)) {
            return MachOExecutable.read(in, 0);
        }
        if (ident[0] == (byte) 0xCA && ident[1] == (byte) 0xFE && ident[2] == (byte) 0xBA
                && (ident[3] == (byte) 0xBE || ident[3] == (byte) 0xBF)) {
            return MachOExecutable.readFat(in, ident[3] == (byte) 0xBF);
        }
        return null;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** "ELF", "Mach-O" or "PE". */
    public String binaryFormat() {
        return binaryFormat;
    }

    /** The Go version that built the binary, as recorded, e.g. {@code go1.23.4} (may carry experiments: {@code go1.23.4 X:…}). */
    public String goVersion() {
        return goVersion;
    }

    /** The main package's import path, e.g. {@code cmd/go} or {@code example.com/app}; empty when not recorded. */
    public String path() {
        return path;
    }

    /** The main module ({@code mod} line); empty for binaries built outside module mode. */
    public Optional<GoModule> main() {
        return Optional.ofNullable(main);
    }

    /** The dependencies ({@code dep} lines) in recorded order (sorted by path by cmd/go), each with its replacement. */
    public List<GoModule> deps() {
        return deps;
    }

    /** The dependency on module {@code modulePath}, if the binary has one. */
    public Optional<GoModule> dependency(String modulePath) {
        return deps.stream().filter(d -> d.path().equals(modulePath)).findFirst();
    }

    /** The build settings ({@code build} lines) in recorded order, as a read-only ordered map. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The build settings as recorded, in order, duplicates kept. */
    public List<BuildSetting> buildSettings() {
        return buildSettings;
    }

    /** The value of one build setting, e.g. {@code setting("CGO_ENABLED")}. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Built with {@code -trimpath} (build setting {@code -trimpath=true}): no local paths in the binary. */
    public boolean isTrimmed() {
        return "true".equals(settings.get("-trimpath"));
    }

    /** {@code vcs.revision}: the commit the binary was built from (cmd/go's VCS stamping). */
    public Optional<String> vcsRevision() {
        return setting("vcs.revision");
    }

    /** {@code vcs.modified}: present and {@code true} when the work tree had uncommitted changes. */
    public Optional<Boolean> vcsModified() {
        return setting("vcs.modified").map("true"::equals);
    }

    /**
     * The module information as {@code runtime/debug.BuildInfo.String()} writes it without the
     * {@code go} line: {@code path}, {@code mod}, {@code dep}, {@code =>} and {@code build} lines,
     * tab-separated, each ending in a newline, values quoted as Go quotes them.
     */
    public String moduleText() {
        StringBuilder sb = new StringBuilder();
        if (!path.isEmpty()) {
            sb.append("path\t").append(path).append('\n');
        }
        if (main != null && !(main.path().isEmpty() && main.version().isEmpty() && main.sum().isEmpty() && main.replacement().isEmpty())) {
            module(sb, "mod", main);
        }
        for (GoModule d : deps) {
            module(sb, "dep", d);
        }
        for (BuildSetting s : buildSettings) {
            sb.append("build\t").append(s).append('\n');
        }
        return sb.toString();
    }

    private static void module(StringBuilder sb, String word, GoModule m) {
        sb.append(word).append('\t').append(m.path()).append('\t').append(m.version());
        if (m.replacement().isEmpty()) {
            sb.append('\t').append(m.sum());
        } else {
            sb.append('\n');
            module(sb, "=>", m.replacement().get());
        }
        sb.append('\n');
    }

    /**
     * The report {@code go version -m NAME} prints for this binary: {@code NAME: goVersion}, then
     * each module-information line indented by a tab. Ends with a newline.
     */
    public String versionReport(String name) {
        StringBuilder sb = new StringBuilder(name).append(": ").append(goVersion).append('\n');
        String mod = moduleText();
        if (!mod.isEmpty()) {
            sb.append('\t').append(mod.substring(0, mod.length() - 1).replace("\n", "\n\t")).append('\n');
        }
        return sb.toString();
    }

    /** Equal when read from the same file with the same content: version, path, modules and settings. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GoBuildInfo b && file.equals(b.file) && binaryFormat.equals(b.binaryFormat)
                && goVersion.equals(b.goVersion) && path.equals(b.path) && Objects.equals(main, b.main)
                && deps.equals(b.deps) && buildSettings.equals(b.buildSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, goVersion, path, main, deps, buildSettings);
    }

    @Override
    public String toString() {
        return versionReport(file.toString());
    }
}
