package dev.gotrail.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.testsupport.GoLab;
import dev.gotrail.testsupport.RealTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, kind 5: a finding about GOTOOLCHAIN, GOPATH, GOFLAGS (GOROOT: DiscoveryGorootSourceTest)
 * names where the value came from, quotes go's decisive line (never a {@code go: downloading}
 * progress line), never reports the {@code GOTOOLCHAIN=local} of gotrail's own comparison run, and
 * its fix works: each test applies the fix in the lab and runs go again. Every scenario is a real
 * run of Debian's go 1.21, 1.22 or 1.23; the truth is what that go prints.
 */
class GoSettingSourceTest {

    @TempDir
    Path tmp;

    private static GoToolchain found(GoLab lab, Path dir) {
        DiscoveryResult r = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", lab.environment(), dir, null));
        return r.toolchain().orElseThrow(() -> new AssertionError(r));
    }

    private static void assertFails(CommandResult r, String decisiveLine) {
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains(decisiveLine);
    }

    private static void assertWorks(CommandResult r) {
        assertThat(r.exitCode()).as(r.describe() + "\n" + r.stderr()).isZero();
    }

    /** The field case: GOTOOLCHAIN=go1.22 in the go/env file, go 1.21 first on PATH. */
    @Test
    void fieldCaseGotoolchainInTheGoEnvFileIsNamedQuotedAndFixable() {
        Path labDir = tmp.resolve("lab");
        String truth = GoLab.runFieldCase("goenv-file-gotoolchain.sh", labDir);
        String goSays = "go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)";
        assertThat(truth).contains(goSays);
        GoLab lab = new GoLab(labDir).pathFirst(RealTools.go("1.21").getParent());
        Path envFile = labDir.resolve("home/.config/go/env");

        GoToolchain t = found(lab, labDir);

        Finding f = t.finding(FindingId.GOTOOLCHAIN_INVALID).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("GOTOOLCHAIN=go1.22 from the go/env file " + envFile + " (line 1)")
                .contains("go says: " + goSays)
                .doesNotContain("downloading")
                // never the value gotrail set for its comparison run
                .doesNotContain("GOTOOLCHAIN=local");
        assertThat(t.details().setting("GOTOOLCHAIN").orElseThrow())
                .isEqualTo(new GoSetting("GOTOOLCHAIN", "go1.22", GoSetting.Source.GOENV_FILE, envFile, 1));
        // the README's `go env -u GOTOOLCHAIN` does not work: go selects its toolchain first
        assertFails(lab.go(labDir, "env", "-u", "GOTOOLCHAIN"), goSays);
        assertThat(f.fix()).startsWith("GOTOOLCHAIN=local go env -u GOTOOLCHAIN");
        assertWorks(lab.shell(labDir, "GOTOOLCHAIN=local go env -u GOTOOLCHAIN"));
        assertWorks(lab.go(labDir, "version"));
        assertThat(found(lab, labDir).finding(FindingId.GOTOOLCHAIN_INVALID)).isEmpty();
    }

    /** A language version in the environment, with go 1.22 and go 1.23. */
    @ParameterizedTest
    @ValueSource(strings = {"1.22", "1.23"})
    void aLanguageVersionInTheEnvironmentIsNamedWithItsSource(String version) {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go(version).getParent()).env("GOTOOLCHAIN", "go1.22");
        assertFails(lab.go(tmp, "version"), "go: invalid toolchain: go1.22 is a language version");

        GoToolchain t = found(lab, tmp);

