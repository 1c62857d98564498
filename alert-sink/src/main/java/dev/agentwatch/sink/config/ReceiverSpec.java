package dev.agentwatch.sink.config;

import java.util.List;

/**
 * A named receiver and its integrations. An integration marked {@code optional} whose secret is not set is
 * left out (listed in {@code disabled} for the start-up log), so the default configuration runs with the console
 * alone and gains Slack or PagerDuty when their environment variables are set.
 */
public record ReceiverSpec(String name, List<IntegrationSpec> integrations, List<String> disabled) {

    public ReceiverSpec {
        integrations = List.copyOf(integrations);
        disabled = List.copyOf(disabled);
    }
}
