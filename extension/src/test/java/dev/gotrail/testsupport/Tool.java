package dev.gotrail.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The real tools the suite runs, each with where it is looked for and the Debian package that
 * installs it ({@code bash .ci/install-tools} installs all of them). Locating is done against a
 * {@link ToolLookup}, normally {@link ToolLookup#system()}.
 */
public enum Tool {

    /** Debian's golang-1.19-go: {@code /usr/lib/go-1.19/bin/go} (dynamically linked against glibc). */
    GO_1_19("go 1.19", "apt-get install golang-1.19-go", "/usr/lib/go-1.19/bin/go"),
    /** golang-1.21-go from bookworm-backports: {@code /usr/lib/go-1.21/bin/go}. */
    GO_1_21("go 1.21", "apt-get install -t bookworm-backports golang-1.21-go", "/usr/lib/go-1.21/bin/go"),
    /** golang-1.22-go from bookworm-backports: {@code /usr/lib/go-1.22/bin/go}. */
    GO_1_22("go 1.22", "apt-get install -t bookworm-backports golang-1.22-go", "/usr/lib/go-1.22/bin/go"),
    /** golang-1.23-go from bookworm-backports: {@code /usr/lib/go-1.23/bin/go}. */
    GO_1_23("go 1.23", "apt-get install -t bookworm-backports golang-1.23-go", "/usr/lib/go-1.23/bin/go"),
    /** Debian's golang-go: the {@code /usr/bin/go} symlink to the default go (1.19 on Debian 12). */
    GOLANG_GO("go on PATH", "apt-get install golang-go", "/usr/bin/go"),
    /** strace on PATH. */
    STRACE("strace", "apt-get install strace", null),
    /** gcc on PATH with the C library's headers and start files (libc6-dev), to build ELF fixtures. */
    GCC("gcc", "apt-get install gcc libc6-dev", null),
    /** gcc able to build 32-bit (i386) programs: gcc-multilib's libraries and libc6-dev-i386's start files. */
    GCC_MULTILIB("gcc-multilib", "apt-get install gcc-multilib", null),
    /** patchelf on PATH, to edit RPATH/RUNPATH/SONAME of fixtures. */
    PATCHELF("patchelf", "apt-get install patchelf", null),
    /** Chromium on PATH, to render evidence.html headless. */
    CHROMIUM("chromium", "apt-get install chromium fonts-dejavu-core", null),
    /** gccgo's go command: Debian's gccgo-N installs it as {@code /usr/bin/go-N}, never as "go". */
    GCCGO("gccgo", "apt-get install gccgo-12", null);

    private static final List<String> GCCGO_VERSIONS = List.of("14", "13", "12");

    private final String label;
    private final String install;
    private final String location;

    Tool(String label, String install, String location) {
        this.label = label;
        this.install = install;
        this.location = location;
    }

    /** The go of Debian's golang-X.Y-go package for {@code minorVersion} ("1.19", "1.21", "1.22", "1.23"). */
    public static Tool go(String minorVersion) {
        for (Tool t : values()) {
            if (t.location != null && t.location.equals("/usr/lib/go-" + minorVersion + "/bin/go")) {
                return t;
            }
        }
        throw new IllegalArgumentException("no Debian go package for version " + minorVersion + " in " + RealTools.GO_VERSIONS);
    }

    /** The name the summary and the messages use, e.g. {@code go 1.21}, {@code strace}. */
    public String label() {
        return label;
    }

    /** The command that installs this tool alone, e.g. {@code apt-get install strace}. */
    public String install() {
        return install;
    }

    /** Where the tool is on {@code where}; empty when it is missing. */
    public Optional<Path> find(ToolLookup where) {
        return switch (this) {
            case STRACE -> where.onPath("strace");
            case PATCHELF -> where.onPath("patchelf");
            case CHROMIUM -> where.onPath("chromium");
            case GCC -> where.onPath("gcc").filter(gcc -> where.existing("/usr/include/stdio.h").isPresent());
            case GCC_MULTILIB -> where.onPath("gcc").filter(gcc -> where.existing("/usr/lib32/crt1.o").isPresent()
                    && where.existing("/usr/include/x86_64-linux-gnu/gnu/stubs-32.h").isPresent());
            case GCCGO -> GCCGO_VERSIONS.stream().map(v -> where.executable("/usr/bin/go-" + v))
                    .flatMap(Optional::stream).findFirst();
            default -> where.executable(location);
        };
    }

    /** Why {@link #find} came back empty: where it looked, in the words of the message. */
    public String absence(ToolLookup where) {
        return switch (this) {
            case STRACE, PATCHELF, CHROMIUM -> label + " is not on PATH";
            case GCC -> where.onPath("gcc").isEmpty() ? "gcc is not on PATH"
                    : "/usr/include/stdio.h does not exist (the C library's headers, libc6-dev)";
            case GCC_MULTILIB -> where.onPath("gcc").isEmpty() ? "gcc is not on PATH"
                    : "/usr/lib32/crt1.o or the 32-bit headers do not exist (gcc cannot build -m32 programs)";
            case GCCGO -> "gccgo's go (/usr/bin/go-12, -13 or -14) is not installed";
            default -> location + " does not exist";
        };
    }

    /** The miss as reported: the tool, its install command, and {@link #absence}. */
    public MissingTool missing(ToolLookup where) {
        return new MissingTool(label, install, absence(where));
    }
}
