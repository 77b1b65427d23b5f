/**
 * The gotrail command line: {@code doctor}, {@code trace}, {@code parse}, {@code ldd}. Kept out of
 * the library module so that picocli, the JUnit launcher and engine never reach a user's test
 * class path.
 */
module dev.gotrail.cli {
    requires dev.gotrail;
    requires info.picocli;
    requires org.junit.platform.launcher;

    exports dev.gotrail.cli;

    // picocli reads the command classes reflectively; JUnit runs the doctor's checks reflectively.
    opens dev.gotrail.cli to info.picocli, org.junit.platform.commons;
}
