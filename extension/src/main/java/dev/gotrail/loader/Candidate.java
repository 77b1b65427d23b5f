package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;

/**
 * A file the search accepted: the path as the loader spells it, its parsed ELF, its file identity
 * and the search step that found it.
 */
record Candidate(String path, ElfFile elf, Object fileKey, LoadReason reason) {
}
