/**
 * Baselines: a reviewed JSON file of facts about targets (a Go toolchain, an ELF file and its link
 * map, a Go binary's build information), checked into the user's repository, and drift detection
 * against it — snapshot testing for toolchains and binaries, in the manner of Jest snapshots,
 * insta and ApprovalTests. {@link dev.gotrail.baseline.Baseline#check} records, verifies or
 * updates a file by the policy of {@link dev.gotrail.baseline.BaselineSettings}
 * ({@code gotrail.baseline=verify|update}, refused under {@code CI}); drift is a structural diff
 * of {@link dev.gotrail.baseline.BaselineChange}s with JSON Pointer paths (RFC 6901).
 * See docs/baselines.md.
 */
package dev.gotrail.baseline;
