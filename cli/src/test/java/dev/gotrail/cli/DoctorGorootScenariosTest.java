package dev.gotrail.cli;

import static dev.gotrail.cli.DoctorRuns.api;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoErrorLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 1, second part: the GOROOT scenarios of cmd/go's testscripts
 * ({@code goroot_executable.txt}, {@code goroot_executable_trimpath.txt}, {@code list_goroot_symlink.txt},
 * {@code env_write.txt}, {@code env_unset.txt}) staged with Debian's real go binaries. go gives the
 * truth ({@code go env GOROOT} and a real {@code go build} with the diagnosed binary); the whole
 * doctor (API: discovery, the module probe, the trace in the directory) must agree: the effective
 * GOROOT and the trace's GOROOT are go's, a build that fails or a go that fails is an ERROR quoting
 * go's decisive line, and a working setup has no ERROR (exit 0).
 */
class DoctorGorootScenariosTest {

    @TempDir
    Path tmp;

    /** Stages a scenario in a lab and returns the go binary to diagnose. */
    interface Stage extends Function<GoLab, Path> {
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                s("goroot_executable: a relocated untrimmed go uses its built-in GOROOT", lab -> copy(lab, RealTools.go("1.19"), "new/bin/go")),
                s("goroot_executable: a relocated tree (bin next to pkg/tool) is a GOROOT", lab -> {
                    Path go = copy(lab, RealTools.go("1.19"), "new/bin/go");
                    lab.dir("new/pkg/tool");
                    return go;
                }),
                s("goroot_executable: a symlink into a relocated tree finds the tree", lab -> {
                    copy(lab, RealTools.go("1.19"), "new/bin/go");
                    lab.dir("new/pkg/tool");
                    return link(lab, "other/bin/go", lab.root().resolve("new/bin/go"));
                }),
                s("goroot_executable_trimpath: a relocated trimmed go finds no GOROOT", lab -> copy(lab, RealTools.go("1.22"), "new/bin/go")),
                s("goroot_executable_trimpath: GOROOT set for a relocated trimmed go", lab -> {
                    lab.env("GOROOT", RealTools.goroot("1.22").toString());
                    return copy(lab, RealTools.go("1.22"), "new/bin/go");
                }),
                s("list_goroot_symlink: a GOROOT reached through a symlinked directory", lab ->
                        link(lab, "sdk/go", RealTools.goroot("1.23")).resolve("bin/go")),
                s("env_write: GOROOT written to the go/env file, another version", lab -> {
                    lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot("1.21") + "\n");
                    return RealTools.go("1.23");
                }),
                s("env_unset: GOENV=off ignores the go/env file's GOROOT", lab -> {
                    lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot("1.21") + "\n");
                    lab.env("GOENV", "off");
                    return RealTools.go("1.23");
                }),
                s("env: $GOROOT overrides the go/env file", lab -> {
                    lab.write("home/.config/go/env", "GOROOT=" + RealTools.goroot("1.21") + "\n");
                    lab.env("GOROOT", RealTools.goroot("1.22").toString());
                    return RealTools.go("1.22");
                }),
                s("env: a $GOROOT that does not exist", lab -> {
                    lab.env("GOROOT", lab.root().resolve("gone").toString());
                    return RealTools.go("1.21");
                }),
                s("env: $GOROOT set to what go finds anyway", lab -> {
                    lab.env("GOROOT", RealTools.goroot("1.21").toString());
                    return RealTools.go("1.21");
                }));
    }

    private static Arguments s(String name, Stage stage) {
        return Arguments.of(name, stage);
    }

    private static Path copy(GoLab lab, Path go, String relative) {
        Path target = lab.root().resolve(relative);
        lab.dir(relative.substring(0, relative.lastIndexOf('/')));
        // cp in a child process: no JVM write descriptor may leak into other forks (ETXTBSY)
        CommandResult cp = lab.shell(lab.root(), "cp '" + go + "' '" + target + "'");
        assertThat(cp.exitCode()).as(cp.describe()).isZero();
        return target;
    }

    private static Path link(GoLab lab, String relative, Path target) {
        Path link = lab.root().resolve(relative);
        lab.dir(relative.substring(0, relative.lastIndexOf('/')));
        try {
            return java.nio.file.Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theDoctorAgreesWithGo(String name, Stage stage) {
        GoLab lab = new GoLab(tmp);
        Path go = stage.apply(lab);
        Path dir = lab.dir("work");
        lab.write("work/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n");

        CommandResult env = lab.shell(dir, "'" + go + "' env GOROOT");
        CommandResult build = lab.shell(dir, "'" + go + "' build -o /dev/null main.go");

        Doctor.Result r = api(lab, dir, go.toString());
        List<Finding> errors = r.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        String report = name + "\ngo env GOROOT: " + env.describe() + " " + env.stdout() + env.stderr() + "\ngo build: "
                + build.describe() + "\n" + build.stderr() + "\n" + r.text();

        if (env.exitCode() != 0) {
            String goSays = GoErrorLine.of(env.stderr());
            assertThat(r.exitCode()).as(report).isNotZero();
            assertThat(errors).as(report).anySatisfy(f -> assertThat(f.message()).contains(goSays));
            return;
        }
        Path truth = real(Path.of(env.stdout().strip()));
        @SuppressWarnings("unchecked")
        Map<String, Object> goroot = (Map<String, Object>) r.json().get("goroot");
        assertThat(real(Path.of(String.valueOf(goroot.get("effective"))))).as(report).isEqualTo(truth);
        @SuppressWarnings("unchecked")
        Map<String, Object> traced = (Map<String, Object>) r.json().get("gorootFromTrace");
        assertThat(traced).as(report).isNotNull();
        assertThat(real(Path.of(String.valueOf(traced.get("path"))))).as(report).isEqualTo(truth);
        if (build.exitCode() != 0) {
            assertThat(errors).as(report).isNotEmpty();
            assertThat(r.exitCode()).as(report).isEqualTo(1);
        } else {
            assertThat(errors).as(report).isEmpty();
            assertThat(r.exitCode()).as(report).isZero();
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
