package dev.gotrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.evidence.EvidenceBundle;
import dev.gotrail.evidence.EvidenceWriter;
import dev.gotrail.evidence.SecretNames;
import dev.gotrail.evidence.Verdict;
import dev.gotrail.json.Json;
import dev.gotrail.loader.Loader;
import dev.gotrail.process.CommandSpec;
import dev.gotrail.testsupport.RealTools;
import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import dev.gotrail.tracer.TracedCommand;
import dev.gotrail.tracer.TracerDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JSON shape per result type: for the same toolchain, link map and trace, what the CLI prints
 * and what the evidence writes ({@code toolchain.json}, {@code linkmap.json}, {@code trace-N.json})
 * are the same text.
 */
class JsonShapeIdentityTest {

    @TempDir
    Path tmp;

    private Path writeEvidence(EvidenceBundle bundle) throws IOException {
        Path dir = tmp.resolve("evidence");
        new EvidenceWriter(EvidenceWriter.redactorFor(bundle, SecretNames.withExtra(null))).write(bundle, Verdict.passed(), dir);
        return dir;
    }

    @Test
    void theDoctorPrintsTheToolchainExactlyAsTheEvidenceWritesIt() throws IOException {
        RealTools.strace();
        Path go = RealTools.go("1.23");
        GoToolchain toolchain = ToolchainDiscovery.discover(DiscoveryRequest.of(go.toString())).toolchain().orElseThrow();
        EvidenceBundle bundle = new EvidenceBundle("identity");
        bundle.addToolchain(toolchain);
        String evidence = Files.readString(writeEvidence(bundle).resolve(EvidenceWriter.TOOLCHAIN));

        CliRun doctor = CliRun.gotrail("doctor", "--json", "--go", go.toString());

        assertThat(doctor.exit()).as(doctor.out()).isZero();
        // toolchain.json is {go, goroot, version, findings, consulted, goEnv}; the doctor's object
        // starts with the same members, written the same way, and adds its own after them.
        assertThat(evidence).startsWith("{\n  \"go\": {").endsWith("\n}\n");
        String members = evidence.substring(2, evidence.length() - 3);
        assertThat(doctor.out()).startsWith("{\n" + members + ",\n  \"glibcFloor\": ");
    }

    @Test
    void lddPrintsTheLinkMapExactlyAsTheEvidenceWritesIt() throws IOException {
        String go119 = RealTools.go("1.19").toRealPath().toString(); // dynamically linked: a real tree
        EvidenceBundle bundle = new EvidenceBundle("identity");
        bundle.addLinkMap(Loader.at(Path.of("/")).env(Map.of()).resolve(go119));
        String evidence = Files.readString(writeEvidence(bundle).resolve(EvidenceWriter.LINKMAP_JSON));

        CliRun ldd = CliRun.gotrail("ldd", "--json", go119);

        assertThat(ldd.exit()).as(ldd.out() + ldd.err()).isZero();
        assertThat(evidence).contains("\"soname\": \"libc.so.6\"", "\"reason\": \"LD_SO_CACHE\"");
        assertThat(ldd.out()).isEqualTo(evidence);
    }

    @Test
    void traceJsonIsTheTraceShapePlusTheRunsTimeout() throws IOException {
        Path go = RealTools.go("1.21");
        Path work = Files.createDirectories(tmp.resolve("work"));
        TracedCommand.Outcome outcome = TracedCommand.run(TracerDetector.system().select(GotrailConfig.fromSystemProperties()).require(),
                CommandSpec.of(go.toString(), "env", "GOROOT").withDir(work).withoutEnv("GOROOT"), tmp.resolve("go.trace"));
        EvidenceBundle bundle = new EvidenceBundle("identity");
        bundle.addTrace(outcome.trace());
        String evidence = Files.readString(writeEvidence(bundle).resolve("trace-1.json"));

        Map<String, Object> cli = TraceCommand.json(outcome.trace(), outcome.result());

        assertThat(cli.remove("timedOut")).isEqualTo(false);
        assertThat(evidence).contains("\"effectiveGoroot\": {", "\"stdout\": \"" + RealTools.goroot("1.21") + "\\n\"");
        assertThat(Json.write(cli) + "\n").isEqualTo(evidence);
    }
}
