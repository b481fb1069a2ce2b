package org.gridgate.gateway.server;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.gridgate.certs.CredentialExpiry;
import org.gridgate.gateway.metrics.RecentRequests;
import org.gridgate.gateway.metrics.RecentRequests.Outcome;

/**
 * The admins' page on the metrics listener ({@code GET /status}): one self-contained HTML document, no scripts,
 * no external assets (it must render on a management network with no internet), refreshed every 30 s by the
 * browser. Everything shown comes from {@link Facts}, taken at the moment of the request; every text from outside
 * the door's code (DNs, rule texts, file names) is escaped.
 */
final class StatusPage {
    /** Certificates expiring sooner than this are marked, as the shipped alert rule warns (14 days). */
    static final Duration WARN_BEFORE = Duration.ofDays(14);
    private static final int CREDENTIALS_SHOWN = 25;
    private static final String[] COLOURS = {"#4caf50", "#ff9800", "#e53935", "#9e9e9e", "#8e24aa", "#1e88e5",
        "#212121"};

    /** What the page shows, gathered by the door when asked. */
    record Facts(String version, Instant started, Instant now, String tlsEngine, String transport, boolean draining,
                 int openConnections, int uploads, int downloads, List<CredentialExpiry> credentials,
                 Map<String, Instant> secrets, List<String> policyRules, List<RecentRequests.Minute> lastHour) {
    }

    private StatusPage() {
    }

