package dev.gotrail.evidence;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDetails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The facts of a {@link GoToolchain} as text lines and as a JSON-ready map, redacted. */
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

    static Map<String, Object> json(GoToolchain t, Redactor redactor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("goBinary", t.goBinary().toString());
        m.put("realGoBinary", t.realGoBinary().toString());
        m.put("goroot", t.goroot().toString());
        m.put("gorootSource", t.gorootSource().name());
        m.put("version", t.version().toString());
        m.put("candidatesOnPath", t.candidatesOnPath().stream().map(Path::toString).toList());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : t.findings()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("id", f.id());
            fm.put("severity", f.severity().name());
            fm.put("message", redactor.redactText(f.message()));
            fm.put("fix", redactor.redactText(f.fix()));
            findings.add(fm);
        }
        m.put("findings", findings);
        m.put("consulted", t.details().consulted().stream().map(redactor::redactText).toList());
        m.put("goEnv", redactor.redactEnvironment(t.goEnv()));
        return m;
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
