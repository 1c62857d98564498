/**
 * Client of a schema registry's Confluent REST API ({@link dev.agentwatch.schema.registry.SchemaRegistryClient},
 * implemented over java.net.http by {@link dev.agentwatch.schema.registry.HttpSchemaRegistryClient} and in memory,
 * for tests, by {@link dev.agentwatch.schema.registry.InMemorySchemaRegistryClient}; which one a URL names is
 * decided by {@link dev.agentwatch.schema.registry.SchemaRegistryClients}), with its configuration and its
 * exceptions, all under {@link dev.agentwatch.schema.registry.SchemaRegistryException}.
 */
package dev.agentwatch.schema.registry;