    static String render(Facts facts) {
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"30\"><title>GridGate door status</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:64em}")
                .append("table{border-collapse:collapse;margin-bottom:1em}td,th{padding:2px 10px;text-align:left;")
                .append("border-bottom:1px solid #ddd}th{background:#f3f3f3}.warn{color:#c62828;font-weight:bold}")
                .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em}code{font-size:0.95em}")
                .append("</style></head><body>\n");
        html.append("<h1>GridGate door</h1>\n");
        door(html, facts);
        transfers(html, facts);
        plot(html, facts.lastHour());
        credentials(html, facts);
        secrets(html, facts);
        policy(html, facts.policyRules());
        html.append("<p>Taken at ").append(facts.now().truncatedTo(ChronoUnit.SECONDS))
                .append(". Prometheus metrics: <a href=\"/metrics\">/metrics</a>.</p>\n</body></html>\n");
        return html.toString();
    }

    private static void door(StringBuilder html, Facts facts) {
        html.append("<table id=\"door\">");
        row(html, "version", facts.version());
        row(html, "up for", human(Duration.between(facts.started(), facts.now())) + " (since "
                + facts.started().truncatedTo(ChronoUnit.SECONDS) + ")");
        row(html, "TLS engine", facts.tlsEngine());
        row(html, "transport", facts.transport());
        row(html, "state", facts.draining() ? "draining (stopping; /health answers 503)" : "serving");
        html.append("</table>\n");
    }

    private static void transfers(StringBuilder html, Facts facts) {
        html.append("<h2>Now</h2><table id=\"transfers\">");
        row(html, "connections open", Integer.toString(facts.openConnections()));
        row(html, "uploads in progress", Integer.toString(facts.uploads()));
        row(html, "downloads in progress", Integer.toString(facts.downloads()));
        html.append("</table>\n");
    }

    /** Stacked bars, one per minute, the current minute at the right; an inline SVG the browser draws itself. */
    private static void plot(StringBuilder html, List<RecentRequests.Minute> minutes) {
        int width = 720;
        int height = 180;
        int left = 50;
        int bottom = 20;
        long max = Math.max(1, minutes.stream().mapToLong(RecentRequests.Minute::total).max().orElse(1));
        double barWidth = (double) (width - left) / minutes.size();
        html.append("<h2>Requests and refusals, last hour</h2>\n<svg id=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" ")
                .append("width=\"").append(width).append("\" height=\"").append(height + bottom)
                .append("\" role=\"img\" aria-label=\"requests per minute by outcome, last hour\">");
        html.append("<line x1=\"").append(left).append("\" y1=\"").append(height).append("\" x2=\"").append(width)
                .append("\" y2=\"").append(height).append("\" stroke=\"#888\"/>");
        html.append("<text x=\"").append(left - 6).append("\" y=\"12\" text-anchor=\"end\" font-size=\"11\">")
                .append(max).append("/min</text>");
        html.append("<text x=\"").append(left).append("\" y=\"").append(height + 15)
                .append("\" font-size=\"11\">60 min ago</text>");
        html.append("<text x=\"").append(width).append("\" y=\"").append(height + 15)
                .append("\" text-anchor=\"end\" font-size=\"11\">now</text>");
        for (int i = 0; i < minutes.size(); i++) {
            double y = height;
            for (Outcome outcome : Outcome.values()) {
                long count = minutes.get(i).counts().get(outcome);
                if (count == 0) {
                    continue;
                }
                double barHeight = Math.max(1, (double) count * (height - 16) / max);
                y -= barHeight;
                html.append(String.format(java.util.Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                        left + i * barWidth + 1, y, Math.max(1, barWidth - 2), barHeight,
                        COLOURS[outcome.ordinal()]))
                        .append("<title>").append(minutes.get(i).start().truncatedTo(ChronoUnit.MINUTES))
                        .append(": ").append(count).append(' ').append(escape(outcome.label()))
                        .append("</title></rect>");
            }
        }
        html.append("</svg>\n<table id=\"outcomes\"><tr><th></th><th>outcome</th><th>last hour</th></tr>");
        for (Outcome outcome : Outcome.values()) {
            long total = minutes.stream().mapToLong(m -> m.counts().get(outcome)).sum();
            html.append("<tr><td><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"")
                    .append(COLOURS[outcome.ordinal()]).append("\"/></svg></td><td>").append(escape(outcome.label()))
                    .append("</td><td>").append(total).append("</td></tr>");
        }
        html.append("</table>\n");
    }

    private static void credentials(StringBuilder html, Facts facts) {
        html.append("<h2>Certificates and CRLs, soonest to expire first</h2>\n<table id=\"certificates\">")
                .append("<tr><th>kind</th><th>subject</th><th>file</th><th>expires (CRL: next update)</th>")
                .append("<th>in</th></tr>");
        List<CredentialExpiry> shown = facts.credentials().stream()
                .sorted((a, b) -> a.kind() == CredentialExpiry.Kind.HOST ? -1
                        : b.kind() == CredentialExpiry.Kind.HOST ? 1 : a.notAfter().compareTo(b.notAfter()))
                .limit(CREDENTIALS_SHOWN).toList();
        for (CredentialExpiry credential : shown) {
            Duration left = Duration.between(facts.now(), credential.notAfter());
            boolean warn = left.compareTo(WARN_BEFORE) < 0;
            html.append(warn ? "<tr class=\"warn\">" : "<tr>").append("<td>").append(credential.kind().label())
                    .append("</td><td>").append(escape(credential.subject())).append("</td><td><code>")
                    .append(escape(credential.file())).append("</code></td><td>").append(credential.notAfter())
                    .append("</td><td>").append(left.isNegative() ? "EXPIRED" : human(left)).append("</td></tr>");
        }
        html.append("</table>");
        if (facts.credentials().size() > shown.size()) {
            html.append("<p>").append(facts.credentials().size() - shown.size())
                    .append(" more, expiring later (all in /metrics: gridgate_credential_expiry_seconds).</p>");
        }
        html.append('\n');
    }

    private static void secrets(StringBuilder html, Facts facts) {
        html.append("<h2>Macaroon secrets</h2>\n<table id=\"secrets\"><tr><th>id</th><th>made</th><th>age</th>")
                .append("<th></th></tr>");
        int index = 0;
        for (Map.Entry<String, Instant> secret : facts.secrets().entrySet()) {
            boolean signing = ++index == facts.secrets().size();
            html.append("<tr><td><code>").append(escape(secret.getKey())).append("</code></td><td>")
                    .append(secret.getValue().truncatedTo(ChronoUnit.SECONDS)).append("</td><td>")
                    .append(human(Duration.between(secret.getValue(), facts.now()))).append("</td><td>")
                    .append(signing ? "signs new macaroons" : "verifies").append("</td></tr>");
        }
        html.append("</table>\n");
    }

    private static void policy(StringBuilder html, List<String> rules) {
        html.append("<h2>Policy, in the order rules are tried</h2>\n<ol id=\"policy\">");
        for (String rule : rules) {
            html.append("<li>").append(escape(rule)).append("</li>");
        }
        html.append("</ol>");
        if (rules.isEmpty()) {
            html.append("<p>No rules: nobody may mint, and X.509 clients may do nothing directly.</p>");
        }
        html.append('\n');
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(name).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    static String human(Duration duration) {
        long seconds = Math.abs(duration.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 2 * 86_400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " days";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return escaped.toString();
    }
}
