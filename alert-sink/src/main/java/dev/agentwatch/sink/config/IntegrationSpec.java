package dev.agentwatch.sink.config;

import dev.agentwatch.sink.receivers.PagerDutyIntegration;
import dev.agentwatch.sink.receivers.SlackIntegration;
import dev.agentwatch.sink.receivers.WebhookIntegration;

/** One configured integration of a receiver, secrets resolved. */
public sealed interface IntegrationSpec {

    /** The integration's kind as config and logs name it: console, slack, pagerduty, webhook. */
    default String type() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    record Console(boolean sendResolved) implements IntegrationSpec {
    }

    record Slack(SlackIntegration.Settings settings) implements IntegrationSpec {
    }

    record PagerDuty(PagerDutyIntegration.Settings settings) implements IntegrationSpec {
    }

    record Webhook(WebhookIntegration.Settings settings) implements IntegrationSpec {
    }
}
