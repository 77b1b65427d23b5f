package dev.gotrail.toolchain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go release version such as {@code go1.19.8}, {@code go1.21.0}, {@code go1.23rc1} or the
 * language version {@code go1.21}. Versions compare numerically and by Go's release order
 * ({@code go1.21rc1 < go1.21.0}); {@link #toString()} gives the spelling Go itself prints.
 * Versions that Go prints but that carry no number ({@code devel …}, gccgo's {@code unknown})
 * are represented with {@link #isKnown()} false and sort before every numbered release.
 */
public final class GoVersion implements Comparable<GoVersion> {

    private static final Pattern RELEASE = Pattern.compile(
            "(?:go)?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    /** gccgo's {@code go} reports GOVERSION as {@code unknown}. */
    public static final GoVersion UNKNOWN = new GoVersion(-1, -1, -1, null, 0, "unknown");

    private final int major;
    private final int minor;
    private final int patch; // -1 when the version names a language version (go1.21) or a pre-release
    private final String preKind; // "rc", "beta" or null
    private final int preNumber;
    private final String spelling;

    private GoVersion(int major, int minor, int patch, String preKind, int preNumber, String spelling) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preKind = preKind;
        this.preNumber = preNumber;
        this.spelling = spelling;
    }

    /**
     * Parses what {@code go version}, {@code go env GOVERSION} or a GOROOT's {@code VERSION} file
     * print: {@code go1.19.8}, {@code 1.21}, {@code go1.23rc1}, {@code devel go1.24-abc}, {@code unknown}.
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static GoVersion parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "not a Go version: '" + text + "' (expected e.g. go1.21.13, 1.19.x is a constraint, not a version)"));
    }

    /** Like {@link #parse(String)} but empty instead of throwing. */
    public static Optional<GoVersion> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.equals("unknown")) {
            return Optional.of(UNKNOWN);
        }
        if (trimmed.startsWith("devel")) {
            return Optional.of(new GoVersion(-1, -1, -1, null, 0, trimmed));
        }
        // "go1.21.13 X:boringcrypto" and "go1.23.5-bpo" style suffixes are kept in the spelling only.
        String head = trimmed.split("[\\s+-]", 2)[0];
        Matcher m = RELEASE.matcher(head);
        if (!m.matches()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        String preKind = m.group(4);
        int preNumber = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        String spelling = head.startsWith("go") ? head : "go" + head;
        return Optional.of(new GoVersion(major, minor, patch, preKind, preNumber, spelling));
    }

    public boolean isKnown() {
        return major >= 0;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    /** The patch number; 0 for a language version such as {@code go1.21} or a pre-release. */
    public int patch() {
        return Math.max(patch, 0);
    }

    public boolean isPreRelease() {
        return preKind != null;
    }

    /** The language version, e.g. {@code go1.21} for {@code go1.21.13}. */
    public String languageVersion() {
        return isKnown() ? "go" + major + "." + minor : spelling;
    }

    @Override
    public int compareTo(GoVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) c = Integer.compare(minor, other.minor);
        if (c == 0) c = Integer.compare(rank(), other.rank());
        if (c == 0) c = Integer.compare(patch(), other.patch());
        if (c == 0) c = Integer.compare(preNumber, other.preNumber);
        return c;
    }

    // Go's order within one minor line: go1.21 (language) < beta < rc < go1.21.0 < go1.21.1.
    private int rank() {
        if (preKind == null) {
            return patch < 0 ? 0 : 3;
        }
        return preKind.equals("beta") ? 1 : 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoVersion v && compareTo(v) == 0 && Objects.equals(spelling, v.spelling);
    }

    @Override
    public int hashCode() {
        return spelling.hashCode();
    }

    @Override
    public String toString() {
        return spelling;
    }
}
