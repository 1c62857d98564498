package dev.agentwatch.sampling;

import dev.agentwatch.ids.EventIdHash;

import dev.agentwatch.schema.MetricEvent;

import java.util.function.Supplier;

/**
 * The sampling decision of both doors. Whether an event is kept is a function of its {@code event_id} (a 64-bit
 * hash against the fraction), not of a random draw: a client that resends an event after a timeout gets the
 * same decision, so a kept event stays kept and the streams app's de-duplication still sees one event.
 */
public final class Sampler {

    private final Supplier<SamplingPolicy> policy;

    /** @param policy the policy in effect, read at each decision (it changes when rules are applied) */
    public Sampler(Supplier<SamplingPolicy> policy) {
        this.policy = policy;
    }

    /**
     * Keeps or drops the event; a kept event's {@code sample_rate} is multiplied by its class's fraction.
     *
     * @return whether the event is to be sent
     */
    public boolean sample(MetricEvent event) {
        double fraction = policy.get().fractionFor(event.getRequestType());
        if (fraction >= 1.0) {
            return true;
        }
        if (fraction <= 0.0 || !keeps(event.getEventId(), fraction)) {
            return false;
        }
        event.setSampleRate(event.getSampleRate() * fraction);
        return true;
    }

    /** Whether an event with this id falls within the kept fraction; uniform over ids. */
    static boolean keeps(String eventId, double fraction) {
        long h = EventIdHash.of(eventId);
        // the top 53 bits as a uniform double in [0, 1)
        double u = (h >>> 11) * 0x1.0p-53;
        return u < fraction;
    }
}
