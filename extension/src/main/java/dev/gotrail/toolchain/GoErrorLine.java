package dev.gotrail.toolchain;

/**
 * The line of go's stderr that says why it failed: the first non-blank line that is not a
 * progress line ({@code go: downloading go1.23.5 (linux/amd64)}, {@code go: finding …},
 * {@code go: extracting …}). cmd/go prints progress before the decisive {@code go: …} error.
 */
public final class GoErrorLine {

    private GoErrorLine() {
    }

    /** The decisive line of {@code stderr} (stripped); the first non-blank line when all are progress; "" for none. */
    public static String of(String stderr) {
        String fallback = "";
        for (String raw : (stderr == null ? "" : stderr).lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (fallback.isEmpty()) {
                fallback = line;
            }
            if (!isProgress(line)) {
                return line;
            }
        }
        return fallback;
    }

    /** True for cmd/go's progress lines ({@code go: downloading …}, {@code go: finding …}, …). */
    public static boolean isProgress(String line) {
        return line.startsWith("go: downloading ") || line.startsWith("go: finding ") || line.startsWith("go: extracting ")
                || line.startsWith("go: switching to ");
    }
}