        Finding f = t.finding(FindingId.GOTOOLCHAIN_INVALID).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.message()).contains("GOTOOLCHAIN=go1.22 from the environment", "go1.22 is a language version",
                "go says: go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)");
        assertThat(f.fix()).startsWith("unset GOTOOLCHAIN").contains("go1.22.0");
        lab.unset("GOTOOLCHAIN");
        assertWorks(lab.go(tmp, "version"));
    }

    /** A relative XDG_CONFIG_HOME is taken relative to the working directory, as go 1.23's {@code go env GOENV} shows. */
    @Test
    void aGoEnvFileUnderARelativeXdgConfigHomeIsFoundWhereGoFindsIt() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent()).env("XDG_CONFIG_HOME", "cfg");
        Path work = lab.dir("work");
        Path envFile = lab.write("work/cfg/go/env", "GOTOOLCHAIN=go1.21\n");
        CommandResult goenv = lab.go(lab.root(), "env", "GOENV"); // elsewhere: another file, so go works there
        assertThat(goenv.stdout().strip()).isEqualTo("cfg/go/env");
        assertFails(lab.go(work, "version"), "go1.21 is a language version");

        GoToolchain t = found(lab, work);

        Finding f = t.finding(FindingId.GOTOOLCHAIN_INVALID).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.message()).contains("GOTOOLCHAIN=go1.21 from the go/env file " + envFile + " (line 1)");
        assertWorks(lab.shell(work, f.fix().substring(0, f.fix().indexOf(" (or delete"))));
        assertWorks(lab.go(work, "version"));
    }

    /**
     * A go.mod asks for a newer go, GOTOOLCHAIN=auto comes from the toolchain's own go.env, and the
     * toolchain cannot be downloaded (GOPROXY=off): go 1.21 and go 1.22.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.21", "1.22"})
    void aGoModAskingForANewerGoWithoutNetworkNamesTheGoLineAndGoEnv(String version) {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go(version).getParent());
        Path module = lab.module("m", "go 1.23.5\n");
        String goSays = "go: download go1.23.5 for linux/amd64: toolchain not available";
        assertFails(lab.go(module, "build", "-o", "/dev/null", "."), goSays);

        GoToolchain t = found(lab, module);

        Finding f = t.finding(FindingId.TOOLCHAIN_SWITCH_FAILED).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("'go 1.23.5' in " + module.resolve("go.mod") + " (line 3)",
                        "GOTOOLCHAIN=auto from the toolchain's own " + RealTools.goroot(version).resolve("go.env"),
                        "GOPROXY=off from the environment", "go says: " + goSays)
                .doesNotContain("downloading").doesNotContain("GOTOOLCHAIN=local");
        // the first fix: run a go that is new enough
        assertThat(f.fix()).startsWith("run a go >= 1.23.5 directly: export PATH=" + RealTools.goroot("1.23").resolve("bin") + ":$PATH");
        lab.pathFirst(RealTools.goroot("1.23").resolve("bin"));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** The same through a go.work (it decides, not the go.mod) and through a go.mod toolchain line; go 1.22. */
    @Test
    void aGoWorkOrAToolchainLineIsNamedAsTheFileThatDecided() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.22").getParent());
        Path module = lab.module("ws/m", "go 1.21\n");
        Path work = lab.write("ws/go.work", "go 1.23.5\n\nuse ./m\n");
        assertFails(lab.go(module, "env", "GOROOT"), "go: download go1.23.5 for linux/amd64: toolchain not available");

        Finding viaWork = found(lab, module).finding(FindingId.TOOLCHAIN_SWITCH_FAILED).orElseThrow();
        assertThat(viaWork.message()).contains("'go 1.23.5' in " + work + " (line 1)").doesNotContain("go.mod");

        Path other = lab.module("other", "go 1.21\n\ntoolchain go1.23.5\n");
        assertFails(lab.go(other, "env", "GOROOT"), "go: download go1.23.5 for linux/amd64: toolchain not available");
        Finding viaToolchainLine = found(lab, other).finding(FindingId.TOOLCHAIN_SWITCH_FAILED).orElseThrow();
        assertThat(viaToolchainLine.message()).contains("'toolchain go1.23.5' in " + other.resolve("go.mod") + " (line 5)");
        assertThat(viaToolchainLine.fix()).contains("-toolchain=none");
        // the fix that makes the toolchain available as go1.23.5 on PATH (Debian's go 1.23 is go1.23.5)
        assertThat(viaToolchainLine.fix()).contains("make go1.23.5 available to go: ln -s " + RealTools.go("1.23"));
        lab.toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        assertWorks(lab.go(other, "build", "-o", "/dev/null", "."));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** A go1.23.5 on PATH that is really go 1.22: go refuses ("invoked to provide"); go 1.21 invoked. */
    @Test
    void aSwitchToAnotherVersionUnderTheWantedNameIsALoopWithAWorkingFix() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.21").getParent());
        Path impostor = lab.toolchainOnPath("go1.23.5", RealTools.go("1.22"));
        Path module = lab.module("m", "go 1.23.5\n");
        assertFails(lab.go(module, "version"), "go: toolchain go1.22.12 invoked to provide go1.23.5");

        GoToolchain t = found(lab, module);

        Finding f = t.finding(FindingId.TOOLCHAIN_SWITCH_LOOP).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("'go 1.23.5' in " + module.resolve("go.mod") + " (line 3)", impostor.toString(),
                "go says: go: toolchain go1.22.12 invoked to provide go1.23.5");
        assertThat(f.fix()).startsWith("point it at a real go1.23.5: ln -sfn " + RealTools.go("1.23") + " " + impostor);
        assertWorks(lab.shell(module, f.fix().substring("point it at a real go1.23.5: ".length(), f.fix().indexOf("; or "))));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** GOPATH and GOFLAGS from the go/env file: named with file and line; the fixes work (go 1.23, go 1.21). */
    @Test
    void aBadGopathOrGoflagsInTheGoEnvFileIsNamedAndItsFixWorks() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent()).unset("GOPATH");
        Path module = lab.module("m", "go 1.21\n");
        lab.write("home/.config/go/env", "GOPATH=relative/dir\n");
        assertFails(lab.go(module, "env", "GOROOT"), "go: GOPATH entry is relative; must be absolute path: \"relative/dir\".");

        DiscoveryResult r = ToolchainDiscovery.discoverUncached(new DiscoveryRequest("", lab.environment(), module, null));
        NoToolchain none = (NoToolchain) r;
        Finding gopath = none.findings().get(0);
        assertThat(gopath.id()).isEqualTo(FindingId.GO_SETTING_INVALID);
        assertThat(gopath.message()).contains("GOPATH=relative/dir from the go/env file " + lab.goEnvFile() + " (line 1)",
                "go says: go: GOPATH entry is relative; must be absolute path: \"relative/dir\".");
        assertFails(lab.go(module, "env", "-u", "GOPATH"), "GOPATH entry is relative"); // plain -u does not work
        assertWorks(lab.shell(module, gopath.fix().substring(0, gopath.fix().indexOf(" (or delete"))));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));

        lab.pathFirst(RealTools.go("1.21").getParent());
        lab.write("home/.config/go/env", "GOFLAGS=-bogus\n");
        assertFails(lab.go(module, "build", "-o", "/dev/null", "."), "go: parsing $GOFLAGS: unknown flag -bogus");
        GoToolchain t = found(lab, module);
        Finding goflags = t.finding(FindingId.GO_SETTING_INVALID).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(goflags.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(goflags.message()).contains("GOFLAGS=-bogus from the go/env file " + lab.goEnvFile() + " (line 1)",
                "go says: go: parsing $GOFLAGS: unknown flag -bogus");
        assertWorks(lab.shell(module, goflags.fix().substring(0, goflags.fix().indexOf(" (or delete"))));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** GOTOOLCHAIN=local and a go.mod needing a newer go (field case go-local-toolchain-too-old), go 1.21 and 1.22. */
    @ParameterizedTest
    @ValueSource(strings = {"1.21", "1.22"})
    void aLocalToolchainTooOldForTheGoModIsAnErrorNamingBothSources(String version) {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go(version).getParent()).env("GOTOOLCHAIN", "local");
        Path module = lab.module("m", "go 1.23.5\n");
        CommandResult build = lab.go(module, "build", "-o", "/dev/null", ".");
        String goSays = build.stderr().strip();
        assertThat(goSays).startsWith("go: go.mod requires go >= 1.23.5 (running go " + version);

        GoToolchain t = found(lab, module);

        Finding f = t.finding(FindingId.MODULE_NEEDS_NEWER_GO).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("'go 1.23.5' in " + module.resolve("go.mod") + " (line 3)",
                "GOTOOLCHAIN=local (from the environment)", "go says: " + goSays);
        assertThat(f.fix()).contains("export PATH=" + RealTools.goroot("1.23").resolve("bin") + ":$PATH", "unset GOTOOLCHAIN");
        // the second fix: let go switch, with go1.23.5 on PATH
        lab.unset("GOTOOLCHAIN").toolchainOnPath("go1.23.5", RealTools.go("1.23"));
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** Issue 14 item 3: $GOROOT names a tree without src (go 1.23): go env answers, builds fail; go's line is quoted. */
    @Test
    void aGorootWithoutSourcesQuotesGoAndUnsettingItWorks() throws Exception {
        Path root = tmp.resolve("nosrc");
        java.nio.file.Files.createDirectories(root);
        for (String entry : new String[] {"bin", "pkg", "VERSION", "go.env"}) {
            java.nio.file.Files.createSymbolicLink(root.resolve(entry), RealTools.goroot("1.23").resolve(entry));
        }
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.23").getParent()).env("GOROOT", root.toString());
        Path module = lab.module("m", "go 1.21\n");
        lab.write("m/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n");
        assertWorks(lab.go(module, "env", "GOROOT"));
        assertFails(lab.go(module, "build", "-o", "/dev/null", "."), "package fmt is not in std (" + root.resolve("src/fmt") + ")");

        GoToolchain t = found(lab, module);

        Finding f = t.finding(FindingId.GOROOT_WITHOUT_SOURCES).orElseThrow(() -> new AssertionError(t.findings()));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.message()).contains("go says: package fmt is not in std (" + root.resolve("src/fmt") + ")");
        assertThat(f.fix()).startsWith("unset GOROOT ($GOROOT=" + root + " from the environment");
        lab.unset("GOROOT");
        assertWorks(lab.go(module, "build", "-o", "/dev/null", "."));
    }

    /** Issue 14 item 3: a GOTOOLCHAIN value that is no toolchain name at all (go 1.21). */
    @Test
    void anInvalidGotoolchainNameIsQuotedWithItsSource() {
        GoLab lab = new GoLab(tmp).pathFirst(RealTools.go("1.21").getParent()).env("GOTOOLCHAIN", "go1.23.5+banana");
        String goSays = "go: invalid GOTOOLCHAIN \"go1.23.5+banana\": only version suffixes are +auto and +path";
        assertFails(lab.go(tmp, "version"), goSays);

        Finding f = found(lab, tmp).finding(FindingId.GOTOOLCHAIN_INVALID).orElseThrow();

        assertThat(f.message()).contains("GOTOOLCHAIN=go1.23.5+banana from the environment", "go says: " + goSays)
                .doesNotContain("language version");
        lab.unset("GOTOOLCHAIN");
        assertWorks(lab.go(tmp, "version"));
    }
}
