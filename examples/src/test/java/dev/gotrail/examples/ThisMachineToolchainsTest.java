package dev.gotrail.examples;

import static dev.gotrail.assertj.GotrailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.junit.GoCommand;
import dev.gotrail.junit.GoResult;
import dev.gotrail.junit.RequiresGoroot;
import dev.gotrail.testsupport.NeedsTools;
import dev.gotrail.testsupport.Tool;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.GorootSource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A CI image's regression suite: the toolchains this machine is supposed to have, where they live,
 * and that each one is consistent. (The image is Debian 12 with golang-go and golang-1.2x-go.)
 */
class ThisMachineToolchainsTest {

    /** A composed annotation: one place to say what "our Go 1.21" is. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @RequiresGoroot(go = "/usr/lib/go-1.21/bin/go", value = "/usr/lib/go-1.21", version = ">=1.21,<1.22")
    @interface OurGo121 {
    }

    @Test
    @RequiresGoroot(version = "1.19.x")
    @NeedsTools({Tool.GOLANG_GO, Tool.GO_1_19})
    void theGoFirstOnPathIsDebians119ThroughASymlink(GoToolchain go) {
        assertThat(go.goBinary()).isEqualTo(Path.of("/usr/bin/go"));
        assertThat(go.realGoBinary()).isEqualTo(Path.of("/usr/lib/go-1.19/bin/go"));
        assertThat(go).hasGoroot("/usr/lib/go-1.19").hasGorootSource(GorootSource.EXE_DERIVED).isConsistent();
    }

    @Test
    @RequiresGoroot(go = "/usr/lib/go-1.23/bin/go", value = "/usr/lib/go-1.23", version = "1.23.x")
    @NeedsTools({Tool.GO_1_23})
    void go123IsUsrLibGo123AndConsistent(GoToolchain go) {
        assertThat(go).hasGoroot("/usr/lib/go-1.23").hasVersionAtLeast("1.23").isConsistent();
    }

    @Test
    @OurGo121
    @NeedsTools({Tool.GO_1_21})
    void go121BuildsAProgram(GoCommand go, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Fixtures.goModule(dir, "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n");
        GoResult result = go.args("build", "-o", "hello", ".").dir(dir).env("GOCACHE", dir.resolve("cache").toString()).run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(dir.resolve("hello")).isExecutable();
    }

    /** Everything in here runs on go 1.22: the class-level requirement applies to the nested tests. */
    @Nested
    @RequiresGoroot(go = "/usr/lib/go-1.22/bin/go", version = "1.22.x")
    @NeedsTools({Tool.GO_1_22})
    class OnGo122 {

        @Test
        void reportsItsOwnVersion(GoCommand go) {
            GoResult result = go.args("version").run();
            assertThat(result.stdout()).startsWith("go version go1.22.");
        }

        @Test
        void usesItsOwnGoroot(GoToolchain go) {
            assertThat(go).hasGoroot("/usr/lib/go-1.22").hasGorootSource(GorootSource.EXE_DERIVED);
        }
    }
}
