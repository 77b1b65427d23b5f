package dev.gotrail.loader;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Dynamic string tokens and search lists, as glibc 2.36's elf/dl-load.c expands them:
 * {@code _dl_dst_substitute} ($ORIGIN, $PLATFORM, $LIB, also in braces) and {@code fillin_rpath}
 * (split, expand, drop unusable elements, one trailing slash, duplicates removed). In secure mode
 * $ORIGIN is usable only alone at the start of an element, and an executable's expanded element
 * must lie in a trusted directory.
 */
final class DynamicStrings {

    private final boolean secure;
    private final String libToken;
    private final String platform;
    private final List<String> trustedDirs;

    DynamicStrings(boolean secure, String libToken, String platform, List<String> trustedDirs) {
        this.secure = secure;
        this.libToken = libToken;
        this.platform = platform;
        this.trustedDirs = trustedDirs;
    }

    /** {@code fillin_rpath}: the directories of {@code value}, each ending in "/", "" for an empty element (the working directory). */
    List<String> pathList(String value, String separators, MappedObject l) {
        Set<String> out = new LinkedHashSet<>();
        for (String element : value.split(separators, -1)) {
            String cp = "";
            if (!element.isEmpty()) {
                cp = expand(l, element);
                if (cp == null || cp.isEmpty()) continue;
                int len = cp.length();
                while (len > 1 && cp.charAt(len - 1) == '/') len--;
                cp = cp.substring(0, len);
                if (!cp.endsWith("/")) cp = cp + "/";
            }
            out.add(cp);
        }
        return List.copyOf(out);
    }

    /** {@code _dl_dst_substitute}: the expanded string, or null when the element must be dropped. */
    String expand(MappedObject l, String input) {
        if (input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder sb = new StringBuilder();
        boolean checkTrusted = false;
        int i = 0;
        while (i < input.length()) {
            char ch = input.charAt(i);
            if (ch != '$') {
                sb.append(ch);
                i++;
                continue;
            }
            int at = i + 1;
            int len;
            String repl = null;
            boolean unusable = false;
            if ((len = tokenLength(input, at, "ORIGIN")) != 0) {
                char next = at + len < input.length() ? input.charAt(at + len) : '\0';
                if (secure && ((next != '\0' && next != '/') || at != 1)) {
                    unusable = true;
                } else {
                    repl = l.origin;
                    unusable = repl == null;
                }
                checkTrusted = secure && l.isMain();
            } else if ((len = tokenLength(input, at, "PLATFORM")) != 0) {
                repl = platform;
            } else if ((len = tokenLength(input, at, "LIB")) != 0) {
                repl = libToken;
            }
            if (repl != null && !unusable) {
                sb.append(repl);
                i = at + len;
            } else if (len != 0) {
                return null;
            } else {
                sb.append('$');
                i = at;
            }
        }
        String result = sb.toString();
        if (checkTrusted && !isTrusted(result)) {
            return null;
        }
        return result;
    }

    private boolean isTrusted(String path) {
        String norm = Path.of(path.startsWith("/") ? path : "/" + path).normalize().toString();
        if (!norm.endsWith("/")) norm = norm + "/";
        for (String d : trustedDirs) {
            if (norm.startsWith(d)) return true;
        }
        return false;
    }

    /** {@code is_dst}: the length of the token {@code ref} at {@code at} (with braces), 0 when it is not there. */
    private static int tokenLength(String s, int at, String ref) {
        boolean curly = at < s.length() && s.charAt(at) == '{';
        int start = curly ? at + 1 : at;
        if (!s.startsWith(ref, start)) return 0;
        int end = start + ref.length();
        if (curly) {
            return end < s.length() && s.charAt(end) == '}' ? ref.length() + 2 : 0;
        }
        if (end < s.length()) {
            char c = s.charAt(end);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_') return 0;
        }
        return ref.length();
    }
}
