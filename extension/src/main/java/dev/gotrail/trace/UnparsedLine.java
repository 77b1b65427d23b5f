package dev.gotrail.trace;

/** A trace line no parser rule accepted, kept with its 1-based line number and exact text. */
public record UnparsedLine(long line, String text) {
}
