/** Running commands, optionally under a syscall tracer (strace on Linux, dtruss on macOS). */
package dev.gotrail.tracer;
