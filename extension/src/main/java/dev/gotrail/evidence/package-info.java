/** The evidence bundle: capture, redaction, rendering (evidence.html) and publishing. */
package dev.gotrail.evidence;
