package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.Outcome;
import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Secret;

import java.time.Clock;
import java.util.Optional;

/** A generic webhook receiving Alertmanager's JSON; same retry rules as the others. */
public final class WebhookIntegration implements Integration {

    /** @param maxAlerts 0 for all (Alertmanager's {@code max_alerts}) */
    public record Settings(Secret url, boolean sendResolved, int maxAlerts, RateLimit rateLimit, String externalUrl) {
    }

    private final String name;
    private final Settings settings;
    private final HttpPoster http;
    private final Clock clock;

    public WebhookIntegration(String name, Settings settings, HttpPoster http, Clock clock) {
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
        String json = AlertmanagerWebhook.render(part, settings.maxAlerts(), settings.externalUrl()).toString();
        return HttpOutcomes.classify(http.postJson(settings.url(), json), clock.instant());
    }

    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(settings.rateLimit());
    }

    @Override
    public Object rateLimitKey() {
        return settings.url();
    }
}
