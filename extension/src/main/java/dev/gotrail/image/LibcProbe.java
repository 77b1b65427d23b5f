package dev.gotrail.image;

import dev.gotrail.loader.Loader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the C library of a root from its files. glibc: {@code libc.so.6} in the directories the
 * loader searches by default for the image's machine; its version from the banner the library
 * prints when run ("GNU C Library (…) release version 2.36."), which is a string in the file, else
 * from the dpkg status of {@code libc6}. musl: the interpreter {@code /lib/ld-musl-<arch>.so.1};
 * its version from Alpine's package database ({@code /lib/apk/db/installed}, package {@code musl})
 * or the dpkg status of Debian's {@code musl}.
 */
final class LibcProbe {

    private static final List<String> GLIBC_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");
    private static final List<String> MUSL_LOADERS = List.of("/lib/ld-musl-x86_64.so.1", "/lib/ld-musl-aarch64.so.1",
            "/lib/ld-musl-armhf.so.1", "/lib/ld-musl-i386.so.1", "/lib/ld-musl-riscv64.so.1");
    private static final Pattern BANNER = Pattern.compile("GNU C Library [^\\n]{0,200}? version (\\d+\\.\\d+(?:\\.\\d+)?)");
    /** The banner sits in .rodata; 16 MiB covers any libc.so.6 and bounds a hostile one. */
    private static final int MAX_SCAN = 16 << 20;

    private LibcProbe() {
    }

    static Libc probe(Loader root) {
        for (String dir : GLIBC_DIRS) {
            String path = dir + "/libc.so.6";
            Optional<Path> host = root.hostPath(path).filter(Files::isRegularFile);
            if (host.isPresent()) {
                Optional<String> banner = banner(host.get());
                if (banner.isPresent()) {
                    return new Libc(Libc.Flavour.GLIBC, banner.get(), path, "the banner in " + path);
                }
                Optional<String> dpkg = dpkgVersion(root, "libc6");
                return new Libc(Libc.Flavour.GLIBC, dpkg.orElse(""), path,
                        dpkg.isPresent() ? "the dpkg status of libc6" : "");
            }
        }
        for (String path : MUSL_LOADERS) {
            if (root.hostPath(path).filter(Files::isRegularFile).isPresent()) {
                Optional<String> apk = apkVersion(root, "musl");
                if (apk.isPresent()) {
                    return new Libc(Libc.Flavour.MUSL, apk.get(), path, "/lib/apk/db/installed (package musl)");
                }
                Optional<String> dpkg = dpkgVersion(root, "musl");
                return new Libc(Libc.Flavour.MUSL, dpkg.orElse(""), path, dpkg.isPresent() ? "the dpkg status of musl" : "");
            }
        }
        return new Libc(Libc.Flavour.NONE, "", "", "no libc.so.6 and no ld-musl-*.so.1 in the image");
    }

    private static Optional<String> banner(Path libc) {
        try (InputStream in = Files.newInputStream(libc)) {
            byte[] bytes = in.readNBytes(MAX_SCAN);
            Matcher m = BANNER.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "2.36" from {@code Version: 2.36-9+deb12u4} of {@code Package: NAME} in /var/lib/dpkg/status. */
    private static Optional<String> dpkgVersion(Loader root, String pkg) {
        return stanzaValue(root, "/var/lib/dpkg/status", "Package: " + pkg, "Version: ");
    }

    /** "1.2.4" from {@code V:1.2.4-r2} of {@code P:NAME} in Alpine's /lib/apk/db/installed. */
    private static Optional<String> apkVersion(Loader root, String pkg) {
        return stanzaValue(root, "/lib/apk/db/installed", "P:" + pkg, "V:");
    }

    private static Optional<String> stanzaValue(Loader root, String file, String header, String key) {
        Optional<Path> host = root.hostPath(file).filter(Files::isRegularFile);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        try {
            boolean inStanza = false;
            for (String line : Files.readAllLines(host.get(), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    inStanza = false;
                } else if (line.equals(header)) {
                    inStanza = true;
                } else if (inStanza && line.startsWith(key)) {
                    String v = line.substring(key.length()).strip();
                    v = v.replaceFirst("^\\d+:", ""); // epoch
                    Matcher m = Pattern.compile("^(\\d+(?:\\.\\d+)+)").matcher(v);
                    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
