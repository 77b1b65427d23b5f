package dev.gotrail.buildinfo;

/**
 * One executable container (ELF, Mach-O, PE) seen the way Go's {@code debug/buildinfo} sees it:
 * where the writable data starts, and how virtual addresses map to bytes of the file.
 */
interface Executable {

    /** A range of the file: {@code length} bytes from {@code offset}. */
    record FileRange(long offset, long length) { }

    /** A range of virtual addresses: {@code size} bytes from {@code address}. */
    record Data(long address, long size) { }

    /** Container name for messages: "ELF", "Mach-O", "PE". */
    String format();

    /**
     * Where to look for the build-info magic: the build-info section ({@code .go.buildinfo},
     * {@code __go_buildinfo}) or else the first writable data segment/section; null when there is none.
     */
    Data dataStart() throws GoBinaryFormatException;

    /**
     * The file bytes holding at most {@code size} bytes from virtual address {@code address}: fewer
     * when the segment holding it ends first (like Go's {@code ReadData}); null when no segment holds it.
     */
    FileRange map(long address, long size) throws GoBinaryFormatException;
}
