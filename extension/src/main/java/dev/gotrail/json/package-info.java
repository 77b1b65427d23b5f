/**
 * The JSON writer shared by the CLI, the doctor and the evidence files (one escaping rule, one
 * number format); reading JSON is not gotrail's job and is done by the callers' own parsers.
 */
package dev.gotrail.json;
