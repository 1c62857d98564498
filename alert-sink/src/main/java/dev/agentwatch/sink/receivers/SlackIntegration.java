package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.Outcome;
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
public final class SlackIntegration implements Integration {

    /** @param maxAlerts how many alerts one message lists */
    public record Settings(Secret webhookUrl, boolean sendResolved, RateLimit rateLimit, int maxAlerts) {
    }

    private final String name;
    private final Settings settings;
    private final HttpPoster http;
    private final Clock clock;

    public SlackIntegration(String name, Settings settings, HttpPoster http, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sendResolved() {
        return settings.sendResolved();
    }

    @Override
    public boolean mergeable() {
        return true;
    }

    @Override
    public Outcome deliver(Notification part) {
        String json = SlackMessage.render(part, settings.maxAlerts()).toString();
        return HttpOutcomes.classify(http.postJson(settings.webhookUrl(), json), clock.instant());
    }

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.of(settings.rateLimit());
    }

    @Override
    public Object rateLimitKey() {
        return settings.webhookUrl();
    }
}
