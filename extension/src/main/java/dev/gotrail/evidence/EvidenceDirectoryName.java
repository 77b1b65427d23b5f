package dev.gotrail.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JUnit unique id into a directory name that is readable ({@code GorootTest.usesGo121}),
 * safe on every file system (letters, digits, {@code . _ -}) and unique: a short hash of the full
 * id tells apart overloads, parameterized invocations and same-named nested classes.
 */
public final class EvidenceDirectoryName {

    private static final Pattern SEGMENT = Pattern.compile("\\[([^:\\]]+):([^\\]]*)\\]");
    private static final int MAX_READABLE = 100;

    private EvidenceDirectoryName() {
    }

    public static String of(String uniqueId) {
        List<String> parts = new ArrayList<>();
        Matcher m = SEGMENT.matcher(uniqueId);
        while (m.find()) {
            String type = m.group(1);
            String value = m.group(2);
            switch (type) {
                case "engine" -> { }
                case "class", "nested-class" -> parts.add(value.substring(value.lastIndexOf('.') + 1).replace('$', '.'));
                case "method", "test-template", "test-factory" -> {
                    int paren = value.indexOf('(');
                    parts.add(paren < 0 ? value : value.substring(0, paren));
                }
                default -> parts.add(value.replace("#", ""));
            }
        }
        String readable = String.join(".", parts).replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.isEmpty()) {
            readable = "test";
        }
        if (readable.length() > MAX_READABLE) {
            readable = readable.substring(readable.length() - MAX_READABLE);
        }
        return readable + "-" + shortHash(uniqueId);
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
