package dev.gotrail.toolchain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A constraint on a Go version as written in {@code @RequiresGoroot(version = …)}: a comma-separated
 * conjunction of terms such as {@code >=1.21}, {@code <1.24}, {@code 1.19.x}, {@code =1.22.12},
 * {@code go1.23} or {@code 1.21.13}. A term without an operator and without {@code .x} matches
 * that release exactly ({@code 1.21.13}) or the whole minor line ({@code 1.21}).
 *
 * <p>The grammar is exactly {@link #GRAMMAR}; anything else — {@code 1.22+}, {@code ~1.22},
 * {@code >= 1.21 <1.24} (a missing comma), {@code ^1.21} — is rejected, never read with another
 * meaning.
 */
public final class VersionConstraint {

    /** The accepted grammar, quoted in every error. */
    public static final String GRAMMAR = "TERM[,TERM…] where TERM is [OP]VERSION or MAJOR.MINOR.x, OP one of >= > <= < = == !=,"
            + " VERSION like 1.21, 1.21.13, go1.21.13 or 1.22rc1 (e.g. \">=1.21\", \"1.19.x\", \">=1.21,<1.24\")";

    private static final java.util.regex.Pattern TERM = java.util.regex.Pattern.compile(
            "(>=|<=|==|!=|>|<|=)?\\s*(go)?\\d+\\.\\d+(\\.\\d+)?((rc|beta)\\d+)?(\\.x|\\.\\*)?");

    private record Term(String operator, GoVersion bound, boolean wholeLine, String text) { }

    private final String text;
    private final List<Term> terms;

    private VersionConstraint(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /**
     * @throws IllegalArgumentException with the offending term and examples of valid ones
     */
    public static VersionConstraint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty Go version constraint; write e.g. \">=1.21\", \"1.19.x\" or \">=1.21,<1.24\"");
        }
        List<Term> terms = new ArrayList<>();
        // -1: a trailing comma is an empty (invalid) term instead of being silently dropped
        for (String raw : text.split(",", -1)) {
            String term = raw.strip().toLowerCase(Locale.ROOT);
            if (!TERM.matcher(term).matches()) {
                throw new IllegalArgumentException("invalid term '" + raw.strip() + "' in Go version constraint \"" + text + "\""
                        + hint(term) + "; the grammar is " + GRAMMAR);
            }
            String operator = "";
            for (String op : new String[] {">=", "<=", "==", "!=", ">", "<", "="}) {
                if (term.startsWith(op)) {
                    operator = op;
                    term = term.substring(op.length()).strip();
                    break;
                }
            }
            boolean wildcard = term.endsWith(".x") || term.endsWith(".*");
            if (wildcard) {
                term = term.substring(0, term.length() - 2);
            }
            GoVersion bound = GoVersion.tryParse(term).filter(GoVersion::isKnown).orElseThrow(() -> new IllegalArgumentException(
                    "invalid term '" + raw.strip() + "' in Go version constraint \"" + text
                            + "\"; write e.g. \">=1.21\", \"1.19.x\", \"=1.22.12\" or \">=1.21,<1.24\""));
            boolean minorOnly = !bound.toString().matches("go\\d+\\.\\d+\\.\\d+.*") && !bound.isPreRelease();
            if (wildcard && !operator.isEmpty() && !operator.equals("=") && !operator.equals("==")) {
                throw new IllegalArgumentException("'" + raw.strip() + "' in \"" + text
                        + "\": a .x wildcard cannot be combined with " + operator + "; write \">=1.21\" or \"1.21.x\"");
            }
            terms.add(new Term(operator.equals("==") ? "=" : operator, bound, wildcard || (minorOnly && operator.isEmpty()), raw.strip()));
        }
        return new VersionConstraint(text.strip(), List.copyOf(terms));
    }

    // The usual spellings of other version-constraint languages, named so the user sees why.
    private static String hint(String term) {
        if (term.endsWith("+")) {
            return " ('+' is not an operator here: write \">=" + term.substring(0, term.length() - 1) + "\")";
        }
        if (term.startsWith("~") || term.startsWith("^")) {
            return " ('" + term.charAt(0) + "' ranges are not supported: write \"" + term.substring(1) + ".x\" for a minor line"
                    + " or \">=" + term.substring(1) + "\")";
        }
        if (term.strip().matches(".*\\d\\s+\\S.*")) {
            return " (separate terms with a comma: \"" + term.strip().replaceAll("(\\d)\\s+(\\S)", "$1,$2") + "\")";
        }
        return "";
    }

    /** True when {@code version} satisfies every term; an unknown version (gccgo, devel) satisfies none. */
    public boolean isSatisfiedBy(GoVersion version) {
        if (!version.isKnown()) {
            return false;
        }
        for (Term term : terms) {
            if (!matches(term, version)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Term term, GoVersion version) {
        if (term.wholeLine()) {
            boolean sameLine = version.major() == term.bound().major() && version.minor() == term.bound().minor();
            return term.operator().equals("!=") ? !sameLine : sameLine;
        }
        int c = compareForConstraint(version, term.bound());
        IntPredicate test = switch (term.operator()) {
            case ">=" -> x -> x >= 0;
            case "<=" -> x -> x <= 0;
            case ">" -> x -> x > 0;
            case "<" -> x -> x < 0;
            case "!=" -> x -> x != 0;
            default -> x -> x == 0;
        };
        return test.test(c);
    }

    // ">=1.21" must admit go1.21.0 and "<1.24" must reject go1.24.0 but admit go1.23.5: a bound
    // written as a language version compares by major.minor only.
    private static int compareForConstraint(GoVersion version, GoVersion bound) {
        boolean boundIsLine = !bound.toString().matches("go\\d+\\.\\d+\\.\\d+.*") && !bound.isPreRelease();
        if (boundIsLine) {
            int c = Integer.compare(version.major(), bound.major());
            return c != 0 ? c : Integer.compare(version.minor(), bound.minor());
        }
        return version.compareTo(bound);
    }

    @Override
    public String toString() {
        return text;
    }
}
