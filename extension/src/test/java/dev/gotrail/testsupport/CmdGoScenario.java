package dev.gotrail.testsupport;

import dev.gotrail.process.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * One scenario of cmd/go's own testscripts ({@code src/cmd/go/testdata/script/*.txt} of Go 1.21-1.23),
 * translated to real toolchains: the script it comes from, the Go versions it runs on (Debian's
 * go 1.21.13, 1.22.12, 1.23.5 as the invoked go; where the scripts behave alike on every version it
 * runs on fewer), how to stage it in a {@link GoLab}, what go must name as the deciding setting or file
 * line, and the fix a user would apply (run, then go must succeed). {@link #catalog()} is the
 * conformance suite: the extension's discovery test and the cli's doctor test both walk it.
 *
 * @param script   the cmd/go testscript, e.g. {@code gotoolchain_issue66175.txt}
 * @param name     what the scenario shows
 * @param versions the local go versions to run it with ("1.21", "1.22", "1.23")
 * @param stager   stages the lab; returns where go runs and which go
 * @param decider  the text a finding or the switch's cause must contain to name what decided (null: nothing to name)
 * @param fix      the fix to apply when go fails, or null
 */
public record CmdGoScenario(String script, String name, List<String> versions, Stager stager, Decider decider, Fix fix) {

    /**
     * What a stager made: the directory go runs in, the go to run ("" = the first on PATH), and the go
     * subcommand that must work (the script's own: {@code build -o /dev/null .}, {@code test .}, {@code generate .}).
     */
    public record Staged(Path dir, String go, String command) {

        /** The shell word that runs this go. */
        public String goWord() {
            return go.isEmpty() ? "go" : "'" + go + "'";
        }

        /** The shell line that runs the command: what must work, or fail with the line a finding quotes. */
        public String buildLine() {
            return goWord() + " " + command;
        }
    }

    /** Stages the scenario in a lab whose PATH starts with the local go. */
    public interface Stager {
        Staged stage(GoLab lab, String local);
    }

    /** The text naming the decisive setting or line (e.g. {@code 'toolchain go1.22' in /…/go.mod (line 5)}). */
    public interface Decider {
        String text(Staged staged, GoLab lab);
    }

    /**
     * A fix: {@code hint} must appear in the fix of an ERROR finding, {@code apply} does it (a command in the
     * directory, or a change to the environment) and returns nothing; afterwards the build must work.
     */
    public record Fix(String hint, Applier apply) {
    }

    /** Applies a fix to the lab. */
    public interface Applier {
        void apply(GoLab lab, Staged staged);
    }

    @Override
    public String toString() {
        return script + ": " + name;
    }

    /**
     * The lab this scenario starts from: {@code local}'s go first on PATH, the offline proxy, and
     * go1.22.12 and go1.23.5 on PATH, except in the scenarios where go must download its toolchain
     * (mod_download_exec_toolchain.txt, gotoolchain_net.txt).
     */
    public GoLab lab(Path root, String local) {
        boolean toolchainsOnPath = !script.equals("mod_download_exec_toolchain.txt") && !script.equals("gotoolchain_net.txt");
        GoLab lab = new GoLab(root).pathFirst(RealTools.go(local).getParent()).toolchainProxy();
        if (toolchainsOnPath) {
            lab.toolchainOnPath("go1.22.12", RealTools.go("1.22"));
            lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        }
        return lab;
    }

    /** Every (scenario, version) pair of the catalog. */
    public static Stream<Object[]> cases() {
        return catalog().stream().flatMap(s -> s.versions().stream().map(v -> new Object[] {s, v}));
    }

    private static final List<String> ALL = List.of("1.21", "1.22", "1.23");

    /** The translated scenarios (issue 14 item 1, the scripts not covered by the toolchain-selection and GOROOT tests). */
    public static List<CmdGoScenario> catalog() {
        List<CmdGoScenario> all = new ArrayList<>();
        // gotoolchain_issue66175.txt: a language version is not a toolchain
        all.add(new CmdGoScenario("gotoolchain_issue66175.txt", "a go.mod toolchain line with a language version (toolchain go1.22)",
                ALL, (lab, local) -> module(lab, "m", "go 1.14\n\ntoolchain go1.22\n"),
                (s, lab) -> "'toolchain go1.22' in " + s.dir().resolve("go.mod") + " (line 5)",
                new Fix("GOTOOLCHAIN=local go mod edit -toolchain=none", (lab, s) -> run(lab, s, "GOTOOLCHAIN=local go mod edit -toolchain=none"))));
        all.add(new CmdGoScenario("gotoolchain_issue66175.txt", "GOTOOLCHAIN=go1.22+auto: a language version as the minimum",
                ALL, (lab, local) -> plain(lab.env("GOTOOLCHAIN", "go1.22+auto")),
                (s, lab) -> "GOTOOLCHAIN=go1.22+auto from the environment",
                new Fix("unset GOTOOLCHAIN", (lab, s) -> lab.unset("GOTOOLCHAIN"))));
        all.add(new CmdGoScenario("gotoolchain_issue66175.txt", "GOTOOLCHAIN=go1.21rc3: a toolchain neither on PATH nor on the proxy",
                List.of("1.23"), (lab, local) -> plain(lab.env("GOTOOLCHAIN", "go1.21rc3")),
                (s, lab) -> "GOTOOLCHAIN=go1.21rc3 from the environment",
                new Fix("unset GOTOOLCHAIN", (lab, s) -> lab.unset("GOTOOLCHAIN"))));
        all.add(new CmdGoScenario("gotoolchain_issue66175.txt", "GOTOOLCHAIN=go1.22+path: go1.22 is not on PATH",
                List.of("1.21"), (lab, local) -> plain(lab.env("GOTOOLCHAIN", "go1.22+path")),
                (s, lab) -> "GOTOOLCHAIN=go1.22+path from the environment",
                new Fix("unset GOTOOLCHAIN", (lab, s) -> lab.unset("GOTOOLCHAIN"))));
        // mod_toolchain_slash.txt: a toolchain line that is a path must never run anything
        all.add(new CmdGoScenario("mod_toolchain_slash.txt", "a go.mod toolchain line with a slash (toolchain go1.999999-/run.sh)",
                ALL, (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.21\ntoolchain go1.999999-/run.sh\n");
                    lab.write("m/go1.999999-/run.sh", "#!/bin/sh\nprintf 'RAN SCRIPT\\n'\nexit 1\n").toFile().setExecutable(true);
                    return s;
                },
                (s, lab) -> "'toolchain go1.999999-/run.sh' in " + s.dir().resolve("go.mod") + " (line 4)",
                new Fix("GOTOOLCHAIN=local go mod edit -toolchain=none", (lab, s) -> run(lab, s, "GOTOOLCHAIN=local go mod edit -toolchain=none"))));
        // mod_goroot_errors.txt: $GOROOT names a directory that is not a Go tree
        all.add(new CmdGoScenario("mod_goroot_errors.txt", "$GOROOT is a directory without a Go tree; std imports fail",
                List.of("1.21", "1.23"), (lab, local) -> {
                    lab.write("not-a-valid-goroot/README", "This directory is not a valid GOROOT.\n");
                    lab.env("GOROOT", lab.root().resolve("not-a-valid-goroot").toString());
                    Staged s = module(lab, "m", "go 1.14\n");
                    lab.write("m/main.go", "package main\n\nimport _ \"encoding/json\"\n\nfunc main() {}\n");
                    return s;
                },
                (s, lab) -> "$GOROOT=" + lab.root().resolve("not-a-valid-goroot"),
                new Fix("unset GOROOT", (lab, s) -> lab.unset("GOROOT"))));
        // env_changed.txt: a relative GOROOT whose go.env sets GOTOOLCHAIN=local
        all.add(new CmdGoScenario("env_changed.txt", "GOROOT=./b (relative) whose go.env says GOTOOLCHAIN=local",
                ALL, (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.23.5\n");
                    Path b = lab.dir("m/b");
                    try (Stream<Path> entries = Files.list(RealTools.goroot(local))) {
                        for (Path e : entries.toList()) {
                            if (!e.getFileName().toString().equals("go.env")) {
                                Files.createSymbolicLink(b.resolve(e.getFileName()), e);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    lab.write("m/b/go.env", "GOTOOLCHAIN=local\n");
                    lab.env("GOROOT", "./b");
                    return s;
                },
                (s, lab) -> "GOTOOLCHAIN=local (from the toolchain's own " + s.dir().resolve("b/go.env") + " (line 1))",
                new Fix("export GOTOOLCHAIN=", (lab, s) -> lab.env("GOTOOLCHAIN", "auto"))));
        // gotoolchain_modcmds.txt: a dependency needs a newer go than the main module's go line
        all.add(new CmdGoScenario("gotoolchain_modcmds.txt", "a required module needs go >= 1.23.5, the go line says 1.21",
                List.of("1.21", "1.22"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.21\n\nrequire example.com/future v1.0.0\n\nreplace example.com/future v1.0.0 => ./future\n");
                    lab.write("m/future/go.mod", "module example.com/future\n\ngo 1.23.5\n");
                    lab.write("m/future/f.go", "package future\n");
                    lab.write("m/main.go", "package main\n\nimport _ \"example.com/future\"\n\nfunc main() {}\n");
                    return s;
                },
                (s, lab) -> "'go 1.21' in " + s.dir().resolve("go.mod") + " (line 3)",
                new Fix("go get go@1.23.5", (lab, s) -> run(lab, s, "go get go@1.23.5"))));
        // work_use_toolchain.txt / work_sync_toolchain.txt: go.work's go line below a module's
        all.add(new CmdGoScenario("work_use_toolchain.txt", "go.work says go 1.21, a used module needs go 1.22.12",
                ALL, (lab, local) -> workspace(lab, "go 1.21\n\nuse ./m1\n"),
                (s, lab) -> "'go 1.21' in " + s.dir().resolve("go.work") + " (line 1)",
                new Fix("go work edit -go=1.22.12", (lab, s) -> run(lab, s, "go work edit -go=1.22.12"))));
        all.add(new CmdGoScenario("work_sync_toolchain.txt", "go.work needs go 1.22.12, GOTOOLCHAIN=local",
                List.of("1.21"), (lab, local) -> workspace(lab.env("GOTOOLCHAIN", "local"), "go 1.22.12\n\nuse ./m1\n"),
                (s, lab) -> "'go 1.22.12' in " + s.dir().resolve("go.work") + " (line 1)",
                new Fix("unset GOTOOLCHAIN", (lab, s) -> lab.unset("GOTOOLCHAIN"))));
        // mod_download_exec_toolchain.txt / gotoolchain_net.txt: the wanted toolchain is downloaded from the proxy
        all.add(new CmdGoScenario("mod_download_exec_toolchain.txt", "go.mod needs go1.23.5, not on PATH: downloaded from the proxy",
                List.of("1.21", "1.22"), (lab, local) -> module(lab, "m", "go 1.23.5\n"),
                (s, lab) -> "'go 1.23.5' in " + s.dir().resolve("go.mod") + " (line 3)", null));
        all.add(new CmdGoScenario("gotoolchain_net.txt", "GOTOOLCHAIN=go1.23.5, not on PATH: downloaded from the proxy",
                List.of("1.21"), (lab, local) -> plain(lab.env("GOTOOLCHAIN", "go1.23.5")),
                (s, lab) -> "GOTOOLCHAIN=go1.23.5 from the environment", null));
        // mod_get_toolchain.txt / mod_edit_toolchain.txt: go get / go mod edit write the toolchain line that decides
        all.add(new CmdGoScenario("mod_get_toolchain.txt", "go get toolchain@go1.23.5 adds the toolchain line",
                List.of("1.21", "1.22"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.21\n");
                    run(lab, s, "go get toolchain@go1.23.5");
                    return s;
                },
                (s, lab) -> "'toolchain go1.23.5' in " + s.dir().resolve("go.mod") + " (line 5)", null));
        all.add(new CmdGoScenario("mod_get_toolchain.txt", "go get toolchain@none removes it again",
                List.of("1.21"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.21\n");
                    run(lab, s, "go get toolchain@go1.23.5");
                    run(lab, s, "go get toolchain@none");
                    return s;
                }, null, null));
        all.add(new CmdGoScenario("mod_edit_toolchain.txt", "go mod edit -toolchain=go1.22.12 selects the PATH toolchain",
                List.of("1.21"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.21\n");
                    run(lab, s, "go mod edit -toolchain=go1.22.12");
                    return s;
                },
                (s, lab) -> "'toolchain go1.22.12' in " + s.dir().resolve("go.mod") + " (line 5)", null));
        // old_tidy_toolchain.txt: a go.mod without a go line
        all.add(new CmdGoScenario("old_tidy_toolchain.txt", "a go.mod without go and toolchain lines",
                List.of("1.21", "1.23"), (lab, local) -> module(lab, "m", ""), null, null));
        // test_goroot_PATH.txt: go named by its path with an empty PATH; go test puts GOROOT/bin first for the test
        all.add(new CmdGoScenario("test_goroot_PATH.txt", "go by its path, PATH empty; go test finds go through GOROOT/bin",
                List.of("1.22"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.19\n");
                    lab.write("m/example_test.go", """
                            package main

                            import (
                            \t"runtime"
                            \t"os/exec"
                            \t"path/filepath"
                            \t"testing"
                            )

                            func TestGoCommandExists(t *testing.T) {
                            \tgot, err := exec.LookPath("go")
                            \tif err != nil {
                            \t\tt.Fatal(err)
                            \t}
                            \tif want := filepath.Join(runtime.GOROOT(), "bin", "go"); got != want {
                            \t\tt.Fatalf("exec.LookPath(go) = %q; want %q", got, want)
                            \t}
                            }
                            """);
                    lab.env("PATH", "");
                    return new Staged(s.dir(), RealTools.go(local).toString(), "test .");
                }, null, null));
        // generate_goroot_PATH.txt: go generate puts GOROOT/bin first on PATH for the generator (go run .)
        all.add(new CmdGoScenario("generate_goroot_PATH.txt", "go by its path, PATH empty; go generate runs go run through GOROOT/bin",
                List.of("1.23"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.19\n");
                    lab.write("m/main.go", """
                            //go:generate go run .

                            package main

                            import (
                            \t"fmt"
                            \t"os"
                            \t"os/exec"
                            )

                            func main() {
                            \tif _, err := exec.LookPath("go"); err != nil {
                            \t\tfmt.Println(err)
                            \t\tos.Exit(1)
                            \t}
                            }
                            """);
                    lab.env("PATH", "");
                    return new Staged(s.dir(), RealTools.go(local).toString(), "generate .");
                }, null, null));
        // mod_alt_goroot.txt: a module named std elsewhere is an ordinary module, not a GOROOT
        all.add(new CmdGoScenario("mod_alt_goroot.txt", "a module named std outside GOROOT does not replace GOROOT",
                List.of("1.21", "1.23"), (lab, local) -> {
                    Staged s = module(lab, "m", "go 1.12\n");
                    lab.write("m/go.mod", "module std\n\ngo 1.12\n");
                    lab.write("m/main.go", "package main\n\nimport _ \"bytes\"\n\nfunc main() {}\n");
                    lab.write("m/bytes/bytes.go", "package bytes\n\nimport _ \"bytes/modified\"\n");
                    lab.write("m/bytes/modified/modified.go", "package modified\n");
                    return new Staged(s.dir(), "", "list -e -deps -f '{{.ImportPath}} {{.Dir}}' ./bytes");
                }, null, null));
        // work_init_toolchain.txt: go work init switches for a newer module and writes that go version; go.work decides
        all.add(new CmdGoScenario("work_init_toolchain.txt", "go work init with a module needing go 1.22.12 writes go.work's go line",
                List.of("1.21", "1.23"), (lab, local) -> {
                    lab.write("w/m1/go.mod", "module m1\n\ngo 1.22.12\n\ntoolchain go1.23.5\n");
                    lab.write("w/m1/main.go", "package main\n\nfunc main() {}\n");
                    Staged s = new Staged(lab.root().resolve("w"), "", "build -o /dev/null ./m1");
                    run(lab, s, "go work init ./m1");
                    return s;
                },
                (s, lab) -> "in " + s.dir().resolve("go.work") + " (line 1)", null));
        // gotoolchain_issue66175.txt: an old release that is neither on PATH nor on the proxy
        all.add(new CmdGoScenario("gotoolchain_issue66175.txt", "GOTOOLCHAIN=go1.20: an older release, not available",
                List.of("1.22"), (lab, local) -> plain(lab.env("GOTOOLCHAIN", "go1.20")),
                (s, lab) -> "GOTOOLCHAIN=go1.20 from the environment",
                new Fix("unset GOTOOLCHAIN", (lab, s) -> lab.unset("GOTOOLCHAIN"))));
        // env_unset.txt: bad values in the go/env file ($GOENV) make every go command fail; go env -u repairs them
        all.add(new CmdGoScenario("env_unset.txt", "GOEXPERIMENT=badexp in the go/env file",
                ALL, (lab, local) -> {
                    lab.write("plain/badenv", "GOEXPERIMENT=badexp\n");
                    lab.env("GOENV", "badenv");
                    return plain(lab);
                },
                (s, lab) -> "GOEXPERIMENT=badexp from the go/env file " + s.dir().resolve("badenv") + " (line 1)",
                new Fix("go env -u GOEXPERIMENT", (lab, s) -> run(lab, s, "go env -u GOEXPERIMENT"))));
        all.add(new CmdGoScenario("env_unset.txt", "GOOS=bados GOARCH=badarch in the go/env file",
                List.of("1.21", "1.23"), (lab, local) -> {
                    lab.write("plain/badenv", "GOOS=bados\nGOARCH=badarch\n");
                    lab.env("GOENV", "badenv");
                    return plain(lab);
                },
                (s, lab) -> "GOOS=bados from the go/env file " + s.dir().resolve("badenv") + " (line 1)",
                new Fix("go env -u GOOS GOARCH", (lab, s) -> run(lab, s, "go env -u GOOS GOARCH"))));
        return all;
    }

    private static Staged module(GoLab lab, String relative, String body) {
        return new Staged(lab.module(relative, body), "", "build -o /dev/null .");
    }

    private static Staged plain(GoLab lab) {
        lab.write("plain/main.go", "package main\n\nfunc main() {}\n");
        return new Staged(lab.dir("plain"), "", "build -o /dev/null main.go");
    }

    private static Staged workspace(GoLab lab, String goWork) {
        lab.write("w/m1/go.mod", "module m1\n\ngo 1.22.12\n");
        lab.write("w/m1/main.go", "package main\n\nfunc main() {}\n");
        lab.write("w/go.work", goWork);
        return new Staged(lab.root().resolve("w"), "", "build -o /dev/null ./m1");
    }

    /** Runs a go command line in the staged directory (go = the staged go) and requires it to succeed. */
    public static CommandResult run(GoLab lab, Staged s, String commandLine) {
        String line = commandLine.startsWith("go ") ? s.goWord() + commandLine.substring(2) : commandLine;
        CommandResult r = lab.shell(s.dir(), line);
        Assertions.assertEquals(0, r.exitCode(), () -> line + ": " + r.describe() + "\n" + r.stdout() + r.stderr());
        return r;
    }
}
