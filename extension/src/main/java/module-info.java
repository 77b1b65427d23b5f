/**
 * gotrail: JUnit Jupiter extensions that prove which Go toolchain, GOROOT, files and shared
 * libraries a {@code go} command really uses.
 */
module dev.gotrail {
    requires transitive org.junit.jupiter.api;
    requires org.apache.commons.exec;
    requires com.fasterxml.jackson.core;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires static org.assertj.core;

    exports dev.gotrail.config;
    exports dev.gotrail.process;
    exports dev.gotrail.junit;
    exports dev.gotrail.toolchain;
    exports dev.gotrail.trace;
    exports dev.gotrail.tracer;
    exports dev.gotrail.elf;
    exports dev.gotrail.buildinfo;
    exports dev.gotrail.loader;
    exports dev.gotrail.baseline;
    exports dev.gotrail.image;
    exports dev.gotrail.assertj;
    exports dev.gotrail.evidence;
    // The JSON writer is shared with the command line only; it is not a public API.
    exports dev.gotrail.json to dev.gotrail.cli;

    // JUnit instantiates the package-private extensions and the doctor's check classes reflectively.
    opens dev.gotrail.junit to org.junit.platform.commons;
}
