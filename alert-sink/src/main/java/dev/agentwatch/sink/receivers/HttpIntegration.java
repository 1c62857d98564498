package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.Integration;
import dev.agentwatch.sink.delivery.Outcome;
import dev.agentwatch.sink.delivery.RateLimit;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Secret;

import java.time.Clock;
import java.util.Optional;

/**
 * What Slack, PagerDuty and the generic webhook have in common: one JSON POST per part, judged by
 * {@link HttpOutcomes}, and a rate limit shared by integrations posting to the same URL. Subclasses build the body
 * (and PagerDuty splits, merging and limit key differently); delivery stays here so the retry rules cannot drift
 * apart between receivers.
 */
abstract class HttpIntegration implements Integration {

    private final String name;
    private final Secret url;
    private final boolean sendResolved;
    private final Optional<RateLimit> rateLimit;
    private final HttpPoster http;
    private final Clock clock;

    HttpIntegration(String name, Secret url, boolean sendResolved, Optional<RateLimit> rateLimit, HttpPoster http, Clock clock) {
        this.name = name;
        this.url = url;
        this.sendResolved = sendResolved;
        this.rateLimit = rateLimit;
        this.http = http;
        this.clock = clock;
    }

    /** The JSON posted for one part (see {@link #split}); may throw for a part this receiver cannot carry. */
    abstract String body(Notification part);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean sendResolved() {
        return sendResolved;
    }

    @Override
    public final Outcome deliver(Notification part) {
        return HttpOutcomes.classify(http.postJson(url, body(part)), clock.instant());
    }

    /** A message carries its group's whole state, so a newer one may replace a queued one. */
    @Override
    public boolean mergeable() {
        return true;
    }

    @Override
    public final Optional<RateLimit> rateLimit() {
        return rateLimit;
    }

    /** The URL: it is the webhook, so two integrations naming the same one share its limit. */
    @Override
    public Object rateLimitKey() {
        return url;
    }
}
