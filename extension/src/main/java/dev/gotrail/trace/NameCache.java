package dev.gotrail.trace;

/**
 * Interns short ASCII names (syscalls, errnos, signals) without allocating on a hit: a trace names
 * the same few hundred calls hundreds of thousands of times. One per parser (not thread-safe).
 */
final class NameCache {

    private final String[] table = new String[1024];

    /** The {@link TraceText} decoding of {@code len} bytes at {@code off}, shared with earlier equal names. */
    String get(byte[] b, int off, int len) {
        int h = len;
        for (int i = 0; i < len; i++) h = h * 31 + b[off + i];
        int slot = (h ^ (h >>> 16)) & (table.length - 1);
        String s = table[slot];
        if (s != null && s.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) != (char) (b[off + i] & 0xff)) {
                    same = false;
                    break;
                }
            }
            if (same) return s;
        }
        s = TraceText.decode(b, off, len);
        table[slot] = s;
        return s;
    }
}
