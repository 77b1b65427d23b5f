/** Static emulation of glibc's dynamic loader: which shared objects load, from where and why. */
package dev.gotrail.loader;
