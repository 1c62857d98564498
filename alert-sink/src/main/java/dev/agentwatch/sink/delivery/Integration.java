package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;

import java.util.List;
import java.util.Optional;

/**
 * One way of telling someone (a Slack webhook, a PagerDuty service, a webhook, the console): what a
 * {@link DeliveryQueue} sends through. The receivers implement it; delivery knows none of them.
 */
public interface Integration {

    /** For logs and dead-letter headers, e.g. {@code oncall/pagerduty[0]}; never contains a secret. */
    String name();

    boolean sendResolved();

    /**
     * True when a later notification of a group replaces a queued, unsent one of the same group (it carries the
     * group's whole state), so a receiver that is rate-limited or down gets one message per group, not a backlog.
     */
    boolean mergeable();

    /** What one request carries: the whole notification, or (PagerDuty) one event per alert. */
    default List<Notification> split(Notification n) {
        return List.of(n);
    }

    /** Sends one part; must not throw for receiver trouble (that is an {@link Outcome}). */
    Outcome deliver(Notification part);

    default Optional<RateLimit> rateLimit() {
        return Optional.empty();
    }

    /** Integrations with equal keys share one rate limit (the same webhook named twice). */
    default Object rateLimitKey() {
        return this;
    }
}
