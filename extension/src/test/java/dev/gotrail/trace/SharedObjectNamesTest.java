package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which opened files count as shared objects: libraries and plugins yes, the loader's own files no. */
class SharedObjectNamesTest {

    @ParameterizedTest
    @CsvSource({
            "/lib/x86_64-linux-gnu/libc.so.6, true",
            "/usr/lib/libfoo.so, true",
            "/opt/app/plugins/greeter.so, true",
            "/usr/lib/libssl.so.1.1, true",
            "/usr/lib/libX.so.1.2.3, true",
            "/usr/lib/libSystem.B.dylib, true",
            "/etc/ld.so.cache, false",
            "/etc/ld.so.preload, false",
            "/etc/ld.so.conf, false",
            "/etc/ld.so.nohwcap, false",
            "/usr/lib/libfoo.so.6., false",
            "/usr/lib/libfoo.so.6.debug, false",
            "/usr/lib/go-1.21/src/fmt/print.go, false",
    })
    void recognisesSharedObjectsByName(String path, boolean expected) {
        assertThat(TraceAnalysis.isSharedObject(path)).isEqualTo(expected);
    }
}
