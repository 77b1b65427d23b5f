package dev.gotrail.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The path-safety rule for layer entry names, independent of any file system: a name is a path
 * relative to the image root; {@code ./} prefixes, empty and {@code .} components are dropped; an
 * absolute name, a {@code ..} component or a NUL character makes the entry hostile. What this
 * returns can never name anything outside the root by itself (symlinks are the unpacker's job).
 */
final class EntryNames {

    /** Longest accepted entry or link name, in characters (PATH_MAX). */
    static final int MAX_NAME = 4096;

    private EntryNames() {
    }

    /** Why a name is refused. */
    static final class UnsafeName extends Exception {
        private static final long serialVersionUID = 1L;

        UnsafeName(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The components of {@code name} under the root (empty for the root itself).
     *
     * @throws UnsafeName for an absolute name, a {@code ..} component, a NUL or an over-long name
     */
    static List<String> components(String name) throws UnsafeName {
        if (name.length() > MAX_NAME) {
            throw new UnsafeName("its name is longer than " + MAX_NAME + " characters");
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeName("its name contains a NUL character");
        }
        if (name.startsWith("/")) {
            throw new UnsafeName("its name is absolute (a layer entry must be relative to the image root)");
        }
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeName("its name climbs out of the root with '..'");
            }
            out.add(part);
        }
        return out;
    }

    /** {@code components} joined with {@code /}. */
    static String join(List<String> components) {
        return String.join("/", components);
    }
}
