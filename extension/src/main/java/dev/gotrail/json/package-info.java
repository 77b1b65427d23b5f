/**
 * The JSON writer shared by the CLI, the doctor and the evidence files (one escaping rule, one
 * number format), and a small strict reader ({@code JsonReader}) for the documents gotrail reads
 * itself (OCI index, manifest and image config, docker-archive manifest.json).
 */
package dev.gotrail.json;
