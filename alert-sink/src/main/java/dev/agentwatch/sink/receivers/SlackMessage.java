package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.config.Durations;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming-webhook body for one group notification: {@code text} (the plain fallback shown in
 * notifications) and {@code blocks}: a header, then per alert a section with status, name, severity, agent,
 * value vs threshold and baseline, window, runbook link and fingerprint. At most {@code maxAlerts} alerts are
 * shown (Slack allows 50 blocks); the rest are counted.
 */
final class SlackMessage {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Slack's limits for a header's plain text and a section's text; longer ones are refused with a 400. */
    private static final int HEADER_LIMIT = 150;
    private static final int SECTION_LIMIT = 3_000;

    private SlackMessage() {
    }

    static ObjectNode render(Notification n, int maxAlerts) {
        String title = title(n);
        ObjectNode body = F.objectNode();
        body.put("text", title);
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "header")
                .putObject("text").put("type", "plain_text").put("text", truncate(title, HEADER_LIMIT));
        List<NotifiedAlert> alerts = n.alerts();
        int shown = Math.min(alerts.size(), maxAlerts);
        for (int i = 0; i < shown; i++) {
            blocks.addObject().put("type", "section")
                    .putObject("text").put("type", "mrkdwn").put("text", truncate(describe(alerts.get(i)), SECTION_LIMIT));
        }
        if (alerts.size() > shown) {
            blocks.addObject().put("type", "context").putArray("elements").addObject()
                    .put("type", "mrkdwn").put("text", "and " + (alerts.size() - shown) + " more alert(s) in this group");
        }
        return body;
    }

    /** e.g. {@code [FIRING:2] HighTokenDrift} or {@code [RESOLVED] AgentTimeout agent-7}. */
    static String title(Notification n) {
        int firing = n.firing().size();
        String status = firing > 0 ? "[FIRING:" + firing + "]" : "[RESOLVED]";
        Map<String, String> common = n.commonLabels();
        StringBuilder sb = new StringBuilder(status);
        String name = common.get(AlertLabels.ALERTNAME);
        sb.append(' ').append(name != null ? name : n.groupKey().labels().isEmpty() ? "alerts" : String.join(" ", n.groupKey().labels().values()));
        String agent = common.get(AlertLabels.AGENT_ID);
        if (agent != null) {
            sb.append(" on ").append(agent);
        }
        return sb.toString();
    }

    private static String describe(NotifiedAlert na) {
        AlertEvent a = na.event();
        StringBuilder sb = new StringBuilder();
        sb.append(na.firing() ? ":red_circle: *FIRING*" : ":large_green_circle: *RESOLVED*")
                .append(" *").append(esc(a.getAlert())).append("*")
                .append(" · severity *").append(esc(na.labels().getOrDefault(AlertLabels.SEVERITY, ""))).append('*');
        String summary = annotation(a, "summary");
        if (summary != null) {
            sb.append('\n').append(esc(summary));
        }
        sb.append("\nagent `").append(esc(a.getAgentId())).append('`');
        if (a.getFleet() != null) {
            sb.append(" · fleet `").append(esc(a.getFleet())).append('`');
        }
        sb.append("\nvalue *").append(Numbers.format(a.getValue())).append("* vs threshold *")
                .append(Numbers.format(a.getThreshold())).append('*');
        if (a.getBaseline() != null) {
            sb.append(" (baseline ").append(Numbers.format(a.getBaseline())).append(')');
        }
        sb.append(" over ").append(Durations.format(Duration.ofMillis(a.getWindowMs())))
                .append(" · ").append(esc(a.getCondition()));
        sb.append('\n');
        String runbook = annotation(a, "runbook_url");
        if (runbook != null) {
            sb.append('<').append(link(runbook)).append("|Runbook> · ");
        }
        sb.append("fingerprint `").append(esc(a.getFingerprint())).append('`');
        sb.append(na.firing() ? " · since " + a.getStartsAt() : " · ended " + (a.getEndsAt() != null ? a.getEndsAt() : a.getEvaluatedAt()));
        return sb.toString();
    }

    private static String annotation(AlertEvent a, String name) {
        String v = a.getAnnotations() == null ? null : a.getAnnotations().get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** Slack's three control characters in mrkdwn. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A URL inside {@code <url|text>} must not close the link early. */
    private static String link(String url) {
        return url.replace(">", "%3E").replace("|", "%7C").replace("<", "%3C");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
