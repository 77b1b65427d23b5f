package dev.gotrail.toolchain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * gotrail's own {@code go} on PATH: the stable shim of {@code @TraceGoOnPath}
 * ({@code gotrail.shim.dir}, docs/trace-go-command.md), which the build puts first on the test
 * JVM's PATH and which runs the next go on PATH under the tracer. Toolchain discovery looks
 * through it, as the shim itself does: the go a bare {@code go} finally runs is the next one, and
 * taking the script for a toolchain would give it no GOROOT of its own and trace a tracer.
 */
public final class PathShims {

    /** The first two lines of every PATH shim script: what marks a file as one. */
    public static final String HEADER = "#!/bin/sh\n# gotrail PATH shim (@TraceGoOnPath)";

    private PathShims() {
    }

    /** Whether {@code file} is a gotrail PATH shim script (read: its first bytes); false when it cannot be read. */
    public static boolean isPathShim(Path file) {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(header.length);
            return java.util.Arrays.equals(start, header);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
