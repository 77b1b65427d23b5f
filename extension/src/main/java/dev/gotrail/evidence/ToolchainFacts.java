package dev.gotrail.evidence;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDetails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The facts of a {@link GoToolchain} as text lines (its JSON is {@link GoToolchain#toJsonMap()}). */
final class ToolchainFacts {

    private ToolchainFacts() {
    }

    /** One line for the digest. */
    static String oneLine(GoToolchain t) {
        String binary = t.goBinary().equals(t.realGoBinary()) ? t.goBinary().toString()
                : t.goBinary() + " -> " + t.realGoBinary();
        return t.version() + " at " + binary + ", GOROOT " + t.goroot() + " (source: " + t.gorootSource() + ")"
                + (t.problems().isEmpty() ? "" : ", " + t.problems().size() + " problem(s)");
    }

    static List<String> lines(GoToolchain t) {
        List<String> lines = new ArrayList<>();
        lines.add("go binary:      " + t.goBinary());
        lines.add("real go binary: " + t.realGoBinary());
        lines.add("GOROOT:         " + t.goroot() + " (source: " + t.gorootSource() + ")");
        lines.add("version:        " + t.version());
        lines.add("GOTOOLDIR:      " + t.toolDir());
        lines.add("go on PATH:     " + (t.candidatesOnPath().isEmpty() ? "(none)" : join(t.candidatesOnPath())));
        ToolchainDetails d = t.details();
        if (d.gorootEnvVar() != null) {
            lines.add("$GOROOT:        " + d.gorootEnvVar());
        }
        if (d.configFile() != null) {
            lines.add("go/env file:    " + d.configFile() + (d.configFileGoroot() == null ? "" : " (GOROOT=" + d.configFileGoroot() + ")"));
        }
        if (d.exeDerivedGoroot() != null) {
            lines.add("exe-derived:    " + d.exeDerivedGoroot());
        }
        if (d.versionFile() != null) {
            lines.add("VERSION file:   " + d.versionFile());
        }
        if (!d.consulted().isEmpty()) {
            lines.add("sources consulted:");
            d.consulted().forEach(c -> lines.add("  " + c));
        }
        if (t.findings().isEmpty()) {
            lines.add("findings:       none");
        } else {
            lines.add("findings:");
            for (Finding f : t.findings()) {
                lines.add("  " + f);
            }
        }
        return lines;
    }

    /** Paths as one comma-separated line. */
    static String join(List<Path> paths) {
        StringBuilder sb = new StringBuilder();
        for (Path p : paths) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(p);
        }
        return sb.toString();
    }
}
