package dev.agentwatch.gateway.intake;

import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.json.FieldError;
import dev.agentwatch.gateway.json.MappedEvent;
import dev.agentwatch.gateway.kafka.Delivery;
import dev.agentwatch.gateway.kafka.EventPublisher;
import dev.agentwatch.gateway.metrics.GatewayMetrics;
import dev.agentwatch.sampling.Sampler;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.validation.EventValidator;
import dev.agentwatch.schema.validation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The stages every event of a request passes, whichever door (JSON or OTLP) it came through, in order:
 * <ol>
 *   <li>authorize: each event's fleet against the key (an event without one gets the key's only fleet); one
 *       event for a fleet the key may not send refuses the whole request (403), nothing sent;</li>
 *   <li>validate: the streams app's own content rules; an invalid event is rejected with every field error;</li>
 *   <li>sample: the policy in effect, unless the producer (the SDK) sampled already;</li>
 *   <li>admit: Kafka failing (503) or the in-flight budget full (429) refuses the whole request, nothing sent;</li>
 *   <li>publish, and answer once Kafka has answered for every event.</li>
 * </ol>
 */
public final class Intake {

    private final EventPublisher publisher;
    private final EventValidator validator;
    private final Sampler sampler;
    private final GatewayMetrics metrics;

    public Intake(EventPublisher publisher, EventValidator validator, Sampler sampler, GatewayMetrics metrics) {
        this.publisher = publisher;
        this.validator = validator;
        this.sampler = sampler;
        this.metrics = metrics;
    }

    /**
     * @param alreadySampled the producer applied the sampling policy itself (header {@code X-Agentwatch-Sampled})
     */
    public CompletableFuture<IntakeResult> take(List<MappedEvent> events, ApiKey key, boolean alreadySampled) {
        long now = System.currentTimeMillis();
        List<String> forbidden = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            MetricEvent e = events.get(i).event();
            if (e == null) {
                continue;
            }
            if (e.getFleet() == null) {
                key.defaultFleet().ifPresent(e::setFleet);
            }
            if (!key.allows(e.getFleet())) {
                forbidden.add("[" + i + "] fleet " + (e.getFleet() == null ? "(none)" : "'" + e.getFleet() + "'"));
            }
        }
        if (!forbidden.isEmpty()) {
            metrics.rejected("forbidden_fleet", events.size());
            return CompletableFuture.completedFuture(IntakeResult.refused(403, "forbidden",
                    "key '" + key.name() + "' may send events of fleets " + key.fleets() + " only; not " + forbidden, null));
        }

        EventOutcome[] outcomes = new EventOutcome[events.size()];
        List<Integer> toSend = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            MappedEvent m = events.get(i);
            if (!m.valid()) {
                outcomes[i] = EventOutcome.rejected(i, null, m.errors());
                continue;
            }
            MetricEvent e = m.event();
            List<Violation> violations = validator.allViolations(e, now);
            if (!violations.isEmpty()) {
                List<FieldError> errors = violations.stream().map(v -> new FieldError(v.field(), v.message())).toList();
                outcomes[i] = EventOutcome.rejected(i, e.getEventId(), errors);
            } else if (!alreadySampled && !sampler.sample(e)) {
                outcomes[i] = EventOutcome.sampledOut(i, e.getEventId());
            } else {
                toSend.add(i);
            }
        }
        metrics.rejected("invalid_event", count(outcomes, EventOutcome.Status.REJECTED));
        metrics.events("sampled_out", count(outcomes, EventOutcome.Status.SAMPLED_OUT));
        if (toSend.isEmpty()) {
            return CompletableFuture.completedFuture(finish(outcomes));
        }

        Delivery failing = publisher.admit();
        if (failing != null) {
            metrics.rejected("kafka_unavailable", toSend.size());
            return CompletableFuture.completedFuture(IntakeResult.refused(503, "unavailable",
                    ("registry".equals(failing.cause()) ? "the schema registry" : "Kafka") + " is not taking events ("
                            + failing.message() + "); nothing of this request was sent: retry after the delay", 5));
        }
        if (!publisher.reserve(toSend.size())) {
            metrics.rejected("backpressure", toSend.size());
            return CompletableFuture.completedFuture(IntakeResult.refused(429, "backpressure",
                    "Kafka is behind: " + publisher.inflight() + " events wait for it; nothing of this request was "
                            + "sent: retry after the delay", 1));
        }
        long started = System.nanoTime();
        // one countdown per request rather than a future per event: the per-event cost stays one callback
        CompletableFuture<IntakeResult> answered = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(toSend.size());
        for (int i : toSend) {
            MetricEvent e = events.get(i).event();
            publisher.send(e, d -> {
                outcomes[i] = d.acknowledged() ? EventOutcome.accepted(i, e.getEventId())
                        : EventOutcome.failed(i, e.getEventId(), d.cause(), d.message());
                if (pending.decrementAndGet() == 0) {
                    metrics.produceLatency(System.nanoTime() - started);
                    metrics.events("accepted", count(outcomes, EventOutcome.Status.ACCEPTED));
                    metrics.events("failed", count(outcomes, EventOutcome.Status.FAILED));
                    answered.complete(finish(outcomes));
                }
            });
        }
        return answered;
    }

    private static IntakeResult finish(EventOutcome[] outcomes) {
        return IntakeResult.of(List.of(outcomes));
    }

    private static int count(EventOutcome[] outcomes, EventOutcome.Status s) {
        int n = 0;
        for (EventOutcome o : outcomes) {
            if (o != null && o.status() == s) {
                n++;
            }
        }
        return n;
    }
}
