package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.process.CommandResult;
import dev.gotrail.process.CommandRunner;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.testsupport.RealTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user runs it: {@code java -jar gotrail-cli-VERSION.jar COMMAND} from a
 * directory outside the repository, with a PATH that holds no JDK tools, a fresh HOME (no Maven
 * repository) and nothing but the jar. Runs after {@code package} (surefire execution
 * {@code runnable-jar}, integration-test phase). {@code .ci/run} repeats it on a runtime made
 * with {@code jlink --add-modules java.se}: a JRE, no JDK.
 */
@EnabledIfSystemProperty(named = "gotrail.cli.jar", matches = ".+",
        disabledReason = "runs in the runnable-jar execution after package, which sets gotrail.cli.jar (a -Dtest=... run selects it for the unit-test execution too)")
class RunnableJarIT {

    @TempDir
    static Path elsewhere;

    static Path jar;

    @BeforeAll
    static void copyTheJarOutOfTheRepository() throws Exception {
        String built = System.getProperty("gotrail.cli.jar");
        // One file is the whole installation: copy it, as into a CI image.
        jar = Files.copy(Path.of(built), elsewhere.resolve("gotrail-cli.jar"));
        Files.createDirectories(elsewhere.resolve("home"));
    }

    private static CommandResult gotrail(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return CommandRunner.run(CommandSpec.of(cmd).withDir(elsewhere)
                .withEnv("PATH", "/usr/local/bin:/usr/bin:/bin")
                .withEnv("HOME", elsewhere.resolve("home").toString())
                .withoutEnv("CLASSPATH").withoutEnv("JAVA_HOME").withoutEnv("MAVEN_OPTS").withoutEnv("JAVA_TOOL_OPTIONS")
                .withTimeout(Duration.ofMinutes(3)));
    }

    @Test
    void version() {
        CommandResult r = gotrail("--version");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // From the jar's manifest (Implementation-Version), i.e. the Maven project version.
        assertThat(r.stdout()).startsWith("gotrail " + System.getProperty("gotrail.cli.version") + "\n");
    }

    @Test
    void doctor() {
        Path go = RealTools.go("1.23");
        RealTools.strace();
        CommandResult r = gotrail("doctor", "--go", go.toString(), "--json");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"version\": \"go1.23").contains("\"status\": \"SUCCESSFUL\"")
                .doesNotContain("\"status\": \"FAILED\"");
    }

    @Test
    void ldd() {
        CommandResult r = gotrail("ldd", "/usr/bin/ls");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("/usr/bin/ls\n").contains("libc.so.6 [ld.so.cache]");
    }

    @Test
    void traceThenParseItsLog() {
        Path go = RealTools.go("1.21");
        RealTools.strace();
        CommandResult trace = gotrail("trace", "-o", "go-env.log", "--", go.toString(), "env", "GOROOT");
        assertThat(trace.exitCode()).as(trace.stderr()).isZero();
        assertThat(trace.stdout()).contains("GOROOT").contains("(EXE_DERIVED)");
        assertThat(elsewhere.resolve("go-env.log")).isNotEmptyFile();

        CommandResult parse = gotrail("parse", "--json", "go-env.log");
        assertThat(parse.exitCode()).as(parse.stderr()).isZero();
        assertThat(parse.stdout()).contains("\"file\": \"go-env.log\"", "\"unparsed\": []", go.toString());
    }

    @Test
    void parseOfACorpusFile() {
        CommandResult r = gotrail("parse", RealTraces.corpus().resolve("strace__strace/qual_fault-exit_group.expected").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("(strace): ");
    }
}
