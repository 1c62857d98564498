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
 * shown (Slack allows 50 blocks); the rest are counted. Every string that came with an alert goes in through
 * {@link SlackText#text}, escaped, in the fallback and the header as in the sections.
 */
final class SlackMessage {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Slack's limits for a header's plain text and a section's text; longer ones are refused with a 400. */
    private static final int HEADER_LIMIT = 150;
    private static final int SECTION_LIMIT = 3_000;
    /** Slack cuts the top-level text at 40,000 characters; ours stays far below. */
    private static final int TEXT_LIMIT = 3_000;

    private SlackMessage() {
    }

    static ObjectNode render(Notification n, int maxAlerts) {
        SlackText title = title(n);
        ObjectNode body = F.objectNode();
        body.put("text", title.truncated(TEXT_LIMIT));
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "header")
                .putObject("text").put("type", "plain_text").put("text", title.truncated(HEADER_LIMIT));
        List<NotifiedAlert> alerts = n.alerts();
        int shown = Math.min(alerts.size(), maxAlerts);
        for (int i = 0; i < shown; i++) {
            blocks.addObject().put("type", "section")
                    .putObject("text").put("type", "mrkdwn").put("text", describe(alerts.get(i)).truncated(SECTION_LIMIT));
        }
        if (alerts.size() > shown) {
            blocks.addObject().put("type", "context").putArray("elements").addObject()
                    .put("type", "mrkdwn").put("text", "and " + (alerts.size() - shown) + " more alert(s) in this group");
        }
        return body;
    }

    /** e.g. {@code [FIRING:2] HighTokenDrift} or {@code [RESOLVED] AgentTimeout on agent-7}. */
    static SlackText title(Notification n) {
        int firing = n.firing().size();
        SlackText t = new SlackText().markup(firing > 0 ? "[FIRING:" + firing + "]" : "[RESOLVED]").markup(" ");
        Map<String, String> common = n.commonLabels();
        String name = common.get(AlertLabels.ALERTNAME);
        t.text(name != null ? name : n.groupKey().labels().isEmpty() ? "alerts" : String.join(" ", n.groupKey().labels().values()));
        String agent = common.get(AlertLabels.AGENT_ID);
        if (agent != null) {
            t.markup(" on ").text(agent);
        }
        return t;
    }

    private static SlackText describe(NotifiedAlert na) {
        AlertEvent a = na.event();
        SlackText t = new SlackText();
        t.markup(na.firing() ? ":red_circle: *FIRING*" : ":large_green_circle: *RESOLVED*")
                .markup(" *").text(a.getAlert()).markup("*")
                .markup(" · severity *").text(na.labels().getOrDefault(AlertLabels.SEVERITY, "")).markup("*");
        String summary = annotation(a, "summary");
        if (summary != null) {
            t.markup("\n").text(summary);
        }
        t.markup("\nagent `").text(a.getAgentId()).markup("`");
        if (a.getFleet() != null) {
            t.markup(" · fleet `").text(a.getFleet()).markup("`");
        }
        t.markup("\nvalue *" + Numbers.format(a.getValue()) + "* vs threshold *" + Numbers.format(a.getThreshold()) + "*");
        if (a.getBaseline() != null) {
            t.markup(" (baseline " + Numbers.format(a.getBaseline()) + ")");
        }
        t.markup(" over " + Durations.format(Duration.ofMillis(a.getWindowMs())) + " · ").text(a.getCondition());
        t.markup("\n");
        String runbook = annotation(a, "runbook_url");
        if (runbook != null) {
            t.link(runbook, "Runbook").markup(" · ");
        }
        t.markup("fingerprint `").text(a.getFingerprint()).markup("`");
        t.markup(na.firing() ? " · since " + a.getStartsAt() : " · ended " + (a.getEndsAt() != null ? a.getEndsAt() : a.getEvaluatedAt()));
        return t;
    }

    private static String annotation(AlertEvent a, String name) {
        String v = a.getAnnotations() == null ? null : a.getAnnotations().get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
