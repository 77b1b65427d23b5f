package dev.gotrail.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets recognisable by their <em>value</em>, whatever variable, argument or output line holds
 * them: the one place where these rules live ({@link SecretNames} has the rules by name). Each
 * {@link Rule} is a regular expression; the text of every capturing group that took part in a
 * match is replaced by {@value Redactor#MASK} (a pattern without groups: the whole match). The
 * non-secret parts stay readable: the user and host of a URL, the kind of a token.
 *
 * <table>
 * <caption>Built-in rules (docs/evidence.md has the same table)</caption>
 * <tr><th>rule</th><th>example</th><th>written as</th></tr>
 * <tr><td>URL userinfo (RFC 3986 §3.2.1)</td><td>{@code https://ci-user:s3cr3t@proxy.example.com/go}</td>
 *     <td>{@code https://ci-user:***@proxy.example.com/go}</td></tr>
 * <tr><td>Authorization header (RFC 9110 §11.6.2)</td><td>{@code Authorization: Basic dXNlcjpwYXNz}</td>
 *     <td>{@code Authorization: Basic ***}</td></tr>
 * <tr><td>Bearer token (RFC 6750)</td><td>{@code Bearer eyJhbGciOiJIUzI1NiJ9}</td><td>{@code Bearer ***}</td></tr>
 * <tr><td>GitHub token</td><td>{@code ghp_…}, {@code gho_…}, {@code ghu_…}, {@code ghs_…}, {@code ghr_…}, {@code github_pat_…}</td>
 *     <td>{@code ghp_***}</td></tr>
 * <tr><td>GitLab token</td><td>{@code glpat-…} (also gldt, glrt, glcbt, glptt, glft, glimt, gloas, glsoat, glagent)</td>
 *     <td>{@code glpat-***}</td></tr>
 * <tr><td>AWS access key id</td><td>{@code AKIAIOSFODNN7EXAMPLE}, {@code ASIA…}</td><td>{@code AKIA***}</td></tr>
 * <tr><td>AWS secret access key</td><td>{@code aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY};
 *     any 40-character key on the line of an access key id</td><td>{@code aws_secret_access_key = ***}</td></tr>
 * <tr><td>Slack, npm, PyPI, Google API keys</td><td>{@code xoxb-…}, {@code npm_…}, {@code pypi-AgE…}, {@code AIza…}</td>
 *     <td>{@code xoxb-***}</td></tr>
 * </table>
 *
 * <p>strace cuts strings longer than {@code -s} and marks them with {@code ...} after the closing
 * quote. A cut secret has no end to recognise it by, so {@link #redactCutTail} applies looser
 * rules to the end of a cut string: a URL that ends inside its userinfo ({@code https://u:pa}),
 * a token prefix followed by anything.
 *
 * <p>Extra rules come from {@code gotrail.redact.values} ({@link #withExtra}). Instances are
 * immutable and thread-safe.
 */
public final class SecretValues {

    /**
     * One rule.
     *
     * @param name     what it recognises, for documentation and error messages
     * @param pattern  the full rule; groups mark the secret parts
     * @param cutTail  the looser rule for the end of a string strace cut, or null
     * @param triggers literal strings of which at least one occurs in every match (a cheap
     *                 pre-check); empty: always try the pattern
     * @param ignoreCase whether the triggers are compared ignoring ASCII case
     * @param requires when not null, the rule applies only to a text where this pattern is found
     */
    public record Rule(String name, Pattern pattern, Pattern cutTail, List<String> triggers, boolean ignoreCase, Pattern requires) {
        public Rule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pattern, "pattern");
            triggers = List.copyOf(triggers);
        }

        Rule(String name, Pattern pattern, Pattern cutTail, List<String> triggers, boolean ignoreCase) {
            this(name, pattern, cutTail, triggers, ignoreCase, null);
        }

        boolean appliesTo(String text) {
            return requires == null || requires.matcher(text).find();
        }
    }

    // what may follow a token prefix: the token's own alphabet
    private static final String GITHUB = "(?:gh[pousr]_|github_pat_)";
    private static final String GITLAB = "gl(?:pat|dt|rt|cbt|ptt|ft|imt|oas|soat|agent)-";
    private static final String NOT_AFTER_WORD = "(?<![A-Za-z0-9])";

    /** The built-in rules, in the order they are applied. */
    public static final List<Rule> BUILT_IN = List.of(
            new Rule("URL userinfo",
                    // the password runs to the last '@' of the authority, as Go's url.Parse reads it
                    Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s/?#@:\"'<>\\\\]*:([^\\s/?#\"'<>\\\\]+)@"),
                    Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s/?#@:\"'<>\\\\]*:([^\\s/?#@\"'<>\\\\]+)$"),
                    List.of("://"), false),
            new Rule("Authorization header",
                    Pattern.compile("(?i)authorization[\"']?\\s*[:=]\\s*[\"']?(?:(?:basic|bearer|token|digest|negotiate|ntlm)\\s+)?([^\\s\"'\\\\,;]+)"),
                    Pattern.compile("(?i)authorization[\"']?\\s*[:=]\\s*[\"']?(.+)$"),
                    List.of("authorization"), true),
            new Rule("Bearer token",
                    Pattern.compile("(?i)" + NOT_AFTER_WORD + "bearer\\s+([A-Za-z0-9\\-._~+/]{8,}=*)"),
                    Pattern.compile("(?i)" + NOT_AFTER_WORD + "bearer\\s+(\\S+)$"),
                    List.of("bearer"), true),
            new Rule("GitHub token",
                    Pattern.compile(NOT_AFTER_WORD + GITHUB + "([A-Za-z0-9_]{8,})"),
                    Pattern.compile(NOT_AFTER_WORD + GITHUB + "([A-Za-z0-9_]+)$"),
                    List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), false),
            new Rule("GitLab token",
                    Pattern.compile(NOT_AFTER_WORD + GITLAB + "([A-Za-z0-9_\\-]{8,})"),
                    Pattern.compile(NOT_AFTER_WORD + GITLAB + "([A-Za-z0-9_\\-]+)$"),
                    List.of("glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "glimt-", "gloas-", "glsoat-", "glagent-"), false),
            new Rule("AWS secret access key paired with its key id",
                    // a 40-character hex string is a git hash, not a key
                    Pattern.compile("(?<![A-Za-z0-9/+=])(?![0-9a-f]{40}(?![A-Za-z0-9/+=]))([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
                    null, List.of("AKIA", "ASIA"), false,
                    // only on a line that holds an access key id
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Rule("AWS access key id",
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)([A-Z0-9]{16})(?![A-Z0-9])"),
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)([A-Z0-9]+)$"),
                    List.of("AKIA", "ASIA"), false),
            new Rule("AWS secret access key",
                    Pattern.compile("(?i)secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{8,})"),
                    Pattern.compile("(?i)secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?(.+)$"),
                    List.of("secret_access_key", "secretaccesskey", "secret_accesskey", "secretaccess_key"), true),
            new Rule("Slack token",
                    Pattern.compile(NOT_AFTER_WORD + "xox[abposr]-([A-Za-z0-9\\-]{8,})"),
                    Pattern.compile(NOT_AFTER_WORD + "xox[abposr]-([A-Za-z0-9\\-]+)$"),
                    List.of("xox"), false),
            new Rule("npm token",
                    Pattern.compile(NOT_AFTER_WORD + "npm_([A-Za-z0-9]{20,})"),
                    Pattern.compile(NOT_AFTER_WORD + "npm_([A-Za-z0-9]+)$"),
                    List.of("npm_"), false),
            new Rule("PyPI token",
                    Pattern.compile(NOT_AFTER_WORD + "pypi-(AgE[A-Za-z0-9\\-_]{8,})"),
                    Pattern.compile(NOT_AFTER_WORD + "pypi-(AgE[A-Za-z0-9\\-_]*)$"),
                    List.of("pypi-AgE"), false),
            new Rule("Google API key",
                    Pattern.compile(NOT_AFTER_WORD + "AIza([0-9A-Za-z\\-_]{20,})"),
                    Pattern.compile(NOT_AFTER_WORD + "AIza([0-9A-Za-z\\-_]+)$"),
                    List.of("AIza"), false));

    private static final SecretValues DEFAULT = new SecretValues(List.of());

    private final List<Rule> rules;
    private final boolean alwaysTry; // an extra rule without triggers: every text is tried
    private final TriggerScan scan;

    private SecretValues(List<Rule> extra) {
        List<Rule> all = new ArrayList<>(BUILT_IN);
        all.addAll(extra);
        this.rules = List.copyOf(all);
        this.alwaysTry = rules.stream().anyMatch(r -> r.triggers().isEmpty());
        this.scan = new TriggerScan(triggers(), alwaysTry);
    }

    /** The literals of which one occurs wherever a rule can match (see {@link Rule#triggers}). */
    List<TriggerScan.Trigger> triggers() {
        List<TriggerScan.Trigger> triggers = new ArrayList<>();
        for (Rule r : rules) {
            r.triggers().forEach(t -> triggers.add(new TriggerScan.Trigger(t, r.ignoreCase())));
        }
        return triggers;
    }

    /** True when a rule has no triggers, so that every text must be tried. */
    boolean alwaysTry() {
        return alwaysTry;
    }

    /** The built-in rules only. */
    public static SecretValues builtIn() {
        return DEFAULT;
    }

    /**
     * The built-in rules plus {@code extra} patterns (from {@code gotrail.redact.values}); each
     * pattern's groups mark the secret, a pattern without groups is masked whole. Extra patterns
     * have no pre-check: they are tried on every line, so keep them simple.
     */
    public static SecretValues withExtra(List<Pattern> extra) {
        if (extra == null || extra.isEmpty()) {
            return DEFAULT;
        }
        List<Rule> rules = new ArrayList<>();
        for (Pattern p : extra) {
            rules.add(new Rule("gotrail.redact.values: " + p.pattern(), p, null, List.of(), false));
        }
        return new SecretValues(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Cheap single pass over {@code text}: false when no rule can match. Looks for the triggers of
     * the rules, indexed by their first character, so that most trace lines cost one array look-up
     * per character.
     */
    public boolean mayMatch(String text) {
        return scan.anyIn(text);
    }

    /** {@code text} with the secret parts of every rule's matches replaced by {@value Redactor#MASK}. */
    public String redact(String text) {
        if (text == null || text.isEmpty() || !mayMatch(text)) {
            return text;
        }
        String result = text;
        for (Rule r : rules) {
            if (r.appliesTo(result)) {
                result = apply(r.pattern(), result);
            }
        }
        return result;
    }

    /**
     * The end of a string that strace cut ({@code "…"...}): the full rules, then the looser
     * {@link Rule#cutTail} rules, which recognise a secret by its beginning alone.
     */
    public String redactCutTail(String text) {
        String result = redact(text);
        if (result == null || result.isEmpty()) {
            return result;
        }
        for (Rule r : rules) {
            if (r.cutTail() != null) {
                result = apply(r.cutTail(), result);
            }
        }
        return result;
    }

    private static String apply(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            if (m.end() == m.start()) {
                // an empty match hides nothing; extra patterns that can match empty are refused up front
                continue;
            }
            if (m.groupCount() == 0) {
                sb.append(text, last, m.start()).append(Redactor.MASK);
                last = m.end();
                continue;
            }
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.start(g) < 0 || m.start(g) < last || m.end(g) == m.start(g)) {
                    continue;
                }
                sb.append(text, last, m.start(g)).append(Redactor.MASK);
                last = m.end(g);
            }
        } while (m.find());
        sb.append(text, last, text.length());
        return sb.toString();
    }
}
