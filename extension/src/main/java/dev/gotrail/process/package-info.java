/**
 * Running external commands (go, strace, ldd) with an explicit environment: the command spec,
 * the runner with its timeout and process-tree kill, and the result. Below everything that runs a
 * process, so toolchain discovery need not depend on the tracer.
 */
package dev.gotrail.process;
