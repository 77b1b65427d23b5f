/**
 * Static emulation of the dynamic loader — glibc's, or musl's for programs whose interpreter is
 * {@code ld-musl-<arch>.so.1}: which shared objects load, from where and why.
 */
package dev.gotrail.loader;
