package dev.gotrail.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Builds small extracted "container images" (filesystem roots) in a temporary directory. */
final class ImageRoots {

    static final Path HOST_LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    static final Path HOST_LDSO = Path.of("/lib64/ld-linux-x86-64.so.2");

    private ImageRoots() {
    }

    /** A root with the host's interpreter at /lib64 and, if {@code libc} is not null, that file as libc.so.6. */
    static Path withLibc(Path root, Path libc) throws IOException {
        Path lib = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.copy(HOST_LDSO.toRealPath(), root.resolve("lib64/ld-linux-x86-64.so.2"), StandardCopyOption.REPLACE_EXISTING);
        if (libc != null) {
            Files.copy(libc.toRealPath(), lib.resolve("libc.so.6"), StandardCopyOption.REPLACE_EXISTING);
        }
        return root;
    }

    /** Copies a host file to the same-named path inside the root, returning the in-root path string. */
    static String install(Path root, Path hostFile, String inRootPath) throws IOException {
        Path target = root.resolve(inRootPath.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(hostFile.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return inRootPath;
    }

    /**
     * A libc.so.6 as old as glibc 2.2.5: it defines only the GLIBC_2.2.5 symbol version, like the
     * libc of an old base image. Built with the real gcc and a linker version script.
     */
    static Path oldLibc(Path workDir) throws IOException {
        Path map = workDir.resolve("old-libc.map");
        Files.writeString(map, "GLIBC_2.2.5 { global: gotrail_old_libc; local: *; };\n");
        return Fixtures.gcc(workDir, "libc.so.6", "int gotrail_old_libc(void) { return 0; }\n",
                "-shared", "-nostdlib", "-fPIC", "-Wl,-soname,libc.so.6", "-Wl,--version-script=" + map);
    }
}
