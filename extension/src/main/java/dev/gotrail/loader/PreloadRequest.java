package dev.gotrail.loader;

import java.util.ArrayList;
import java.util.List;

/**
 * One name to preload and where it was written, in the order rtld.c's {@code dl_main} preloads:
 * {@code LD_PRELOAD} first (split at spaces and colons, {@code handle_preload_list}), then
 * {@code /etc/ld.so.preload} (comments from {@code #} to the end of the line removed, split at
 * spaces, tabs, newlines and colons).
 *
 * @param name   the entry
 * @param source {@code LD_PRELOAD} or {@code /etc/ld.so.preload}
 */
record PreloadRequest(String name, String source) {

    static final String LD_PRELOAD = "LD_PRELOAD";
    static final String PRELOAD_FILE = "/etc/ld.so.preload";

    boolean fromEnvironment() {
        return source.equals(LD_PRELOAD);
    }

    /** The entries of an {@code LD_PRELOAD} value. */
    static List<PreloadRequest> fromEnvironment(String value) {
        List<PreloadRequest> out = new ArrayList<>();
        if (value != null) {
            for (String n : value.split("[ :]+")) {
                if (!n.isEmpty()) out.add(new PreloadRequest(n, LD_PRELOAD));
            }
        }
        return out;
    }

    /** The entries of an {@code /etc/ld.so.preload} file's text. */
    static List<PreloadRequest> fromFile(String text) {
        List<PreloadRequest> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String kept = hash >= 0 ? line.substring(0, hash) : line;
            for (String n : kept.split("[ \t:]+")) {
                if (!n.isEmpty()) out.add(new PreloadRequest(n, PRELOAD_FILE));
            }
        }
        return out;
    }
}
