/**
 * gotrail's configuration values (SPEC §4) without any JUnit type: the lowest layer, read by
 * every other. The JUnit adapter lives in {@code dev.gotrail.junit}.
 */
package dev.gotrail.config;
