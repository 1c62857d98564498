package dev.agentwatch.streams;

import dev.agentwatch.schema.registry.SchemaRegistryClients;

import java.util.UUID;

/**
 * A {@code mock://} schema registry of one test's own, so that TopologyTestDriver tests need no registry process:
 * the topology's serdes and the test's find the same in-memory registry by its URL. Cleared on close, so no test
 * reads what another registered. Tests through a real broker keep the real registry.
 */
final class MockRegistry implements AutoCloseable {

    private final String scope = uniqueName("topology-test");

    /** The {@code schema.registry.url} of this registry. */
    String url() {
        return SchemaRegistryClients.MOCK_SCHEME + scope;
    }

    /** {@code prefix} plus a random suffix, so that tests sharing the JVM use distinct topic names and state directories. */
    String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        SchemaRegistryClients.clearMockScope(scope);
    }
}
