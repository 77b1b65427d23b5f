package dev.gotrail.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gotrail.testsupport.RealTools;
import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElfFileTest {

    @TempDir
    Path tmp;

    private Path gcc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(RealTools.gcc().toString()));
        cmd.addAll(List.of(args));
        CommandResult r = CommandRunner.run(CommandSpec.of(cmd).withDir(tmp));
        assertThat(r.succeeded()).as(r.describe() + "\n" + r.stderr()).isTrue();
        return tmp;
    }

    @Test
    void readsWhatGccAndTheLinkerWrote() throws Exception {
        Files.writeString(tmp.resolve("l.c"), "int old_fn(void){return 1;}\nint new_fn(void){return 2;}\n");
        Files.writeString(tmp.resolve("v.map"), "V_1 { global: old_fn; local: *; };\nV_2 { global: new_fn; } V_1;\n");
        gcc("-shared", "-fPIC", "-o", "libl.so.1", "l.c", "-Wl,-soname,libl.so.1", "-Wl,--version-script,v.map",
                "-Wl,--no-as-needed", "-lm", "-Wl,--enable-new-dtags,-rpath,$ORIGIN/x:/opt/y", "-Wl,-z,nodefaultlib");
        ElfFile lib = ElfFile.read(tmp.resolve("libl.so.1"));
        assertThat(lib.soname()).contains("libl.so.1");
        assertThat(lib.needed()).containsExactly("libm.so.6", "libc.so.6");
        assertThat(lib.runpath()).contains("$ORIGIN/x:/opt/y");
        assertThat(lib.rpath()).isEmpty();
        assertThat(lib.noDefaultLib()).isTrue();
        assertThat(lib.isSharedLibrary()).isTrue();
        assertThat(lib.isPie()).isFalse();
        assertThat(lib.interpreter()).isEmpty();
        assertThat(lib.machine()).isEqualTo(ElfMachine.X86_64);
        assertThat(lib.elfClass()).isEqualTo(64);
        assertThat(lib.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(lib.versionDefinitions()).extracting(VersionDefinition::name).containsExactly("libl.so.1", "V_1", "V_2");
        assertThat(lib.versionDefinitions().get(0).base()).isTrue();
        assertThat(lib.versionDefinitions().get(2).parents()).containsExactly("V_1");
        assertThat(lib.versionNeeds()).extracting(VersionNeed::file).contains("libc.so.6");

        Files.writeString(tmp.resolve("m.c"), "int new_fn(void);\nint main(void){return new_fn();}\n");
        gcc("-o", "app", "m.c", "-L.", "-l:libl.so.1", "-Wl,--disable-new-dtags,-rpath,/r1");
        ElfFile exe = ElfFile.read(tmp.resolve("app"));
        assertThat(exe.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(exe.isPie()).isTrue();
        assertThat(exe.isStatic()).isFalse();
        assertThat(exe.rpath()).contains("/r1");
        assertThat(exe.versionNeeds()).anySatisfy(n -> {
            assertThat(n.file()).isEqualTo("libl.so.1");
            assertThat(n.versions()).extracting(VersionNeed.Requirement::name).containsExactly("V_2");
        });
    }

    @Test
    void recognisesStaticAndStaticPieExecutables() throws Exception {
        Files.writeString(tmp.resolve("s.c"), "int main(void){return 0;}\n");
        gcc("-static", "-o", "static", "s.c");
        gcc("-static-pie", "-o", "static-pie", "s.c");
        gcc("-no-pie", "-o", "nopie", "s.c");
        ElfFile st = ElfFile.read(tmp.resolve("static"));
        assertThat(st.isStatic()).isTrue();
        assertThat(st.isStaticPie()).isFalse();
        ElfFile sp = ElfFile.read(tmp.resolve("static-pie"));
        assertThat(sp.isStatic()).isTrue();
        assertThat(sp.isStaticPie()).isTrue();
        ElfFile np = ElfFile.read(tmp.resolve("nopie"));
        assertThat(np.type()).isEqualTo(ElfFile.ET_EXEC);
        assertThat(np.isPie()).isFalse();
        assertThat(np.isStatic()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"true,LITTLE_ENDIAN", "true,BIG_ENDIAN", "false,LITTLE_ENDIAN", "false,BIG_ENDIAN"})
    void readsBothClassesAndByteOrders(boolean is64, String order) throws Exception {
        ElfBuilder b = new ElfBuilder();
        b.is64 = is64;
        b.order = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        b.machine = is64 ? 21 : 20; // ppc64 / ppc
        Path f = Files.write(tmp.resolve("built"), b.build());
        ElfFile elf = ElfFile.read(f);
        assertThat(elf.elfClass()).isEqualTo(is64 ? 64 : 32);
        assertThat(elf.byteOrder()).isEqualTo(b.order);
        assertThat(elf.machine().displayName()).isEqualTo(is64 ? "ppc64" : "ppc");
        assertThat(elf.interpreter()).contains("/lib/ld-test.so.1");
        assertThat(elf.needed()).containsExactly("libc.so.6", "libm.so.6");
        assertThat(elf.soname()).contains("libbuilt.so.1");
        assertThat(elf.runpath()).contains("$ORIGIN/../lib");
        assertThat(elf.versionNeeds()).singleElement().satisfies(n -> {
            assertThat(n.file()).isEqualTo("libc.so.6");
            assertThat(n.versions()).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("GLIBC_2.34");
                assertThat(r.weak()).isTrue();
            });
        });
    }

    @Test
    void aHostileVerneedChainEndsAtTheFileBoundary() throws Exception {
        // vn_cnt claims 65535 entries and every vn_next steps 16 bytes further: the walk runs into
        // the dynamic section's bytes and then past the end of the file, where it must stop.
        ElfBuilder b = new ElfBuilder();
        b.vnCount = 65535;
        b.vnNext = 16;
        Path f = Files.write(tmp.resolve("hostile"), b.build());
        long size = Files.size(f);
        try {
            ElfFile elf = ElfFile.read(f);
            assertThat(elf.versionNeeds().size()).isLessThanOrEqualTo((int) (size / 16));
        } catch (ElfFormatException e) {
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.offset()).isBetween(0L, size);
        }
    }

    @Test
    void namesTheFileAndOffsetOfTheProblem() throws Exception {
        Path notElf = Files.writeString(tmp.resolve("script.so"), "INPUT(-lfoo) /* a linker script */\n");
        assertThatThrownBy(() -> ElfFile.read(notElf)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(notElf.toString()).hasMessageContaining("offset 0").hasMessageContaining("bad magic");
        byte[] built = new ElfBuilder().build();
        Path truncated = Files.write(tmp.resolve("truncated"), java.util.Arrays.copyOf(built, 100));
        assertThatThrownBy(() -> ElfFile.read(truncated)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("outside the file");
    }
}
