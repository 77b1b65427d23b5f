package dev.gotrail.image;

import java.util.Locale;
import java.util.Objects;

/**
 * An OCI platform: {@code os}, {@code architecture} and optional {@code variant} as the image
 * index and the image config spell them (GOOS/GOARCH names: {@code linux/amd64},
 * {@code linux/arm64/v8}).
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}, {@code arm64}
 * @param variant      e.g. {@code v8}; "" when none
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    /**
     * Parses {@code OS/ARCH} or {@code OS/ARCH/VARIANT}.
     *
     * @throws IllegalArgumentException for any other shape
     */
    public static Platform parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform '" + text + "' is not OS/ARCH[/VARIANT], e.g. linux/amd64");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** This machine's platform in OCI (GOARCH) names: {@code os.arch} x86_64/amd64 is amd64, aarch64 arm64. */
    public static Platform current() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String goarch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "arm" -> "arm";
            default -> arch;
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        return new Platform(os, goarch, "");
    }

    /**
     * True when this (wanted) platform accepts {@code offered}: os and architecture equal, and the
     * variant equal unless this one names none.
     */
    public boolean accepts(Platform offered) {
        return os.equals(offered.os) && architecture.equals(offered.architecture)
                && (variant.isEmpty() || variant.equals(offered.variant));
    }

    /** {@code linux/amd64}, or {@code linux/arm64/v8} with a variant. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
