package dev.gotrail.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The program interpreter as the kernel sees it: which libc's loader a root has, and what a missing
 * PT_INTERP means. {@code execve} fails with {@code ENOENT} when the interpreter does not exist, so
 * a shell reports the <em>program</em> as not found (busybox {@code sh: ./app: not found}, bash
 * {@code bash: ./app: cannot execute: required file not found}) although the file is there — the
 * classic of a glibc program copied into an Alpine image.
 */
final class Interpreters {

    private Interpreters() {
    }

    /** The first musl loader of the root ({@code /lib/ld-musl-*.so.1}), if any. */
    static Optional<String> muslLoader(RootFs fs) {
        Path lib = fs.resolve("/lib");
        if (lib == null || !Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(lib)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> MuslResolution.isMuslInterpreter(n))
                    .sorted().map(n -> "/lib/" + n).filter(fs::isRegularFile).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when the root has one of glibc's loaders ({@code /lib64/ld-linux-x86-64.so.2}, {@code /lib/ld-linux*.so.*}, ...). */
    static boolean hasGlibcLoader(RootFs fs) {
        for (String p : List.of("/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux.so.2", "/lib/ld-linux-aarch64.so.1",
                "/lib/ld-linux-armhf.so.3", "/lib/ld-linux-riscv64-lp64d.so.1", "/lib/ld-linux-x86-64.so.2")) {
            if (fs.isRegularFile(p)) return true;
        }
        return false;
    }

    /** The missing-interpreter entry for {@code program}, with the reason by the root's libc and the fix. */
    static MissingLibrary missing(RootFs fs, String interpreter, String program) {
        boolean muslProgram = MuslResolution.isMuslInterpreter(interpreter);
        Optional<String> musl = muslLoader(fs);
        boolean glibc = hasGlibcLoader(fs);
        String base = "program interpreter (PT_INTERP) " + interpreter + " does not exist in the root: execve fails with "
                + "ENOENT, so a shell reports the program itself as not found (busybox: `sh: " + program
                + ": not found`) although the file is there";
        if (!muslProgram && musl.isPresent() && !glibc) {
            return new MissingLibrary(interpreter, program, List.of(interpreter),
                    base + "; this is a glibc program and the root has musl's loader " + musl.get()
                            + " only (as Alpine images do). Fix: build a static binary (CGO_ENABLED=0 go build) "
                            + "or use a glibc base image (e.g. debian:bookworm-slim)",
                    MissingReason.GLIBC_PROGRAM_IN_MUSL_ROOT);
        }
        if (muslProgram && musl.isEmpty() && glibc) {
            return new MissingLibrary(interpreter, program, List.of(interpreter),
                    base + "; this is a musl program and the root has glibc's loader only. Fix: build a static "
                            + "binary (CGO_ENABLED=0 go build) or use a musl base image (e.g. alpine)",
                    MissingReason.MUSL_PROGRAM_IN_GLIBC_ROOT);
        }
        return new MissingLibrary(interpreter, program, List.of(interpreter), base, MissingReason.INTERPRETER_MISSING);
    }
}
