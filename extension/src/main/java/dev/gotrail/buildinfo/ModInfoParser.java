package dev.gotrail.buildinfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the module-information text embedded in a Go binary, as
 * {@code runtime/debug.ParseBuildInfo} does: {@code path}, {@code mod}, {@code dep}, {@code =>}
 * and {@code build} lines separated by tabs; other lines are ignored; a final line without a
 * newline is ignored. Errors name the line number, in Go's words.
 */
final class ModInfoParser {

    /** What the text holds; {@code main} is null when there is no {@code mod} line. */
    record Parsed(String path, GoModule main, List<GoModule> deps, List<BuildSetting> settings) { }

    /** A line that Go's parser rejects; {@code line} counts from 1. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        ParseError(int line, String message) {
            super("could not parse Go build info: line " + line + ": " + message);
            this.line = line;
        }
    }

    private ModInfoParser() {
    }

    /** A module being built up: the replacement arrives on the line after its module. */
    private static final class Draft {
        String path;
        String version;
        String sum;
        GoModule replace;

        GoModule build() {
            return new GoModule(path, version, sum, replace);
        }
    }

    static Parsed parse(String data) throws ParseError {
        String path = "";
        Draft main = null;
        List<Draft> deps = new ArrayList<>();
        List<BuildSetting> settings = new ArrayList<>();
        Draft last = null;
        int lineNum = 1;
        int pos = 0;
        while (pos < data.length()) {
            int nl = data.indexOf('\n', pos);
            if (nl < 0) {
                break;
            }
            String line = data.substring(pos, nl);
            pos = nl + 1;
            if (line.startsWith("path\t")) {
                path = line.substring(5);
            } else if (line.startsWith("mod\t")) {
                main = module(line.substring(4).split("\t", -1), lineNum);
                last = main;
            } else if (line.startsWith("dep\t")) {
                last = module(line.substring(4).split("\t", -1), lineNum);
                deps.add(last);
            } else if (line.startsWith("=>\t")) {
                String[] elem = line.substring(3).split("\t", -1);
                if (elem.length != 3) {
                    throw new ParseError(lineNum, "expected 3 columns for replacement; got " + elem.length);
                }
                if (last == null) {
                    throw new ParseError(lineNum, "replacement with no module on previous line");
                }
                last.replace = new GoModule(elem[0], elem[1], elem[2], null);
                last = null;
            } else if (line.startsWith("build\t")) {
                settings.add(setting(line.substring(6), lineNum));
            }
            lineNum++;
        }
        List<GoModule> built = new ArrayList<>(deps.size());
        for (Draft d : deps) {
            built.add(d.build());
        }
        return new Parsed(path, main == null ? null : main.build(), List.copyOf(built), List.copyOf(settings));
    }

    private static Draft module(String[] elem, int lineNum) throws ParseError {
        if (elem.length != 2 && elem.length != 3) {
            throw new ParseError(lineNum, "expected 2 or 3 columns; got " + elem.length);
        }
        Draft d = new Draft();
        d.path = elem[0];
        d.version = elem[1];
        d.sum = elem.length == 3 ? elem[2] : "";
        return d;
    }

    private static BuildSetting setting(String kv, int lineNum) throws ParseError {
        if (kv.isEmpty()) {
            throw new ParseError(lineNum, "build line missing '='");
        }
        String key;
        String rawValue;
        char first = kv.charAt(0);
        if (first == '=') {
            throw new ParseError(lineNum, "build line with missing key");
        } else if (first == '`' || first == '"') {
            int n = GoQuote.quotedPrefix(kv);
            if (n < 0) {
                throw new ParseError(lineNum, "invalid quoted key in build line");
            }
            if (kv.length() == n) {
                throw new ParseError(lineNum, "build line missing '=' after quoted key");
            }
            if (kv.charAt(n) != '=') {
                throw new ParseError(lineNum, "unexpected character after quoted key: " + GoQuote.quote(String.valueOf(kv.charAt(n))));
            }
            key = GoQuote.unquote(kv.substring(0, n));
            rawValue = kv.substring(n + 1);
        } else {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new ParseError(lineNum, "build line missing '=' after key");
            }
            key = kv.substring(0, eq);
            rawValue = kv.substring(eq + 1);
            if (GoQuote.keyNeedsQuotes(key)) {
                throw new ParseError(lineNum, "unquoted key " + GoQuote.quote(key) + " must be quoted");
            }
        }
        String value = "";
        if (!rawValue.isEmpty()) {
            char q = rawValue.charAt(0);
            if (q == '`' || q == '"') {
                value = GoQuote.unquote(rawValue);
                if (value == null) {
                    throw new ParseError(lineNum, "invalid quoted value in build line");
                }
            } else {
                value = rawValue;
                if (GoQuote.valueNeedsQuotes(value)) {
                    throw new ParseError(lineNum, "unquoted value " + GoQuote.quote(value) + " must be quoted");
                }
            }
        }
        return new BuildSetting(key, value);
    }
}
