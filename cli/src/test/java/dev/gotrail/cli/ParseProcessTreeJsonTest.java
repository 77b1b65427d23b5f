package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.testsupport.RealTraces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code gotrail parse --json} shows the process tree with exits and strace's own notices (SPEC §6). */
class ParseProcessTreeJsonTest {

    private static Path fieldCase(String name) {
        return RealTraces.corpus().getParent().resolve("field-cases").resolve(name);
    }

    @Test
    void processTreeOfAnFLogWrittenToStderr() {
        CliRun o = CliRun.gotrail("parse", "--json", fieldCase("strace-unprefixed-lines.strace").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        String json = o.out().replaceAll("\\s+", " ");
        assertThat(json).contains("\"lines\": 12", "\"unparsed\": []", "\"processes\": 2",
                "\"processTree\": [ { \"pid\": 25620, \"parent\": null, \"execs\": [ \"/usr/bin/sh\" ], \"exit\": \"exited 0\" },"
                        + " { \"pid\": 25621, \"parent\": 25620, \"execs\": [ \"./a32\" ], \"exit\": \"exited 0\" } ]",
                "\"notices\": [ { \"line\": 2, \"text\": \"strace: Process 25621 attached\" } ]");
    }

    @Test
    void noticesCutOutOfACallLine() {
        CliRun o = CliRun.gotrail("parse", "--json", fieldCase("strace-spliced-message.strace").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        String json = o.out().replaceAll("\\s+", " ");
        assertThat(json).contains("\"lines\": 3", "\"unparsed\": []", "\"futex\": 1",
                "\"notices\": [ { \"line\": 1, \"text\": \"strace: [ Process PID=3671411 runs in x32 mode. ]\" } ]",
                "\"processTree\": [ { \"pid\": 3671414, \"parent\": null, \"execs\": [], \"exit\": null } ]");
    }
}
