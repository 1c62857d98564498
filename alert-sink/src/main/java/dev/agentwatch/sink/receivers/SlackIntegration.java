package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Secret;

import java.time.Clock;
import java.util.Optional;

/**
 * Slack incoming webhook: one message per group notification; {@code 200 ok} is success, 429 waits for its
 * Retry-After, 5xx and network errors are retried, other 4xx ({@code invalid_payload}, {@code no_service}, ...)
 * are parked. Rate-limited per webhook URL (Slack allows about one message a second with short bursts).
 */
public final class SlackIntegration extends HttpIntegration {

    /** @param maxAlerts how many alerts one message lists */
    public record Settings(Secret webhookUrl, boolean sendResolved, RateLimit rateLimit, int maxAlerts) {
    }

    private final Settings settings;

    public SlackIntegration(String name, Settings settings, HttpPoster http, Clock clock) {
        super(name, settings.webhookUrl(), settings.sendResolved(), Optional.of(settings.rateLimit()), http, clock);
        this.settings = settings;
    }

    @Override
    String body(Notification part) {
        return SlackMessage.render(part, settings.maxAlerts()).toString();
    }
}
