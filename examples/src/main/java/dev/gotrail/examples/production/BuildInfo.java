package dev.gotrail.examples.production;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Stands for production code that knows nothing about gotrail: it runs a bare {@code go} found on
 * PATH, as build tools, code generators and release scripts do.
 */
public final class BuildInfo {

    private BuildInfo() {
    }

    /** The output of {@code go version}, e.g. {@code go version go1.23.2 linux/amd64}. */
    public static String goVersion() throws IOException, InterruptedException {
        Process go = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
        go.getOutputStream().close();
        String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = go.waitFor();
        if (exit != 0) {
            throw new IOException("go version exited with " + exit + ": " + out);
        }
        return out;
    }
}
