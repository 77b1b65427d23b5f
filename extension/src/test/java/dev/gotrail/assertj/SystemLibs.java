package dev.gotrail.assertj;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.loader.Loader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * This machine's glibc facts, taken from /usr/bin/ls, so that tests name no architecture
 * ({@code /lib/x86_64-linux-gnu} vs {@code /lib/aarch64-linux-gnu}, ld-linux-x86-64 vs ld-linux-aarch64).
 */
public final class SystemLibs {

    private SystemLibs() {
    }

    /** The program interpreter of the system's dynamically linked programs. */
    public static String interpreter() {
        try {
            return ElfFile.read(Path.of("/usr/bin/ls")).interpreter().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of libc.so.6 as the loader spells it. */
    public static String libc() {
        return Loader.at("/").resolve("/usr/bin/ls").find("libc.so.6").orElseThrow().path();
    }

    /** The directory libc.so.6 is loaded from, e.g. /lib/x86_64-linux-gnu. */
    public static String libDir() {
        return Path.of(libc()).getParent().toString();
    }
}
