package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Secret;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): one event per alert. 202 is success; 429, 5xx and network
 * errors are retried with backoff; 400 (and other 4xx) parked. Events are rate-limited per routing key, below
 * PagerDuty's documented per-integration limit. Resolves are sent by default.
 */
public final class PagerDutyIntegration extends HttpIntegration {

    public record Settings(Secret url, Secret routingKey, boolean sendResolved, RateLimit rateLimit, String client) {
    }

    private final Settings settings;

    public PagerDutyIntegration(String name, Settings settings, HttpPoster http, Clock clock) {
        super(name, settings.url(), settings.sendResolved(), Optional.of(settings.rateLimit()), http, clock);
        this.settings = settings;
    }

    /** Each event is one alert's transition; replacing one would lose a trigger or a resolve. */
    @Override
    public boolean mergeable() {
        return false;
    }

    @Override
    public List<Notification> split(Notification n) {
        return n.alerts().stream().map(a -> n.withAlerts(List.of(a))).toList();
    }

    @Override
    String body(Notification part) {
        if (part.alerts().size() != 1) {
            throw new IllegalArgumentException("a PagerDuty event carries exactly one alert");
        }
        return PagerDutyEvent.render(part.alerts().get(0), settings.routingKey().reveal(), settings.client()).toString();
    }

    /** All services share one URL; PagerDuty's limit is per routing key (integration). */
    @Override
    public Object rateLimitKey() {
        return settings.routingKey();
    }
}
