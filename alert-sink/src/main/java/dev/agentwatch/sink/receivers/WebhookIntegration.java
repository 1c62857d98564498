package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Secret;

import java.time.Clock;
import java.util.Optional;

/** A generic webhook receiving Alertmanager's JSON; same retry rules as the others. */
public final class WebhookIntegration extends HttpIntegration {

    /** @param maxAlerts 0 for all (Alertmanager's {@code max_alerts}) */
    public record Settings(Secret url, boolean sendResolved, int maxAlerts, RateLimit rateLimit, String externalUrl) {
    }

    private final Settings settings;

    /** Unlike Slack and PagerDuty, a webhook is only rate-limited when its config asks for it. */
    public WebhookIntegration(String name, Settings settings, HttpPoster http, Clock clock) {
        super(name, settings.url(), settings.sendResolved(), Optional.ofNullable(settings.rateLimit()), http, clock);
        this.settings = settings;
    }

    @Override
    String body(Notification part) {
        return AlertmanagerWebhook.render(part, settings.maxAlerts(), settings.externalUrl()).toString();
    }
}
