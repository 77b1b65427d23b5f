/** The trace model (GoTrace) and the streaming strace and dtruss parsers. */
package dev.gotrail.trace;
