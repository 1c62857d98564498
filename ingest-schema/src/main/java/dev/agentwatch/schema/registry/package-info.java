/**
 * Client of a schema registry's Confluent REST API ({@link dev.agentwatch.schema.registry.SchemaRegistryClient},
 * implemented over java.net.http by {@link dev.agentwatch.schema.registry.HttpSchemaRegistryClient}), with its
 * configuration and its exceptions, all under {@link dev.agentwatch.schema.registry.SchemaRegistryException}.
 */
package dev.agentwatch.schema.registry;
