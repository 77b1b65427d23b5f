package dev.gotrail.evidence;

import dev.gotrail.trace.StraceValues;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets by {@code ***} wherever evidence or gotrail's output shows them. Three nets,
 * because a secret can leak in more than one shape:
 * <ol>
 * <li>by name: {@code NAME=value} where {@link SecretNames} says NAME is secret, in plain text
 * (env dumps, stdout) and inside the C-escaped strings of a strace log, where an execve
 * environment array prints {@code "GITHUB_TOKEN=abc"} — hex-escaped ({@code -x}/{@code -xx})
 * strings are decoded before they are checked;</li>
 * <li>by value: every known secret value ({@link #withSecretValuesFrom}) of at least
 * {@value #MIN_VALUE_LENGTH} characters, wherever it appears (a token echoed by a program, written
 * to a file, passed as an argument);</li>
 * <li>by shape: {@link SecretValues} recognises URL userinfo, {@code Authorization}/{@code Bearer}
 * values and well-known token formats whatever holds them; in a string strace cut
 * ({@code "…"...}) its looser rules for a cut end apply.</li>
 * </ol>
 * Logs are copied line by line ({@link #copyRedacted}), never loaded whole. All text is handled as
 * ISO-8859-1 internally so that arbitrary bytes survive the round trip unchanged.
 */
public final class Redactor {

    /** Shorter secret values are only redacted by name: replacing "true" everywhere would ruin the evidence. */
    public static final int MIN_VALUE_LENGTH = 6;

    public static final String MASK = "***";

    // NAME=value in plain text; the value may be quoted. The look-behind keeps "XKEY" from matching inside words.
    private static final Pattern WHOLE_ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\\s\"'\\\\,;&|]*)");

    /**
     * Values that stand for a value in help and error texts ("write KEY=VALUE", picocli's "should be
     * in KEY=VALUE format"): masking them turned fix hints into "KEY=***" and hid no secret.
     */
    private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("VALUE", "...", "<value>",
            // "…" as redactLatin1 sees it: the ISO-8859-1 view of its UTF-8 bytes
            new String("\u2026".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));

    private final SecretNames names;
    private final SecretValues shapes;
    private final List<String> secretValues; // ISO-8859-1 view of the UTF-8 bytes, longest first

    // the pre-check (see mayHoldSecret): words compared in upper case, literals compared as they are
    private final List<String> upperWords;
    private final TriggerScan exactTriggers;
    private final boolean alwaysTry;

    private Redactor(SecretNames names, SecretValues shapes, List<String> secretValues) {
        this.names = names;
        this.shapes = shapes;
        this.secretValues = secretValues;
        List<String> words = new ArrayList<>(names.patterns());
        List<TriggerScan.Trigger> exact = new ArrayList<>();
        for (TriggerScan.Trigger t : shapes.triggers()) {
            if (!t.ignoreCase()) {
                exact.add(t);
                continue;
            }
            String upper = t.text().toUpperCase(Locale.ROOT);
            // AUTHORIZATION is found by the name pattern AUTH already: one upper-case search less per line
            if (words.stream().noneMatch(upper::contains)) {
                words.add(upper);
            }
        }
        this.upperWords = List.copyOf(words);
        this.exactTriggers = new TriggerScan(exact, false);
        this.alwaysTry = shapes.alwaysTry();
    }

    /** Redaction by {@code names} and by the built-in value rules of {@link SecretValues}. */
    public static Redactor of(SecretNames names) {
        return of(names, SecretValues.builtIn());
    }

    /** Redaction by {@code names} and by the value rules {@code shapes}. */
    public static Redactor of(SecretNames names, SecretValues shapes) {
        return new Redactor(names, shapes, List.of());
    }

    /** The built-in name and value rules, plus the secret values of this process's environment. */
    public static Redactor defaults() {
        return of(SecretNames.withExtra("")).withSecretValuesFrom(System.getenv());
    }

    /** This redactor plus the values of the secret-named variables of {@code environment}. */
    public Redactor withSecretValuesFrom(Map<String, String> environment) {
        Set<String> values = new LinkedHashSet<>(secretValues);
        environment.forEach((name, value) -> {
            if (name != null && value != null && names.isSecret(name) && value.length() >= MIN_VALUE_LENGTH) {
                values.add(latin1(value));
            }
        });
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // a value containing another goes first
        return new Redactor(names, shapes, List.copyOf(sorted));
    }

    public SecretNames names() {
        return names;
    }

    /** The rules by value. */
    public SecretValues shapes() {
        return shapes;
    }

    /**
     * Redacts text of unknown kind that may quote trace lines (console output, JSON string values,
     * assertion messages): the plain-text rules first ({@code TOKEN="a b"}), then the trace-line
     * rules ({@code "GITHUB_TOKEN=a b"} in an execve environment, hex-escaped strings).
     */
    public String redactPrinted(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String latin = latin1(text);
        String redacted = redactTraceLine(redactLatin1(latin));
        return redacted.equals(latin) ? text : new String(redacted.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** {@link #redactPrinted} for the ISO-8859-1 view of bytes (one char per byte), as streams see them. */
    public String redactPrintedLatin1(String latin) {
        if (latin == null || latin.isEmpty()) {
            return latin;
        }
        return redactTraceLine(redactLatin1(latin));
    }

    /**
     * A copy of a JSON-ready value (maps, lists, strings, numbers, booleans, null) with every
     * string redacted by {@link #redactPrinted}; map keys are kept.
     */
    public Object redactJson(Object value) {
        if (value instanceof String s) {
            return redactPrinted(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, redactJson(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(redactJson(v)));
            return out;
        }
        return value;
    }

    /** A copy of {@code env} with secret values masked, sorted by name for stable output. */
    public Map<String, String> redactEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(env).forEach((k, v) -> out.put(k, names.isSecret(k) ? MASK : redactText(v)));
        return out;
    }

    /** Redacts text (Java string): assignments to secret names and known secret values. */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String latin = latin1(text);
        String redacted = redactLatin1(latin);
        return redacted.equals(latin) ? text : new String(redacted.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * Redacts one line of a strace/dtruss log (ISO-8859-1 view of its bytes): every C string
     * literal is decoded, redacted and, when something changed, re-escaped; the text between
     * literals is redacted as plain text.
     */
    public String redactTraceLine(String line) {
        if (!mayHoldSecret(line)) {
            return line;
        }
        if (line.indexOf('"') < 0) {
            return redactLatin1(line);
        }
        // A hand-written scanner, not a regex: strace lines reach tens of kilobytes (-v environments)
        // and a backtracking pattern over them overflows the stack.
        StringBuilder out = new StringBuilder(line.length());
        int i = 0;
        int n = line.length();
        while (i < n) {
            int open = line.indexOf('"', i);
            if (open < 0) {
                out.append(redactLatin1(line.substring(i)));
                break;
            }
            out.append(redactLatin1(line.substring(i, open)));
            int close = open + 1;
            while (close < n && line.charAt(close) != '"') {
                close += line.charAt(close) == '\\' ? 2 : 1;
            }
            boolean terminated = close < n;
            boolean cut = !terminated || line.startsWith("...", close + 1); // strace -s cut it
            String escaped = line.substring(open + 1, Math.min(close, n));
            out.append('"').append(redactLiteral(escaped, cut));
            if (terminated) {
                out.append('"');
            }
            i = terminated ? close + 1 : n;
        }
        return out.toString();
    }

    /** One C string literal's inside (still escaped): decoded, redacted, re-escaped only when changed. */
    private String redactLiteral(String escaped, boolean cut) {
        String content = unescape(escaped);
        Matcher whole = WHOLE_ASSIGNMENT.matcher(content);
        // An execve environment entry: everything after the first '=' is the value, spaces and
        // newlines included (a PEM key in SSH_PRIVATE_KEY). Only an environment-style name (no
        // lower-case letter) is taken so: "token=x\nmore output" in a program's printed output is a
        // line of text, whose other lines stay readable.
        String redacted = whole.lookingAt() && names.isSecret(whole.group(1))
                && whole.group(1).chars().noneMatch(Character::isLowerCase)
                ? whole.group(1) + "=" + MASK
                : redactLatin1(content);
        if (cut) {
            redacted = shapes.redactCutTail(redacted);
        }
        return redacted.equals(content) ? escaped : escape(redacted);
    }

    /** Copies a log line by line with {@link #redactTraceLine} applied; memory use is one line. */
    public void copyRedacted(Path source, Path target) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.ISO_8859_1);
             BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(redactTraceLine(line));
                out.write('\n');
            }
        }
    }

    /**
     * Cheap pre-check that lets most trace lines through untouched: a secret can only be there if
     * a secret-name pattern or a known secret value appears, or if hex escapes could hide a name.
     */
    private boolean mayHoldSecret(String text) {
        if (alwaysTry || text.contains("\\x")) {
            return true;
        }
        // String.contains runs as a vectorised intrinsic: a handful of whole-line searches is cheaper
        // than one character-by-character pass that compares ignoring case
        String upper = text.toUpperCase(Locale.ROOT);
        for (String w : upperWords) {
            if (upper.contains(w)) {
                return true;
            }
        }
        for (String value : secretValues) {
            if (text.contains(value)) {
                return true;
            }
        }
        return exactTriggers.anyIn(text);
    }

    private String redactLatin1(String text) {
        if (text.isEmpty() || !mayHoldSecret(text)) {
            return text;
        }
        String result = text;
        if (result.indexOf('=') >= 0) {
            Matcher m = ASSIGNMENT.matcher(result);
            StringBuilder sb = null;
            int last = 0;
            int from = 0;
            while (from < result.length() && m.find(from)) {
                if (names.isSecretAssignment(m.group(1)) && !m.group(2).isEmpty() && !m.group(2).equals(MASK)
                        && !PLACEHOLDERS.contains(m.group(2))) {
                    if (sb == null) {
                        sb = new StringBuilder(result.length());
                    }
                    sb.append(result, last, m.start(2)).append(MASK);
                    last = m.end(2);
                    from = m.end(2);
                } else {
                    // "--env=GITHUB_TOKEN=x": the value of a harmless name may hold a secret assignment
                    from = m.start(2);
                }
            }
            if (sb != null) {
                sb.append(result, last, result.length());
                result = sb.toString();
            }
        }
        for (String value : secretValues) {
            if (result.contains(value)) {
                result = result.replace(value, MASK);
            }
        }
        // by shape last: a known value is masked whole before a rule could mask only a part of it
        return shapes.redact(result);
    }

    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes strace's escapes into one char per byte, with the trace parser's decoder
     * ({@link StraceValues#unescape}) so that evidence and the trace model read a literal alike.
     */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        byte[] latin = s.getBytes(StandardCharsets.ISO_8859_1);
        return new String(StraceValues.unescape(latin, 0, latin.length), StandardCharsets.ISO_8859_1);
    }

    /** Escapes like strace's default style: printable ASCII as is, the rest as \n, \t or \xNN. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\x%02x", (int) c & 0xff));
                    }
                }
            }
        }
        return sb.toString();
    }
}
