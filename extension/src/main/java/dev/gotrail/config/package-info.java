/**
 * gotrail's configuration values (docs/configuration.md) without any JUnit type: the lowest layer, read by
 * every other. The JUnit adapter lives in {@code dev.gotrail.junit}.
 */
package dev.gotrail.config;
