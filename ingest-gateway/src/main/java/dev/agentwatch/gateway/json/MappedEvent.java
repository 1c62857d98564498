package dev.agentwatch.gateway.json;

import dev.agentwatch.schema.MetricEvent;

import java.util.List;

/**
 * One event of a request after mapping: the event, or what is wrong with it.
 *
 * @param generatedId whether the gateway gave it its {@code event_id} (the client sent none)
 */
public record MappedEvent(MetricEvent event, List<FieldError> errors, boolean generatedId) {

    public static MappedEvent of(MetricEvent event, boolean generatedId) {
        return new MappedEvent(event, List.of(), generatedId);
    }

    public static MappedEvent invalid(List<FieldError> errors) {
        return new MappedEvent(null, List.copyOf(errors), false);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
