/**
 * Go build information embedded in binaries — what {@code go version -m} prints — read from the
 * file without running anything: ELF (32/64-bit, either byte order, with or without section
 * headers), Mach-O and PE, in both on-disk encodings (Go 1.18+ inline strings and the older
 * pointer-based form). The format is Go's {@code debug/buildinfo} and the text is
 * {@code runtime/debug.ParseBuildInfo}'s.
 */
package dev.gotrail.buildinfo;
