package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random and mutated input never throws out of a parser, and every line is accounted for. */
class ParserPropertiesTest {

    /** Real strace and dtruss line shapes, the seeds of the mutations. */
    private static final List<String> SEEDS = List.of(
            "8079  execve(\"/usr/lib/go-1.21/bin/go\", [\"go\", \"env\"], [\"HOME=/root\"]) = 0",
            "8079  openat(AT_FDCWD</tmp/tr>, \"/tmp/tr/home/.config/go/env\", O_RDONLY|O_CLOEXEC <unfinished ...>",
            "8079  <... openat resumed>)             = -1 ENOENT (No such file or directory)",
            "[pid  1234] 12:00:01.123456 readlinkat(AT_FDCWD, \"/proc/self/exe\", \"/usr/bin/go\", 128) = 11 <0.000012>",
            "1234<go> 1700000000.123456 [00007f0000000000] newfstatat(3</x>, \"\\377\\x41\", {st_mode=S_IFDIR|0755, ...}, 0) = 0",
            "3043  <... close resumed> )             = 0",
            "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8080, si_uid=0, si_status=0} ---",
            "+++ killed by SIGSEGV (core dumped) +++",
            "8079  +++ superseded by execve in pid 8081 +++",
            "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLDstrace: Process 3456 attached",
            ", child_tidptr=0x7f) = 3456",
            " > /lib/x86_64-linux-gnu/libc.so.6(__open64+0x1b) [0x114d5b]",
            "% time     seconds  usecs/call     calls    errors syscall",
            "100.00    0.000112           1        61        15 total",
            "exit_group(42)                          = -1 ENOSYS (Function not implemented) (INJECTED)",
            "execve(\"../sleep\", [\"../sleep\", \"0\"], NULL <detached ...>",
            " 4966/0x54c8:       677       2      2 stat64(\"/usr/lib/libSystem.B.dylib\\0\", 0x16D26D220, 0x0)\t\t = -1 Err#2",
            "access(\"/AppleInternal/XBS/.isChrooted\\0\", 0x0, 0x0)             = -1 2",
            "CALL                                        COUNT",
            "dtrace: error on enabled probe ID 2172 (ID 161: syscall::stat64:return): invalid kernel access");

