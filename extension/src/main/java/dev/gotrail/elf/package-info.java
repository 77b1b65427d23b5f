/** A pure-Java ELF reader: dynamic section, interpreter, symbol versions. */
package dev.gotrail.elf;
