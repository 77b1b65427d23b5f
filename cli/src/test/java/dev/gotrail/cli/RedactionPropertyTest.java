package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gotrail.assertj.GotrailAssertions;
import dev.gotrail.config.GotrailConfig.TracerChoice;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.evidence.EvidenceWriter;
import dev.gotrail.evidence.SecretNames;
import dev.gotrail.evidence.TraceEvidence;
import dev.gotrail.evidence.Verdict;
import dev.gotrail.evidence.WrittenEvidence;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.Tracer;
import dev.gotrail.tracer.TracerDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Secrets of every recognisable kind, generated, planted in every channel of a real traced
 * command, appear in no byte gotrail writes or prints, while the parts around them stay readable.
 *
 * <p>Each try generates one secret of each {@link Kind} and plants each of them
 * <ul>
 * <li>in an environment variable with an innocent name ({@code BUILD_NOTE_n}),</li>
 * <li>in an environment variable with a secret-looking name ({@code DEPLOY_TOKEN_n}),</li>
 * <li>as a command argument,</li>
 * <li>in the program's stdout (it prints its arguments and the secret-named variables),</li>
 * <li>in its stderr (it prints the innocent-named variables),</li>
 * <li>in a file the program reads and echoes ({@code cat}).</li>
 * </ul>
 * The program, {@code sh -c 'cat "$PLANT_FILE"; printf …'}, then runs under the real strace
 * twice: through {@link TracedCommand} into an evidence bundle written by {@link EvidenceWriter}
 * (every file, the digest, and a failing GoTrace assertion that quotes every exec), and through
 * {@code gotrail trace} (human and {@code --json}, with {@code -o LOG}); the raw log is also
 * read by {@code gotrail parse} (human and JSON). None of those bytes may hold a secret.
 */
class RedactionPropertyTest {

    /** What the property test planted, summed over all tries: reported after the class. */
    private static final AtomicInteger PLANTED = new AtomicInteger();
    private static final int CHANNELS = 6;

    /** The kinds of secret; {@link #secrets} are what must vanish, {@link #kept} what must stay readable. */
    enum Kind {
        URL_USERINFO, AUTHORIZATION, BEARER, GITHUB, GITLAB, AWS_PAIR, SECRET_NAMED_VALUE
    }

    /** One planted text: the whole text, the secret parts of it, the parts that must stay readable. */
    record Plant(Kind kind, String text, List<String> secrets, List<String> kept) {
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF) // each try is five real traced runs
    void plantedSecretsAppearInNothingGotrailWritesOrPrints(@ForAll("plants") List<Plant> plants) throws Exception {
        Path tmp = Files.createTempDirectory("gotrail-redaction-property");
        try {
            check(plants, tmp);
        } finally {
            deleteTree(tmp);
        }
        PLANTED.addAndGet(plants.stream().mapToInt(p -> p.secrets().size()).sum() * CHANNELS);
    }

    @AfterContainer
    static void report() {
        System.out.println("RedactionPropertyTest: planted " + PLANTED.get() + " secrets (secret × channel)");
    }

    private void check(List<Plant> plants, Path tmp) throws Exception {
        Path file = tmp.resolve("read-by-the-program.txt");
        StringBuilder fileText = new StringBuilder();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        StringBuilder script = new StringBuilder("cat \"$PLANT_FILE\"; printf '%s\\n' \"$@\"");
        for (int i = 0; i < plants.size(); i++) {
            Plant p = plants.get(i);
            fileText.append("line ").append(i).append(": ").append(p.text()).append('\n');
            env.put("BUILD_NOTE_" + i, p.text());
            // a secret-named variable's value is masked whole wherever it appears; a distinct text here keeps
            // the other channels to the rules by shape (only the shapeless kind must be learnt from this name)
            env.put("DEPLOY_TOKEN_" + i, p.kind() == Kind.SECRET_NAMED_VALUE ? p.text() : "deploy " + p.text());
            args.add(p.text());
            script.append("; printf 'secret-named: %s\\n' \"$DEPLOY_TOKEN_").append(i).append('"');
            script.append("; printf 'innocent: %s\\n' \"$BUILD_NOTE_").append(i).append("\" >&2");
        }
        Files.writeString(file, fileText);
        env.put("PLANT_FILE", file.toString());
        List<String> command = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh"));
        command.addAll(args);

        Map<String, String> outputs = new LinkedHashMap<>();

        // 1. the library: traced run, evidence files, digest, an assertion that quotes the trace
        Tracer tracer = new TracerDetector("Linux", TracerDetector::onPath, dev.gotrail.process.CommandRunner::run)
                .select(TracerChoice.STRACE, RealTools.strace().toString()).require();
        Path rawLog = tmp.resolve("raw.log");
        TracedCommand.Outcome outcome = TracedCommand.run(tracer, CommandSpec.of(command).withEnv(env).withDir(tmp), rawLog);
        String raw = Files.readString(rawLog, StandardCharsets.ISO_8859_1);
        for (Plant p : plants) {
            // precondition: the raw trace and the output really hold every secret, so their absence below means something
            p.secrets().forEach(s -> assertThat(raw).as("raw trace holds %s", s).contains(s));
            p.secrets().forEach(s -> assertThat(outcome.result().stdout()).contains(s));
        }
        EvidenceBundle bundle = new EvidenceBundle("[engine:junit-jupiter]/[method:planted()]", "planted()");
        bundle.addCommand(outcome.result());
        bundle.addTrace(outcome.trace());
        Throwable assertion = catchThrowable(() -> GotrailAssertions.assertThat(outcome.trace()).executed("no-such-program"));
        assertThat(assertion).isInstanceOf(AssertionError.class);
        outputs.put("assertion message", assertion.getMessage());
        Path evidence = tmp.resolve("evidence");
        WrittenEvidence written = new EvidenceWriter(EvidenceWriter.redactorFor(bundle, SecretNames.withExtra("")))
                .write(bundle, Verdict.failedWith(assertion), evidence);
        outputs.put("digest", String.join("\n", written.digest()));
        try (Stream<Path> files = Files.walk(evidence)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                outputs.put("evidence file " + f.getFileName(), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }

        // 2. the command line: gotrail trace (human and JSON, -o LOG) and gotrail parse of the raw log
        List<String> envCommand = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> envCommand.add(k + "=" + v));
        envCommand.addAll(command);
        for (boolean json : new boolean[] {false, true}) {
            Path log = tmp.resolve("cli-" + json + ".log");
            List<String> cli = new ArrayList<>(List.of("trace"));
            if (json) {
                cli.add("--json");
            }
            cli.addAll(List.of("-o", log.toString(), "--"));
            cli.addAll(envCommand);
            CliRun run = CliRun.gotrail(cli);
            assertThat(run.exit()).as(run.err()).isZero();
            outputs.put("gotrail trace json=" + json + " stdout", run.out());
            outputs.put("gotrail trace json=" + json + " stderr", run.err());
            outputs.put("gotrail trace -o " + log.getFileName(), Files.readString(log, StandardCharsets.ISO_8859_1));
            CliRun parse = json ? CliRun.gotrail("parse", "--json", rawLog.toString()) : CliRun.gotrail("parse", rawLog.toString());
            outputs.put("gotrail parse json=" + json + " stdout", parse.out());
            outputs.put("gotrail parse json=" + json + " stderr", parse.err());
        }

        for (Map.Entry<String, String> o : outputs.entrySet()) {
            for (Plant p : plants) {
                for (String secret : p.secrets()) {
                    assertThat(o.getValue()).as("%s must not show the %s secret %s", o.getKey(), p.kind(), secret)
                            .doesNotContain(secret)
                            .doesNotContain(secret.substring(0, 10))
                            .doesNotContain(secret.substring(secret.length() - 10));
                }
            }
        }
        // what is not secret stays readable where the program's output is shown
        for (String where : List.of("gotrail trace json=false stdout", "evidence file commands.txt", "evidence file summary.txt")) {
            for (Plant p : plants) {
                p.kept().forEach(k -> assertThat(outputs.get(where)).as("%s keeps %s", where, k).contains(k));
            }
        }
    }