    @Provide
    Arbitrary<String> mutatedLine() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 400);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 30);
        Arbitrary<String> insert = Arbitraries.strings().withChars("()[]{}<>\"\\=,. -?0123456789aE\u00ff\u0001:").ofMaxLength(6);
        return Combinators.combine(seed, position, length, insert).as((s, pos, len, ins) -> {
            int p = Math.min(pos, s.length());
            int e = Math.min(s.length(), p + len);
            return s.substring(0, p) + ins + s.substring(e);
        });
    }

    @Provide
    Arbitrary<List<String>> mutatedLines() {
        return mutatedLine().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Property(tries = 300)
    void mutatedStraceAndDtrussLinesNeverThrowAndAreAccountedFor(@ForAll("mutatedLines") List<String> lines) {
        byte[] log = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        checkBoth(log, lines.isEmpty() ? 0 : lines.size());
    }

    @Property(tries = 300)
    void randomBytesNeverThrowAndAreAccountedFor(@ForAll("randomBytes") byte[] log) {
        long expected = 0;
        for (byte b : log) {
            if (b == '\n') expected++;
        }
        if (log.length > 0 && log[log.length - 1] != '\n') expected++;
        checkBoth(log, expected);
    }

    /** A sink that keeps what {@link TraceSink#cutLastLine} is told. */
    private static final class CutLines implements TraceSink {
        final List<UnparsedLine> cuts = new ArrayList<>();
        long lines;

        @Override
        public void event(TraceEvent event) {
        }

        @Override
        public void unparsed(UnparsedLine line) {
            lines++;
        }

        @Override
        public void parsedLine() {
            lines++;
        }

        @Override
        public void cutLastLine(UnparsedLine line) {
            cuts.add(line);
        }
    }

    @Property(tries = 300)
    void onlyALastLineWithoutNewlineIsEverReportedCutAndAsItStands(@ForAll("mutatedLines") List<String> lines,
                                                                  @ForAll boolean newlineAtEnd) throws IOException {
        String text = String.join("\n", lines) + (newlineAtEnd ? "\n" : "");
        byte[] log = text.getBytes(StandardCharsets.UTF_8);
        CutLines strace = new CutLines();
        StraceParser.parse(new ByteArrayInputStream(log), strace, 0);
        CutLines dtruss = new CutLines();
        DtrussParser.parse(new ByteArrayInputStream(log), dtruss);
        TraceSummary summary = new TraceSummary(null, TraceFormat.STRACE);
        StraceParser.parse(new ByteArrayInputStream(log), summary, 0);

        for (CutLines c : List.of(strace, dtruss)) {
            assertThat(c.cuts).hasSizeLessThanOrEqualTo(1);
            if (text.isEmpty() || text.endsWith("\n")) {
                assertThat(c.cuts).isEmpty();
            }
            c.cuts.forEach(u -> {
                assertThat(u.line()).isEqualTo(c.lines);
                assertThat(u.text()).isEqualTo(text.substring(text.lastIndexOf('\n') + 1));
            });
        }
        assertThat(summary.incomplete().map(IncompleteLog::cutLine)).isEqualTo(strace.cuts.stream().findFirst());
    }

    @Property(tries = 200)
    void theOtherFormatHintNeverThrowsAndNamesTheFormatItSuggests(@ForAll("mutatedLines") List<String> lines,
                                                                   @ForAll boolean asDtruss) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("gotrail-hint-", ".log");
        try {
            java.nio.file.Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            TraceFormat requested = asDtruss ? TraceFormat.DTRUSS : TraceFormat.STRACE;
            TraceSummary s = TraceParsers.summarize(file, requested);
            java.util.Optional<String> hint = TraceParsers.otherFormatHint(file, requested, s);
            if (s.unparsedCount() == 0) {
                assertThat(hint).isEmpty();
            }
            hint.ifPresent(h -> assertThat(h).startsWith(asDtruss ? "this looks like an strace log (line " : "this looks like a dtruss log (line ")
                    .endsWith(asDtruss ? "; use --format strace or auto" : "; use --format dtruss or auto"));
            assertThat(TraceParsers.otherFormatHint(file, TraceFormat.AUTO, s)).isEmpty();
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Property(tries = 500)
    void pathsRoundTripByteExact(@ForAll @Size(max = 64) byte[] raw) {
        // strace's own escaping of the path bytes: octal for non-printables, \" and \\ escaped
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xff;
            boolean octalDigitNext = i + 1 < raw.length && raw[i + 1] >= '0' && raw[i + 1] <= '7';
            if (c == '"' || c == '\\') {
                quoted.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                quoted.append((char) c);
            } else {
                // strace's rule: short octal unless a digit follows, then three digits
                String oct = Integer.toOctalString(c);
                quoted.append('\\').append(octalDigitNext ? "000".substring(oct.length()) + oct : oct);
            }
        }
        quoted.append('"');
        String line = "42 openat(AT_FDCWD, " + quoted + ", O_RDONLY) = 3\n";
        List<TraceEvent> events = new ArrayList<>();
        parseStrace(line.getBytes(StandardCharsets.ISO_8859_1), events, new ArrayList<>());
        assertThat(events).hasSize(1);
        String path = events.get(0).stringArg(1);
        assertThat(TraceText.encode(path)).isEqualTo(raw);
        assertThat(StraceValues.decodeStringBytes(events.get(0).args().get(1))).isEqualTo(raw);
    }

    @Property(tries = 500)
    void traceTextDecodeEncodeIsIdentity(@ForAll @Size(max = 100) byte[] raw) {
        assertThat(TraceText.encode(TraceText.decode(raw))).isEqualTo(raw);
    }

    private static void checkBoth(byte[] log, long expectedLines) {
        List<TraceEvent> events = new ArrayList<>();
        List<UnparsedLine> unparsed = new ArrayList<>();
        long[] parsed = parseStrace(log, events, unparsed);
        assertThat(parsed[0] + unparsed.size()).isEqualTo(expectedLines);
        assertThat(unparsed).allSatisfy(u -> assertThat(u.line()).isBetween(1L, Math.max(1, expectedLines)));

        TraceParsers.Collector c = new TraceParsers.Collector();
        try {
            DtrussParser.parse(new ByteArrayInputStream(log), c);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(c.lines).isEqualTo(expectedLines);
        // the summary counts the same stream the same way
        TraceSummary s = new TraceSummary(null, TraceFormat.STRACE);
        try {
            StraceParser.parse(new ByteArrayInputStream(log), s, 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(s.lines()).isEqualTo(expectedLines);
        assertThat(s.events()).isEqualTo(events.size());
    }

    private static long[] parseStrace(byte[] log, List<TraceEvent> events, List<UnparsedLine> unparsed) {
        long[] parsed = new long[1];
        TraceSink sink = new TraceSink() {
            @Override
            public void event(TraceEvent event) {
                events.add(event);
                event.describe();
                event.args();
            }

            @Override
            public void unparsed(UnparsedLine line) {
                unparsed.add(line);
            }

            @Override
            public void parsedLine() {
                parsed[0]++;
            }
        };
        try {
            StraceParser.parse(new ByteArrayInputStream(log), sink, 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return parsed;
    }
}
