package dev.agentwatch.sink.config;

import dev.agentwatch.sink.delivery.DeliverySettings;
import dev.agentwatch.sink.inhibit.InhibitRule;
import dev.agentwatch.sink.routing.Route;

import java.util.List;

/** The alert sink's configuration file ({@code config/alert-sink.yaml}), validated. */
public record SinkConfig(Route route, List<ReceiverSpec> receivers, List<InhibitRule> inhibitRules,
                         DeliverySettings delivery, ConsumerSettings consumer, HttpSettings http) {

    public SinkConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
    }
}
