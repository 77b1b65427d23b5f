package dev.gotrail.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-exact text rule of the trace model. Trace logs and the paths inside them are bytes, not
 * necessarily UTF-8. gotrail decodes them as UTF-8 and maps every byte that is not part of a valid
 * UTF-8 sequence to the lone surrogate {@code U+DC80 + (byte - 0x80)} ("surrogate escape", as
 * Python's {@code os.fsdecode} does). Valid UTF-8 reads naturally; {@link #encode} turns any
 * such string back into exactly the original bytes.
 */
public final class TraceText {

    private TraceText() {
    }

    /** Decodes {@code len} bytes from {@code off} by the surrogate-escape rule. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // pure ASCII: fast path
        }
        StringBuilder sb = new StringBuilder(len);
        for (int k = off; k < i; k++) {
            sb.append((char) b[k]);
        }
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1; cp = c & 0x1f; min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2; cp = c & 0x0f; min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3; cp = c & 0x07; min = 0x10000;
            } else {
                sb.append((char) (0xdc00 | c));
                i++;
                continue;
            }
            boolean ok = i + need < end; // all continuation bytes present
            int v = cp;
            if (ok) {
                for (int k = 1; k <= need; k++) {
                    int cc = b[i + k] & 0xff;
                    if ((cc & 0xc0) != 0x80) {
                        ok = false;
                        break;
                    }
                    v = (v << 6) | (cc & 0x3f);
                }
            }
            if (ok && (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) {
                ok = false;
            }
            if (!ok) {
                sb.append((char) (0xdc00 | c));
                i++;
                continue;
            }
            sb.appendCodePoint(v);
            i += need + 1;
        }
        return sb.toString();
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    /** The original bytes of a string produced by {@link #decode}. */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c >= 0xdc80 && c <= 0xdcff) {
                out.write(c & 0xff); // an escaped raw byte
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                byte[] u = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                out.write(u, 0, u.length);
                i++;
            } else {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(u, 0, u.length);
            }
        }
        return out.toByteArray();
    }
}
