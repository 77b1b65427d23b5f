package dev.gotrail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Checks on real processes by PID, for the tests that prove nothing is left behind. */
public final class ProcessChecks {

    private ProcessChecks() {
    }

    /** Gone: no such process, a zombie awaiting its reaper, or it exits within a few seconds. */
    public static void assertGone(long pid) throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || isZombie(pid)) {
            return;
        }
        CompletableFuture<ProcessHandle> exit = handle.get().onExit();
        try {
            exit.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            assertThat(isZombie(pid)).as("process %d (%s) is still running", pid,
                    handle.get().info().commandLine().orElse("?")).isTrue();
        }
    }

    private static boolean isZombie(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return true;
        }
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // vanished while reading
        }
    }

    /**
     * Writes an executable script the way GoShim does: through a child process, so no descriptor
     * of this JVM (inherited by processes that parallel tests fork) keeps it open for writing, which
     * would make exec fail with ETXTBSY.
     */
    public static Path executableScript(Path path, String content) throws IOException {
        Path staged = path.resolveSibling(path.getFileName() + ".staged");
        Files.writeString(staged, content);
        try {
            Process cp = new ProcessBuilder("cp", staged.toString(), path.toString()).inheritIO().start();
            if (cp.waitFor() != 0) {
                throw new IOException("cp to " + path + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.delete(staged);
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
