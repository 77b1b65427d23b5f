/** The gotrail command line: doctor, trace, parse, ldd. */
package dev.gotrail.cli;
