package dev.gotrail.buildinfo;

import java.util.Objects;

/**
 * One {@code build} line of Go build information ({@code runtime/debug.BuildSetting}): a key such
 * as {@code -buildmode}, {@code -ldflags}, {@code CGO_ENABLED}, {@code GOARCH}, {@code vcs.revision}
 * and its value, unquoted.
 */
public record BuildSetting(String key, String value) {

    /** Both parts are required; an empty value is legal ({@code CGO_CFLAGS=}). */
    public BuildSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The line as {@code go version -m} prints it: {@code key=value}, each quoted when it must be. */
    @Override
    public String toString() {
        return GoQuote.keyNeedsQuotes(key) ? GoQuote.quote(key) + "=" + valueText() : key + "=" + valueText();
    }

    private String valueText() {
        return GoQuote.valueNeedsQuotes(value) ? GoQuote.quote(value) : value;
    }
}
