package dev.gotrail.assertj;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.elf.ElfFile;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileAssertTest {

    @TempDir
    Path tmp;

    @Test
    void staticBinary() throws Exception {
        ElfFile hello = ElfFile.read(Gcc.build(tmp, "hello-static", Gcc.HELLO, "-static"));

        assertThat(hello).isStaticallyLinked().doesNotNeed("libc.so.6").requiresAtMost("GLIBC", "2.0");
        assertThatThrownBy(() -> assertThat(hello).isDynamicallyLinked())
                .hasMessageContaining(tmp.resolve("hello-static").toString())
                .hasMessageContaining("to be dynamically linked, but it is statically linked");
        assertThatThrownBy(() -> assertThat(hello).hasInterpreter())
                .hasMessageContaining("to have a program interpreter (PT_INTERP), but it has none")
                .hasMessageContaining("NEEDED:      (none)");
        assertThatThrownBy(() -> assertThat(hello).needs("libc.so.6"))
                .hasMessageContaining("to need\n  libc.so.6\nbut its NEEDED entries are:\n  (none)");
    }

    @Test
    void dynamicBinary() throws Exception {
        Path binary = Gcc.build(tmp, "hello", Gcc.HELLO);
        ElfFile hello = ElfFile.read(binary);

        assertThat(hello).isDynamicallyLinked().hasInterpreter().hasInterpreter(SystemLibs.interpreter())
                .needs("libc.so.6").requiresAtMost("GLIBC", "2.36").requiresAtMost("GLIBC", "2.34");
        assertThatThrownBy(() -> assertThat(hello).isStaticallyLinked())
                .hasMessageContaining("to be statically linked, but it is dynamically linked:")
                .hasMessageContaining("interpreter: " + SystemLibs.interpreter())
                .hasMessageContaining("NEEDED:      libc.so.6");
        assertThatThrownBy(() -> assertThat(hello).hasInterpreter("/lib/ld-musl-x86_64.so.1"))
                .hasMessageContaining("to have the interpreter\n  /lib/ld-musl-x86_64.so.1\nbut it has \n  " + SystemLibs.interpreter());
        assertThatThrownBy(() -> assertThat(hello).doesNotNeed("libc.so.6")).hasMessageContaining("not to need\n  libc.so.6");
    }

    @Test
    void requiresAtMostNamesTheOffendingVersionTheLibraryAndTheFile() throws Exception {
        // glibc 2.34 moved __libc_start_main to GLIBC_2.34: every binary built here needs it
        ElfFile hello = ElfFile.read(Gcc.build(tmp, "hello", Gcc.HELLO));

        assertThatThrownBy(() -> assertThat(hello).requiresAtMost("GLIBC", "2.31"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(tmp.resolve("hello").toString())
                .hasMessageContaining("to require at most GLIBC_2.31, but it requires a newer version:")
                .hasMessageContaining("GLIBC_2.34 from libc.so.6")
                .hasMessageContaining("(the highest GLIBC version it requires is 2.34)");
        // numeric comparison: 2.4 < 2.34
        assertThatThrownBy(() -> assertThat(hello).requiresAtMost("GLIBC", "2.4"))
                .hasMessageContaining("GLIBC_2.34 from libc.so.6");
    }

    @Test
    void realGoBinaryIsStaticWhileACgoBuildIsNot() throws Exception {
        assertThat(ElfFile.read(RealTools.go("1.21"))).isStaticallyLinked();
    }
}
