/** Go toolchain discovery: which go, which GOROOT and from where, which version, and what is wrong. */
package dev.gotrail.toolchain;