    @Provide
    Arbitrary<List<Plant>> plants() {
        return Combinators.combine(urlUserinfo(), authorization(), bearer(), github(), gitlab(), awsPair(), secretNamedValue())
                .as((a, b, c, d, e, f, g) -> List.of(a, b, c, d, e, f, g));
    }

    private static Arbitrary<String> alnum(int min, int max) {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<Plant> urlUserinfo() {
        Arbitrary<String> user = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10).map(u -> "u" + u);
        // RFC 3986 unreserved characters and '@' (Go's url.Parse takes the last '@' of the authority)
        Arbitrary<String> password = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '.', '_', '~', '@').ofMinLength(12).ofMaxLength(40)
                .filter(pw -> pw.length() >= 12 && !pw.startsWith("@") && !pw.endsWith("@") && !pw.endsWith("."));
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(4).ofMaxLength(12).map(h -> "proxy-" + h + ".example.com");
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "socks5", "git+https");
        return Combinators.combine(scheme, user, password, host).as((s, u, pw, h) ->
                new Plant(Kind.URL_USERINFO, s + "://" + u + ":" + pw + "@" + h + "/go", List.of(pw), List.of(u + ":***@" + h)));
    }

    private static Arbitrary<Plant> authorization() {
        return Combinators.combine(Arbitraries.of("Basic", "token", "Bearer"), alnum(16, 48)).as((scheme, v) ->
                new Plant(Kind.AUTHORIZATION, "Authorization: " + scheme + " " + v, List.of(v), List.of("Authorization: " + scheme)));
    }

    private static Arbitrary<Plant> bearer() {
        return Combinators.combine(alnum(12, 30), alnum(12, 30)).as((a, b) -> {
            String token = a + "." + b;
            return new Plant(Kind.BEARER, "sent Bearer " + token + " to the API", List.of(token), List.of("sent Bearer"));
        });
    }

    private static Arbitrary<Plant> github() {
        return Combinators.combine(Arbitraries.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), alnum(36, 36)).as((prefix, t) ->
                new Plant(Kind.GITHUB, "token is " + prefix + t, List.of(t), List.of("token is " + prefix)));
    }

    private static Arbitrary<Plant> gitlab() {
        return alnum(20, 20).map(t -> new Plant(Kind.GITLAB, "git push with glpat-" + t, List.of(t), List.of("git push with glpat-")));
    }

    private static Arbitrary<Plant> awsPair() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(16);
        Arbitrary<String> secret = Combinators.combine(alnum(38, 38), Arbitraries.strings().withCharRange('A', 'Z').ofLength(1))
                .as((s, upper) -> s.substring(0, 19) + upper + "/" + s.substring(19, 38));
        return Combinators.combine(Arbitraries.of("AKIA", "ASIA"), id, secret).as((prefix, i, s) ->
                new Plant(Kind.AWS_PAIR, "aws " + prefix + i + " " + s, List.of(i, s), List.of("aws " + prefix)));
    }

    /** A value with no recognisable shape: hidden because DEPLOY_TOKEN_n holds it too. */
    private static Arbitrary<Plant> secretNamedValue() {
        return alnum(16, 32).map(v -> new Plant(Kind.SECRET_NAMED_VALUE, "v" + v, List.of("v" + v), List.of()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
