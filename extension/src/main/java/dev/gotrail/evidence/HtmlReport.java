package dev.gotrail.evidence;

import dev.gotrail.toolchain.Finding;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.process.CommandResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code evidence.html}: one self-contained page (inline CSS and script, a
 * Content-Security-Policy that forbids every network fetch) with the verdict, the digest, the
 * toolchain facts, the commands, per trace the process tree, failed accesses and the raw log with a
 * filter box, the link-map trees and the notes. Every text is redacted, then HTML-escaped.
 * Opening the page as {@code evidence.html#filter=ENOENT} pre-fills every filter box.
 */
final class HtmlReport {

    /** Raw trace lines embedded per trace; the full log is always in its trace-N.log file. */
    static final int MAX_RAW_LINES = 20_000;
    private static final int MAX_RAW_CHARS = 8 * 1024 * 1024;

    private final Redactor redactor;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    HtmlReport(Redactor redactor) {
        this.redactor = redactor;
    }

    String render(EvidenceBundle bundle, Verdict verdict, List<String> digest, Map<TraceEvidence, Path> logs) throws IOException {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>gotrail evidence: ").append(esc(bundle.displayName())).append("</title>\n")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        out.append("<header class=\"").append(verdict.word().toLowerCase(java.util.Locale.ROOT)).append("\"><h1>")
                .append("<span class=\"verdict\">").append(verdict.word()).append("</span> ")
                .append(esc(bundle.displayName())).append("</h1><div class=\"id\">").append(esc(bundle.testId()))
                .append("</div></header>\n<main>\n");

        section("Verdict", "verdict");
        if (!bundle.expectations().isEmpty()) {
            out.append("<h3>Expected</h3><ul>");
            bundle.expectations().forEach(e -> out.append("<li>").append(esc(e)).append("</li>"));
            out.append("</ul>");
        }
        if (verdict.failure() != null) {
            out.append("<h3>").append(verdict.failed() ? "Failure" : "Abort reason").append("</h3><pre class=\"failure\">").append(esc(verdict.message())).append("</pre>");
        }
        out.append("<h3>Digest</h3><pre class=\"digest\">").append(esc(String.join("\n", digest))).append("</pre>");
        endSection();

        if (!bundle.toolchains().isEmpty()) {
            section("Toolchain", "toolchain");
            for (GoToolchain t : bundle.toolchains()) {
                out.append("<table class=\"facts\">");
                row("go binary", t.goBinary().toString());
                row("real go binary", t.realGoBinary().toString());
                row("GOROOT", t.goroot() + "  (source: " + t.gorootSource() + ")");
                row("version", t.version().toString());
                row("GOTOOLDIR", t.toolDir().toString());
                row("go on PATH", t.candidatesOnPath().isEmpty() ? "(none)" : ToolchainFacts.join(t.candidatesOnPath()));
                if (!t.details().consulted().isEmpty()) {
                    row("sources consulted", String.join("\n", t.details().consulted()));
                }
                out.append("</table>");
                if (!t.findings().isEmpty()) {
                    out.append("<table class=\"list\"><tr><th>severity</th><th>finding</th><th>message</th><th>fix</th></tr>");
                    for (Finding f : t.findings()) {
                        out.append("<tr class=\"").append(f.severity().name().toLowerCase(java.util.Locale.ROOT)).append("\"><td>")
                                .append(f.severity()).append("</td><td>").append(esc(f.id().id())).append("</td><td>")
                                .append(esc(f.message())).append("</td><td>").append(esc(f.fix())).append("</td></tr>");
                    }
                    out.append("</table>");
                }
            }
            endSection();
        }

        if (!bundle.commands().isEmpty()) {
            section("Commands", "commands");
            for (CommandResult c : bundle.commands()) {
                out.append("<details><summary><code>$ ").append(esc(EvidenceWriter.shellQuoted(c.command())))
                        .append("</code> &rarr; ").append(esc(EvidenceWriter.exit(c))).append("</summary>");
                out.append("<table class=\"facts\">");
                row("cwd", String.valueOf(c.dir()));
                row("exit", EvidenceWriter.exit(c));
                out.append("</table><h4>stdout</h4><pre>").append(esc(c.stdout())).append("</pre><h4>stderr</h4><pre>")
                        .append(esc(c.stderr())).append("</pre><h4>environment</h4><pre>");
                redactor.redactEnvironment(c.environment()).forEach((k, v) -> out.append(esc(k + "=" + v)).append('\n'));
                out.append("</pre></details>");
            }
            endSection();
        }

        int n = 0;
        for (TraceEvidence t : bundle.traces()) {
            n++;
            section("Trace " + n + ": " + t.label(), "trace-" + n);
            out.append("<p><code>$ ").append(esc(EvidenceWriter.shellQuoted(t.command()))).append("</code> exited ")
                    .append(t.exitCode()).append("</p>");
            if (!t.summary().isEmpty()) {
                out.append("<ul class=\"summary\">");
                t.summary().forEach(s -> out.append("<li>").append(esc(s)).append("</li>"));
                out.append("</ul>");
            }
            out.append("<h3>Process tree</h3><pre class=\"tree\">")
                    .append(t.processTree().isEmpty() ? "(not recorded)" : esc(String.join("\n", t.processTree()))).append("</pre>");
            out.append("<h3>Failed accesses (").append(t.failedAccesses().size()).append(")</h3>");
            if (t.failedAccesses().isEmpty()) {
                out.append("<p>none</p>");
            } else {
                out.append("<pre class=\"failedlist\">").append(esc(String.join("\n", t.failedAccesses()))).append("</pre>");
            }
            if (!t.stdout().isEmpty() || !t.stderr().isEmpty()) {
                out.append("<h3>Output</h3><h4>stdout</h4><pre>").append(esc(t.stdout())).append("</pre><h4>stderr</h4><pre>")
                        .append(esc(t.stderr())).append("</pre>");
            }
            Path log = logs.get(t);
            out.append("<h3>Raw trace</h3>");
            if (log == null) {
                out.append("<p>no raw log was recorded</p>");
            } else {
                rawTrace(log, n);
            }
            endSection();
        }

        if (!bundle.linkMaps().isEmpty()) {
            section("Link maps", "linkmaps");
            for (LinkMapEvidence l : bundle.linkMaps()) {
                out.append("<h3>").append(esc(l.binary())).append(l.root().equals("/") ? "" : " (root " + esc(l.root()) + ")")
                        .append("</h3><pre class=\"tree\">").append(esc(String.join("\n", l.tree()))).append("</pre>");
                if (!l.missing().isEmpty()) {
                    out.append("<h4>Missing</h4><pre class=\"failedlist\">").append(esc(String.join("\n", l.missing()))).append("</pre>");
                }
                if (!l.versionProblems().isEmpty()) {
                    out.append("<h4>Version problems</h4><pre class=\"failedlist\">")
                            .append(esc(String.join("\n", l.versionProblems()))).append("</pre>");
                }
            }
            endSection();
        }

        if (!bundle.elfFiles().isEmpty()) {
            section("ELF files", "elf");
            for (ElfEvidence e : bundle.elfFiles()) {
                out.append("<h3>").append(esc(e.path())).append("</h3><pre>").append(esc(String.join("\n", e.lines()))).append("</pre>");
            }
            endSection();
        }

        if (!bundle.notes().isEmpty()) {
            section("Notes", "notes");
            out.append("<ul>");
            bundle.notes().forEach(s -> out.append("<li>").append(esc(s)).append("</li>"));
            out.append("</ul>");
            endSection();
        }
        out.append("</main>\n<footer>written by gotrail; values of secret-looking environment variables and recognisable secrets (URL passwords, tokens) are shown as ***</footer>\n");
        out.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return out.toString();
    }

    private void rawTrace(Path log, int n) throws IOException {
        String id = "raw-" + n;
        out.append("<div class=\"filterbar\"><input type=\"search\" class=\"filter\" placeholder=\"filter lines (e.g. ENOENT, openat, GOROOT)\" data-target=\"")
                .append(id).append("\" data-count=\"").append(id).append("-count\"> <button type=\"button\" class=\"quick\" data-target=\"")
                .append(id).append("\" data-text=\"= -1 \">failed only</button> <span class=\"count\" id=\"").append(id)
                .append("-count\"></span> <span class=\"file\">").append(esc(log.getFileName().toString())).append("</span></div>");
        out.append("<div class=\"raw\" id=\"").append(id).append("\">");
        int lines = 0;
        long chars = 0;
        boolean cut = false;
        // The copy is already redacted; it is read as UTF-8 for display (malformed bytes become U+FFFD).
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String raw;
            while ((raw = in.readLine()) != null) {
                if (lines >= MAX_RAW_LINES || chars >= MAX_RAW_CHARS) {
                    cut = true;
                    break;
                }
                lines++;
                chars += raw.length();
                String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                out.append("<div class=\"l").append(line.contains("= -1 ") ? " err" : "").append("\"><span class=\"ln\">")
                        .append(lines).append("</span>").append(esc(line)).append("</div>\n");
            }
        }
        out.append("</div>");
        if (cut) {
            out.append("<p class=\"cut\">The page shows the first ").append(lines).append(" lines; the whole log is in ")
                    .append(esc(log.getFileName().toString())).append(".</p>");
        }
    }

    private void section(String title, String id) {
        out.append("<section id=\"").append(esc(id)).append("\"><h2>").append(esc(title)).append("</h2>\n");
    }

    private void endSection() {
        out.append("</section>\n");
    }

    private void row(String key, String value) {
        out.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }


    /** Redacts, then escapes for HTML text and attribute values. */
    private String esc(String s) {
        return escape(redactor.redactText(s == null ? "" : s));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{padding:18px 28px;color:#fff}
            header.failed{background:#b3261e} header.passed{background:#1e7b34} header.aborted{background:#8a6d00}
            header h1{margin:0;font-size:22px} header .id{font:12px monospace;opacity:.85;margin-top:4px}
            .verdict{display:inline-block;background:rgba(255,255,255,.2);border-radius:4px;padding:2px 8px;margin-right:6px}
            main{padding:8px 28px 28px}
            section{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:16px 0;padding:6px 18px 14px}
            h2{font-size:18px;border-bottom:1px solid #e4e7ec;padding-bottom:6px} h3{font-size:15px;margin:14px 0 6px}
            pre,code,.raw{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,monospace;font-size:12px}
            pre{background:#f1f3f6;padding:8px 10px;border-radius:4px;white-space:pre-wrap;word-break:break-all}
            pre.failure{background:#fdecea;color:#7a1710} pre.failedlist{background:#fff4e5;color:#7a4100}
            pre.tree{background:#eef6ee}
            table{border-collapse:collapse;margin:6px 0} th,td{text-align:left;vertical-align:top;padding:3px 10px;border-bottom:1px solid #eceef2;font-size:13px}
            table.facts th{color:#566; width:130px} table.facts td{white-space:pre-wrap} tr.error td{color:#9b1c12} tr.warning td{color:#8a5300}
            .filterbar{margin:6px 0} input.filter{width:420px;padding:4px 6px;font-size:13px}
            .count,.file{color:#667;font-size:12px;margin-left:8px}
            .raw{background:#11151c;color:#d6dde8;padding:6px 0;border-radius:4px;max-height:560px;overflow:auto;line-height:1.35}
            .raw .l{padding:0 10px;white-space:pre} .raw .l.err{color:#ffb4a8} .raw .ln{display:inline-block;width:56px;color:#6c7686;user-select:none}
            footer{color:#778;font-size:12px;padding:0 28px 20px}
            """;

    private static final String SCRIPT = """
            (function(){
              function apply(box){
                var rows=document.getElementById(box.getAttribute('data-target')).children;
                var q=box.value.toLowerCase(),shown=0;
                for(var i=0;i<rows.length;i++){
                  var hit=!q||rows[i].textContent.toLowerCase().indexOf(q)>=0;
                  rows[i].style.display=hit?'':'none'; if(hit)shown++;
                }
                document.getElementById(box.getAttribute('data-count')).textContent=shown+' of '+rows.length+' lines';
              }
              var boxes=document.querySelectorAll('input.filter');
              var preset=/^#filter=(.*)$/.exec(location.hash);
              for(var k=0;preset&&k<boxes.length;k++){boxes[k].value=decodeURIComponent(preset[1]);}
              for(var i=0;i<boxes.length;i++){(function(b){b.addEventListener('input',function(){apply(b);});apply(b);})(boxes[i]);}
              var quick=document.querySelectorAll('button.quick');
              for(var j=0;j<quick.length;j++){(function(q){q.addEventListener('click',function(){
                var b=document.querySelector('input.filter[data-target="'+q.getAttribute('data-target')+'"]');
                b.value=q.getAttribute('data-text');apply(b);});})(quick[j]);}
            })();
            """;
}
